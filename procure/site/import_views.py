"""Web UI for every registered import: upload → check (worker, with progress) → preview → confirm."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.accounts.permissions import has_role
from procure.core import import_jobs
from procure.core.access import access
from procure.core.exporters import export_response
from procure.core.forms import KrdsFormMixin
from procure.core.imports import IMPORTERS, ImportTemplateExporter
from procure.core.models import RECHECKABLE_STATUSES, ColumnMappingPreset, ImportJob
from procure.core.progress import with_live_progress
from procure.core.tabular import header_key
from procure.core.uploads import MEGABYTE, serve_upload, validate_upload

IMPORT_MAX_BYTES = 50 * MEGABYTE
can_import = has_role(Role.DISTRICT_ADMIN, Role.CENTER_STAFF)


class ImportUploadForm(KrdsFormMixin, forms.Form):
    file = forms.FileField(label="파일", help_text="CSV(UTF-8 또는 CP949) 또는 XLSX, 50MB 이하")
    preset = forms.ModelChoiceField(
        label="열 맞춤 설정",
        queryset=ColumnMappingPreset.objects.none(),
        required=False,
        empty_label="자동으로 찾기",
        help_text="머리글이 양식과 다른 파일(재무시스템, 나라장터 내려받기 등)은 저장해 둔 열 맞춤을 고르세요.",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].queryset = ColumnMappingPreset.objects.filter(kind=kind).select_related("institution")

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
    return import_jobs.import_job_detect_death(get_object_or_404(ImportJob, pk=pk))


@access(can_import)
def import_upload(request, kind):
    importer = _importer_or_404(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None, kind=kind)
    status = 200
    if request.method == "POST" and form.is_valid():
        preset = form.cleaned_data["preset"]
        try:
            job = import_jobs.import_job_upload(
                actor=request.user,
                kind=kind,
                uploaded=form.cleaned_data["file"],
                mapping=preset.mapping if preset else None,
            )
        except import_jobs.ImportRefused as refusal:
            form.add_error("file", str(refusal))
            status = 429
        else:
            return redirect("site:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=kind).select_related("uploaded_by")[:10]
    context = {"form": form, "importer": importer, "recent": recent}
    response = render(request, "site/import_upload.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(import_jobs.QUOTA_RETRY_SECONDS)
    return response


@access(can_import)
def import_job(request, pk):
    job = with_live_progress(_job_for(request, pk))
    context = {"job": job, "importer": IMPORTERS.get(job.kind), **_status_context()}
    return render(request, "site/import_job.html", context)


def _status_context() -> dict:
    return {"max_errors_file": settings.IMPORT_ERRORS_FILE_ROWS}


@access(can_import)
def import_job_status(request, pk):
    job = with_live_progress(_job_for(request, pk))
    return render(request, "site/_import_status.html", {"job": job, **_status_context()})


@access(can_import)
@require_POST
def import_job_confirm(request, pk):
    job = _job_for(request, pk)
    if not import_jobs.import_job_confirm(job):
        messages.error(request, "검사를 마친 작업만 반영할 수 있습니다. 이미 반영했거나 처리 중인 작업입니다.")
    return redirect("site:import_job", pk=job.pk)


@access(can_import)
@require_POST
def import_job_retry_view(request, pk):
    job = _job_for(request, pk)
    if import_jobs.import_job_retry(job):
        messages.success(request, "작업을 다시 시작했습니다.")
    else:
        messages.error(request, "실패한 작업만 다시 시도할 수 있습니다.")
    return redirect("site:import_job", pk=job.pk)


@access(can_import)
def import_job_errors(request, pk):
    """Every error of a refused file, as CSV (the page lists the first 1,000)."""
    job = _job_for(request, pk)
    if not job.errors_file:
        raise Http404
    return serve_upload(job.errors_file, download_name=f"가져오기-오류-{job.pk}", inline_images=False)


@access(can_import)
def import_template(request, kind):
    """An empty workbook with the import's headers, and a sheet saying which are required."""
    return export_response(ImportTemplateExporter(importer=_importer_or_404(kind)), "xlsx")


class ColumnMappingForm(KrdsFormMixin, forms.Form):
    save_as = forms.CharField(
        label="이 열 맞춤을 저장할 이름",
        required=False,
        max_length=100,
        help_text="예: 관악구청 재무시스템, 나라장터 계약 내역. 비워 두면 이번 파일에만 씁니다.",
    )
    institution = forms.ModelChoiceField(label="기관", queryset=None, required=False, empty_label="모든 기관 공용")

    def __init__(self, *args, importer, headers: list[str], **kwargs):
        from procure.institutions.models import Institution

        self.importer = importer
        super().__init__(*args, **kwargs)
        choices = [("", "— 이 파일에 없음 —")] + [(h, h) for h in headers]
        columns = {}
        for column in importer.columns:
            columns[f"col_{column.key}"] = forms.ChoiceField(
                label=column.korean, choices=choices, required=column.required
            )
        self.fields = {**columns, **self.fields}
        self.fields["institution"].queryset = Institution.objects.filter(is_active=True)
        self.style_fields()

    def mapping(self) -> dict:
        return {
            c.key: self.cleaned_data[f"col_{c.key}"]
            for c in self.importer.columns
            if self.cleaned_data.get(f"col_{c.key}")
        }


@access(can_import)
def import_job_mapping(request, pk):
    job = _job_for(request, pk)
    importer = _importer_or_404(job.kind)
    if job.status not in RECHECKABLE_STATUSES:
        messages.error(request, "반영을 마쳤거나 처리 중인 작업은 열을 다시 맞출 수 없습니다. 파일을 새로 올려 주세요.")
        return redirect("site:import_job", pk=job.pk)
    headers = (job.preview or {}).get("headers") or []
    initial = {f"col_{key}": header for key, header in (job.mapping or {}).items()}
    for column in importer.columns:  # propose the headers that already match
        for header in headers:
            if f"col_{column.key}" not in initial and header_key(header) in column.names():
                initial[f"col_{column.key}"] = header
    form = ColumnMappingForm(request.POST or None, importer=importer, headers=headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if form.cleaned_data["save_as"]:
            import_jobs.column_mapping_preset_save(
                actor=request.user,
                kind=job.kind,
                institution=form.cleaned_data["institution"],
                name=form.cleaned_data["save_as"],
                mapping=mapping,
            )
        if not import_jobs.import_job_recheck(job, mapping=mapping):
            messages.error(request, "작업 상태가 바뀌어 다시 검사할 수 없습니다.")
        return redirect("site:import_job", pk=job.pk)
    return render(request, "site/import_mapping.html", {"job": job, "form": form, "importer": importer})


class UnknownDepartmentsForm(KrdsFormMixin, forms.Form):
    """For each department name the institution does not have: map it to one it has, or create it."""

    def __init__(self, *args, unknown: list[dict], **kwargs):
        from procure.institutions.models import Department

        super().__init__(*args, **kwargs)
        self.unknown = unknown
        for index, entry in enumerate(unknown):
            departments = Department.objects.filter(institution_id=entry["institution_id"]).order_by("name")
            suggested = [d.pk for d in departments if d.name in entry.get("suggestions", [])]
            self.fields[f"unit_{index}"] = forms.ChoiceField(
                label=f"{entry['institution']} ‘{entry['name']}’ ({entry['lines']:,}행, {entry['amount']:,}원)",
                choices=[("", "— 정하지 않음 (이 행들은 오류) —"), ("create", f"새 부서 ‘{entry['name']}’ 만들기")]
                + [(str(d.pk), f"기존 부서: {d.name}") for d in departments],
                required=False,
                initial=str(suggested[0]) if suggested else "",
            )
        self.style_fields()

    def decisions(self) -> dict:
        return {
            entry["key"]: self.cleaned_data[f"unit_{index}"]
            for index, entry in enumerate(self.unknown)
            if self.cleaned_data.get(f"unit_{index}")
        }


@access(can_import)
def import_job_units(request, pk):
    """Decide what the unknown departments of a checked ledger are, then check the file again."""
    job = _job_for(request, pk)
    unknown = ((job.preview or {}).get("preview") or {}).get("unknown_departments") or []
    if job.status not in RECHECKABLE_STATUSES or not unknown:
        messages.info(request, "정할 부서가 없습니다.")
        return redirect("site:import_job", pk=job.pk)
    form = UnknownDepartmentsForm(request.POST or None, unknown=unknown)
    if request.method == "POST" and form.is_valid():
        options = dict(job.options or {})
        options["department_decisions"] = {**options.get("department_decisions", {}), **form.decisions()}
        if import_jobs.import_job_recheck(job, mapping=job.mapping, options=options):
            messages.success(
                request, "정한 대로 다시 검사합니다. 연결한 이름은 반영할 때 부서의 다른 이름으로 저장됩니다."
            )
        return redirect("site:import_job", pk=job.pk)
    return render(request, "site/import_units.html", {"job": job, "form": form})
