from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from procure.core.access import access, public
from procure.core.exporters import export_response
from procure.surveys import selectors, services
from procure.surveys.disclosure import MIN_CELL, Shown
from procure.surveys.exports import SurveyResultsExporter
from procure.surveys.forms import (
    CompareForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    TokensForm,
    answers_of,
    response_form,
)
from procure.surveys.models import Audience, Question, Survey, SurveyStatus
from procure.surveys.permissions import can_build_surveys


@access(can_build_surveys)
def survey_list(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if "awareness" in request.POST:
            survey = services.awareness_survey_create(actor=request.user)
            messages.success(request, "사회적경제 인식 설문을 서식대로 만들었습니다. 문항을 확인하고 여세요.")
            return redirect("surveys:builder", pk=survey.pk)
        if form.is_valid():
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
            return redirect("surveys:builder", pk=survey.pk)
    surveys = Survey.objects.select_related("event")
    return render(request, "surveys/list.html", {"surveys": surveys, "form": form, "compare_form": CompareForm()})


@access(can_build_surveys)
def builder(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    respondents = selectors.respondents(survey)
    question_form = QuestionForm(request.POST if "add_question" in request.POST else None, survey=survey)
    section_form = SectionForm(request.POST if "add_section" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_question" in request.POST and question_form.is_valid():
                services.question_add(actor=request.user, survey=survey, **question_form.question_fields())
                messages.success(request, "문항을 추가했습니다.")
                return redirect("surveys:builder", pk=pk)
            if "add_section" in request.POST and section_form.is_valid():
                services.section_add(actor=request.user, survey=survey, title=section_form.cleaned_data["title"])
                return redirect("surveys:builder", pk=pk)
            if request.POST.get("add_profile") in services.PROFILE_QUESTIONS:
                services.profile_question_add(actor=request.user, survey=survey, which=request.POST["add_profile"])
                messages.success(request, "답하지 않아도 되는 문항으로 추가했습니다.")
                return redirect("surveys:builder", pk=pk)
            if "remove_question" in request.POST:
                question = get_object_or_404(Question, survey=survey, pk=request.POST["remove_question"])
                services.question_remove(actor=request.user, question=question)
                return redirect("surveys:builder", pk=pk)
            if request.POST.get("status") in SurveyStatus.values:
                services.survey_set_status(actor=request.user, survey=survey, status=request.POST["status"])
                messages.success(request, f"설문 상태: {survey.get_status_display()}")
                return redirect("surveys:builder", pk=pk)
            if "invite" in request.POST:
                sent = services.survey_invite(actor=request.user, survey=survey, link=survey_link(survey))
                messages.success(request, f"{sent}명에게 설문 참여를 요청했습니다.")
                return redirect("surveys:builder", pk=pk)
            if "copy" in request.POST:
                copy = services.survey_copy(actor=request.user, survey=survey, title=f"{survey.title} (사후)")
                messages.success(request, "같은 문항으로 새 설문을 만들었습니다. 사전·사후 비교에 쓸 수 있습니다.")
                return redirect("surveys:builder", pk=copy.pk)
        except services.SurveyError as error:
            messages.error(request, error.messages[0])
            return redirect("surveys:builder", pk=pk)
    return render(
        request,
        "surveys/builder.html",
        {
            "survey": survey,
            "questions": survey.questions.select_related("section"),
            "question_form": question_form,
            "section_form": section_form,
            "share_url": request.build_absolute_uri(survey_link(survey)),
            "respondents": Shown(respondents, hidden=respondents < MIN_CELL),
            "answered": respondents or selectors.pending(survey),
            "profile_codes": set(
                survey.questions.filter(code__in=services.PROFILE_QUESTIONS).values_list("code", flat=True)
            ),
        },
    )


def survey_link(survey) -> str:
    from django.urls import reverse

    return reverse("surveys:respond", args=[survey.link_token])


@access(public)
def respond(request, token):
    survey = get_object_or_404(Survey, link_token=token)
    if survey.status == SurveyStatus.DRAFT and not can_build_surveys(request.user):
        raise Http404
    allowed, reason = services.may_respond(request.user, survey)
    with_token = survey.audience == Audience.TOKENS
    form = response_form(survey, data=request.POST if request.method == "POST" else None, with_token=with_token)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.response_submit(
                survey=survey,
                user=request.user,
                token=form.cleaned_data.get("token", ""),
                answers=answers_of(form),
            )
        except services.SurveyError as error:
            form.add_error(None, error.messages[0])
        else:
            return render(request, "surveys/thanks.html", {"survey": survey})
    if not allowed and not request.user.is_authenticated and survey.audience != Audience.TOKENS:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    return render(
        request, "surveys/respond.html", {"survey": survey, "form": form, "allowed": allowed, "reason": reason}
    )


@access(can_build_surveys)
def results(request, pk):
    """The published figures (small cells withheld); cross-tabs by one single-choice question at a time."""
    survey = get_object_or_404(Survey, pk=pk)
    report = selectors.published(survey)
    codes = [question.code for question in report.groupings]
    by = request.GET.get("by")
    if by not in codes:
        by = "institution" if "institution" in codes else (codes[0] if codes else None)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "report": report,
            "by": by,
            "by_question": next((q for q in report.groupings if q.code == by), None),
            "crosstabs": report.crosstabs.get(by, []),
            "min_cell": MIN_CELL,
            "release_at": services.RELEASE_AT,
        },
    )


@access(can_build_surveys)
def results_xlsx(request, pk):
    return export_response(SurveyResultsExporter(survey=get_object_or_404(Survey, pk=pk)), "xlsx")


@access(can_build_surveys)
def tokens(request, pk):
    """Issue one-time codes and show them once, printable (cut into slips and hand out)."""
    survey = get_object_or_404(Survey, pk=pk)
    form = TokensForm(request.POST or None)
    issued = []
    if request.method == "POST" and form.is_valid():
        issued = services.tokens_issue(actor=request.user, survey=survey, count=form.cleaned_data["count"])
    return render(
        request,
        "surveys/tokens.html",
        {
            "survey": survey,
            "form": form,
            "issued": issued,
            "share_url": request.build_absolute_uri(survey_link(survey)),
            "unused": survey.tokens.filter(used=False).count(),
        },
    )


@access(can_build_surveys)
def compare(request):
    form = CompareForm(request.GET or None)
    changes = None
    if request.GET and form.is_valid():
        changes = selectors.compare(form.cleaned_data["before"], form.cleaned_data["after"])
    return render(request, "surveys/compare.html", {"form": form, "changes": changes})
