from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from procure.accounts.models import Role
from procure.core.access import access
from procure.core.exporters import export_response
from procure.core.feedback import reported
from procure.core.text import josa, quoted
from procure.core.uploads import serve_upload
from procure.enterprises.models import Enterprise
from procure.enterprises.signals import public_profile_sections
from procure.vetting import selectors, services
from procure.vetting.exports import ScoringExporter
from procure.vetting.forms import (
    ApplicationForm,
    ConflictForm,
    CriterionFormSet,
    QuestionFormSet,
    ReviewersForm,
    RoundForm,
    SheetForm,
)
from procure.vetting.models import Answer, Application, Conflict, Round, RoundStatus, ScoreSheet
from procure.vetting.permissions import (
    can_manage_rounds,
    can_open_vetting,
    can_view_application,
    can_view_round,
    is_enterprise_member,
    is_reviewer,
    is_reviewer_on,
)


def _round_for(request, pk) -> Round:
    round_ = get_object_or_404(Round, pk=pk)
    if not can_view_round(request.user, round_):
        raise Http404  # a reviewer not on the round does not learn it exists
    return round_


@access(can_open_vetting)
def round_list(request):
    rounds = selectors.rounds_for(request.user)
    my_applications = {}
    if request.user.role == Role.ENTERPRISE:
        my_applications = {a.round_id: a for a in Application.objects.filter(enterprise=request.user.enterprise_id)}
    for round_ in rounds:
        round_.my_application = my_applications.get(round_.pk)
    return render(request, "vetting/round_list.html", {"rounds": rounds, "can_manage": can_manage_rounds(request.user)})


@access(can_manage_rounds)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round_ = services.round_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "모집을 만들었습니다. 기본 평가 항목과 신청서 질문을 확인해 주세요.")
        return redirect("vetting:round_detail", pk=round_.pk)
    return render(request, "vetting/round_form.html", {"form": form})


@access(can_open_vetting)
def round_detail(request, pk):
    round_ = _round_for(request, pk)
    if is_reviewer_on(request.user, round_):
        return redirect("vetting:review_list", pk=round_.pk)
    context = {"round": round_, "criteria": round_.criteria.all(), "questions": round_.questions.all()}
    if can_manage_rounds(request.user):
        context["applications"] = round_.applications.select_related("enterprise")
        context["can_manage"] = True
    else:
        enterprise = request.user.enterprise
        context["my_application"] = Application.objects.filter(round=round_, enterprise=enterprise).first()
        context["ineligible_reasons"] = services.application_eligibility(round_=round_, enterprise=enterprise)
    return render(request, "vetting/round_detail.html", context)


@access(can_manage_rounds)
def round_edit(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    form = RoundForm(request.POST or None, instance=Round.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.round_update(actor=request.user, round_=round_, **form.cleaned_data)
        messages.success(request, "모집 정보를 저장했습니다.")
        return redirect("vetting:round_detail", pk=pk)
    return render(request, "vetting/round_form.html", {"form": form, "round": round_})


def _formset_view(request, pk, formset_class, template, what, part):
    round_ = get_object_or_404(Round, pk=pk)
    if round_.status in {RoundStatus.REVIEWING, RoundStatus.DECIDED}:
        messages.error(request, f"심사가 시작된 뒤에는 {what}{josa(what, '을/를')} 바꿀 수 없습니다.")
        return redirect("vetting:round_detail", pk=pk)
    formset = formset_class(request.POST or None, instance=round_)
    if request.method == "POST" and formset.is_valid():
        with reported(request, f"{what}{josa(what, '을/를')} 저장했습니다."):
            services.round_part_save(actor=request.user, round_=round_, part=part, formset=formset)
        return redirect("vetting:round_detail", pk=pk)
    return render(request, template, {"round": round_, "formset": formset})


@access(can_manage_rounds)
def round_criteria(request, pk):
    return _formset_view(request, pk, CriterionFormSet, "vetting/round_criteria.html", "평가 항목", "criteria")


@access(can_manage_rounds)
def round_questions(request, pk):
    return _formset_view(request, pk, QuestionFormSet, "vetting/round_questions.html", "신청서 질문", "questions")


@access(can_manage_rounds)
def round_reviewers(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    form = ReviewersForm(request.POST or None, initial={"reviewers": round_.reviewers.all()})
    if request.method == "POST" and form.is_valid():
        services.round_set_reviewers(actor=request.user, round_=round_, reviewers=form.cleaned_data["reviewers"])
        messages.success(request, "심사위원을 저장했습니다.")
        return redirect("vetting:round_detail", pk=pk)
    return render(request, "vetting/round_reviewers.html", {"round": round_, "form": form})


@access(can_manage_rounds)
@require_POST
def round_status(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    try:
        services.round_set_status(actor=request.user, round_=round_, status=request.POST.get("status", ""))
    except (services.VettingError, ValueError) as error:
        messages.error(request, str(error) if isinstance(error, services.VettingError) else "알 수 없는 상태입니다.")
    else:
        messages.success(request, f"모집 상태를 {quoted(round_.get_status_display(), '으로/로')} 바꿨습니다.")
    return redirect("vetting:round_detail", pk=pk)


@access(can_manage_rounds)
def round_ranking(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    ranking = selectors.round_ranking(round_)
    if request.method == "POST":
        try:
            selected = {int(v) for v in request.POST.getlist("selected")}
            services.round_decide(actor=request.user, round_=round_, selected_ids=selected)
        except ValueError:
            messages.error(request, "선택 값이 올바르지 않습니다.")
        except services.VettingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{len(selected)}개 기업을 선정하고 모든 신청 기업에 결과를 알렸습니다.")
            return redirect("vetting:round_ranking", pk=pk)
    preselected = {row.application.pk for row in ranking[: round_.select_count]}
    return render(
        request,
        "vetting/round_ranking.html",
        {
            "round": round_,
            "ranking": ranking,
            "criteria": list(round_.criteria.all()),
            "preselected": preselected,
            "tie_break_rule": selectors.TIE_BREAK_RULE,
        },
    )


@access(can_manage_rounds)
def round_export(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    return export_response(ScoringExporter(round_=round_), "xlsx")


@access(is_enterprise_member)
def application_new(request, pk):
    round_ = _round_for(request, pk)
    enterprise = request.user.enterprise
    reasons = services.application_eligibility(round_=round_, enterprise=enterprise)
    if reasons:
        messages.error(request, " ".join(reasons))
        return redirect("vetting:round_detail", pk=pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, questions=round_.questions.all())
    if request.method == "POST" and form.is_valid():
        with reported(request, "신청서를 접수했습니다. 심사 결과는 알림으로 알려 드립니다.") as outcome:
            application = services.application_submit(
                actor=request.user, round_=round_, enterprise=enterprise, answers=form.answers()
            )
        if not outcome.refused:
            return redirect("vetting:application_detail", pk=application.pk)
    return render(request, "vetting/application_form.html", {"round": round_, "form": form})


@access(can_open_vetting)
def application_detail(request, pk):
    application = get_object_or_404(Application.objects.select_related("round", "enterprise"), pk=pk)
    if not can_view_application(request.user, application):
        raise Http404
    return render(
        request,
        "vetting/application_detail.html",
        {"application": application, "answers": application.answers.select_related("question")},
    )


@access(can_open_vetting)
def answer_file(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("application__round"), pk=pk)
    if not answer.file or not can_view_application(request.user, answer.application):
        raise Http404
    return serve_upload(answer.file, download_name=f"첨부-{answer.pk}", inline_images=False)


@access(is_reviewer)
def review_list(request, pk):
    round_ = _round_for(request, pk)
    if not is_reviewer_on(request.user, round_):
        raise Http404
    sheets = {s.application_id: s for s in ScoreSheet.objects.filter(application__round=round_, reviewer=request.user)}
    conflicts = set(
        Conflict.objects.filter(application__round=round_, reviewer=request.user).values_list(
            "application_id", flat=True
        )
    )
    applications = list(round_.applications.select_related("enterprise"))
    for application in applications:
        application.my_sheet = sheets.get(application.pk)
        application.my_conflict = application.pk in conflicts
    return render(request, "vetting/review_list.html", {"round": round_, "applications": applications})


@access(is_reviewer)
def review_score(request, pk):
    application = get_object_or_404(Application.objects.select_related("round", "enterprise"), pk=pk)
    round_ = application.round
    if not is_reviewer_on(request.user, round_):
        raise Http404
    criteria = list(round_.criteria.all())
    sheet = ScoreSheet.objects.filter(application=application, reviewer=request.user).prefetch_related("scores").first()
    conflict = Conflict.objects.filter(application=application, reviewer=request.user).first()
    initial = {"comment": sheet.comment} if sheet else {}
    if sheet:
        initial.update({f"c_{s.criterion_id}": s.value for s in sheet.scores.all()})
    form = SheetForm(initial=initial, criteria=criteria)
    conflict_form = ConflictForm()
    if request.method == "POST" and not conflict:
        try:
            if request.POST.get("action") == "conflict":
                conflict_form = ConflictForm(request.POST)
                if conflict_form.is_valid():
                    services.conflict_declare(
                        actor=request.user, application=application, reason=conflict_form.cleaned_data["reason"]
                    )
                    messages.success(request, "이해충돌을 신고했습니다. 이 신청서는 채점하지 않습니다.")
                    return redirect("vetting:review_list", pk=round_.pk)
            else:
                form = SheetForm(request.POST, criteria=criteria)
                if form.is_valid():
                    submit = request.POST.get("action") == "submit"
                    services.sheet_save(
                        actor=request.user,
                        application=application,
                        values=form.values(),
                        comment=form.cleaned_data["comment"],
                        submit=submit,
                    )
                    messages.success(request, "채점표를 제출했습니다." if submit else "임시 저장했습니다.")
                    return redirect(
                        "vetting:review_list" if submit else "vetting:review_score",
                        pk=round_.pk if submit else application.pk,
                    )
        except services.VettingError as error:
            messages.error(request, str(error))
    # Others' scores stay hidden until this reviewer has submitted their own sheet.
    others = []
    if sheet and sheet.is_submitted:
        others = (
            ScoreSheet.objects.filter(application=application, submitted_at__isnull=False)
            .exclude(reviewer=request.user)
            .prefetch_related("scores")
        )
    return render(
        request,
        "vetting/review_score.html",
        {
            "application": application,
            "round": round_,
            "form": form,
            "conflict_form": conflict_form,
            "sheet": sheet,
            "conflict": conflict,
            "others": others,
            "criteria": criteria,
            "answers": application.answers.select_related("question"),
            # The public page exists only while the enterprise holds a valid certification; a reviewer of an
            # older round sees the profile here instead (no link that would end in 404).
            # 납품실적: the enterprise's record on the platform (buying's scorecard), for reviewers scoring it.
            "sections": [
                section
                for _, section in public_profile_sections.send(
                    sender=Enterprise, enterprise=application.enterprise, request=request
                )
                if section and section[1].get("block")
            ],
            "enterprise_is_public": Enterprise.objects.valid_on(timezone.localdate())
            .filter(pk=application.enterprise_id)
            .exists(),
        },
    )
