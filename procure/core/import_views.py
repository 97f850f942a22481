"""Web UI for every registered import: upload → check (worker, with progress) → preview → confirm."""

import io

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.accounts.permissions import has_role
from procure.core.access import access
from procure.core.exports import neutralize_cell
from procure.core.forms import KrdsFormMixin
from procure.core.imports import IMPORTERS, file_sha256
from procure.core.models import ImportJob, ImportJobStatus
from procure.core.tasks import import_job_apply, import_job_check
from procure.core.uploads import MEGABYTE, validate_upload

IMPORT_MAX_BYTES = 50 * MEGABYTE
can_import = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


class ImportUploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(label="파일", help_text="CSV(UTF-8 또는 CP949) 또는 XLSX, 50MB 이하")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, kinds={"csv", "xlsx"}, max_bytes=IMPORT_MAX_BYTES)
        return uploaded


def _importer_or_404(kind):
    if kind not in IMPORTERS:
        raise Http404
    return IMPORTERS[kind]


def _job_for(request, pk) -> ImportJob:
    # Program staff share the import desk: every one of them sees every job.
    return get_object_or_404(ImportJob, pk=pk)


@access(can_import)
def import_upload(request, kind):
    importer = _importer_or_404(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        data = uploaded.read()
        uploaded.seek(0)
        job = ImportJob.objects.create(
            kind=kind, file=uploaded, filename=uploaded.name[:255], sha256=file_sha256(data), uploaded_by=request.user
        )
        transaction.on_commit(lambda: import_job_check.enqueue(job.pk))
        return redirect("core:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=kind).select_related("uploaded_by")[:10]
    return render(request, "core/import_upload.html", {"form": form, "importer": importer, "recent": recent})


@access(can_import)
def import_job(request, pk):
    job = _job_for(request, pk)
    return render(request, "core/import_job.html", {"job": job, "importer": IMPORTERS.get(job.kind)})


@access(can_import)
def import_job_status(request, pk):
    job = _job_for(request, pk)
    return render(request, "core/_import_status.html", {"job": job})


@access(can_import)
@require_POST
def import_job_confirm(request, pk):
    job = _job_for(request, pk)
    # Only one confirmation wins, even if the button is pressed twice.
    if ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.CHECKED).update(status=ImportJobStatus.APPLYING):
        transaction.on_commit(lambda: import_job_apply.enqueue(job.pk))
    return redirect("core:import_job", pk=job.pk)


@access(can_import)
def import_template(request, kind):
    """An empty workbook with the import's headers, required ones marked, for people to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    importer = _importer_or_404(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "양식"
    sheet.append([neutralize_cell(c.korean) for c in importer.columns])
    for cell, column in zip(sheet[1], importer.columns, strict=True):
        cell.font = Font(bold=column.required)
    notes = workbook.create_sheet("설명")
    notes.append(["열", "영문 이름", "필수"])
    for column in importer.columns:
        notes.append([column.korean, column.english, "필수" if column.required else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind}-template.xlsx"
    return response
