"""Writes for vetting rounds; every score and decision is audited."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from procure.core.errors import ServiceError
from procure.core.services import KEEP, audit, audited_save, notify, snapshot
from procure.core.text import josa, quoted
from procure.enterprises.models import Certification, Enterprise
from procure.vetting.models import (
    Answer,
    Application,
    ApplicationStatus,
    Conflict,
    Criterion,
    Question,
    QuestionKind,
    Round,
    RoundStatus,
    Score,
    ScoreSheet,
)
from procure.vetting.selectors import round_ranking

# What staff edit on a round: the form's fields (forms.RoundForm) and the services' arguments — one list, so a
# field added to the form is saved and audited. The status moves through round_set_status.
ROUND_EDITABLE = [
    "title",
    "description",
    "opens_on",
    "closes_on",
    "eligible_types",
    "certification_valid_on",
    "require_local",
    "select_count",
]
ROUND_FIELDS = [*ROUND_EDITABLE, "status"]
DEFAULT_CRITERIA = [
    ("공급역량", 40, "생산·서비스 규모, 인력과 설비, 품질 관리, 공공기관 수요량을 감당할 수 있는가"),
    ("납품실적", 30, "최근 3년 공공기관·민간 납품 실적의 규모와 다양성, 납품 후 평가"),
    ("납품조건", 30, "가격 경쟁력, 배송·설치 범위, 최소 주문 수량, 납기, 사후 관리"),
]
DEFAULT_QUESTIONS = [
    ("주요 제품·서비스와 공공기관에 제안할 품목을 소개해 주세요.", QuestionKind.TEXT, True),
    ("공급 역량(인력, 설비, 월 최대 공급량)을 적어 주세요.", QuestionKind.TEXT, True),
    ("최근 3년 납품실적 목록을 첨부해 주세요 (PDF·XLSX).", QuestionKind.FILE, False),
    ("납품 조건(가격, 배송 지역, 최소 수량, 납기)을 적어 주세요.", QuestionKind.TEXT, True),
]
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.REVIEWING, RoundStatus.DRAFT},
    RoundStatus.REVIEWING: {RoundStatus.OPEN},
}


class VettingError(ServiceError):
    """A rule of the round forbids the action; the message is Korean and meant for the user."""


@transaction.atomic
def round_create(
    *,
    actor,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    description: str = "",
    eligible_types: list[str] | None = None,
    certification_valid_on: datetime.date | None = None,
    require_local: bool = True,
    select_count: int = 11,
) -> Round:
    arguments = locals()
    round_ = Round(created_by=actor)
    changes = {field: arguments[field] for field in ROUND_EDITABLE}
    changes["eligible_types"] = list(eligible_types or [])
    audited_save(round_, actor=actor, action="vetting.round.created", fields=ROUND_FIELDS, changes=changes)
    for order, (name, weight, guide) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.create(round=round_, name=name, weight=weight, guide=guide, order=order)
    for order, (text, kind, required) in enumerate(DEFAULT_QUESTIONS):
        Question.objects.create(round=round_, text=text, kind=kind, required=required, order=order)
    return round_


@transaction.atomic
def round_update(
    *,
    actor,
    round_: Round,
    title: str = KEEP,
    description: str = KEEP,
    opens_on: datetime.date = KEEP,
    closes_on: datetime.date = KEEP,
    eligible_types: list[str] = KEEP,
    certification_valid_on: datetime.date | None = KEEP,
    require_local: bool = KEEP,
    select_count: int = KEEP,
) -> Round:
    arguments = locals()
    changes = {field: arguments[field] for field in ROUND_EDITABLE}
    audited_save(round_, actor=actor, action="vetting.round.changed", fields=ROUND_FIELDS, changes=changes)
    return round_


@transaction.atomic
def round_set_status(*, actor, round_: Round, status: str) -> Round:
    if status not in ALLOWED_TRANSITIONS.get(round_.status, set()):
        raise VettingError(
            f"‘{round_.get_status_display()}’ 상태에서는 "
            f"{quoted(RoundStatus(status).label, '으로/로')} 바꿀 수 없습니다."
        )
    if status == RoundStatus.REVIEWING and not round_.reviewers.exists():
        raise VettingError("심사를 시작하려면 심사위원을 먼저 지정해 주세요.")
    if status == RoundStatus.OPEN and sum(c.weight for c in round_.criteria.all()) != 100:
        raise VettingError("평가 항목 가중치의 합이 100이어야 모집을 시작할 수 있습니다.")
    before = round_.status
    round_.status = status
    round_.save(update_fields=["status"])
    audit(
        actor=actor,
        action="vetting.round.status_changed",
        obj=round_,
        before={"status": before},
        after={"status": status},
    )
    return round_


@transaction.atomic
def round_set_reviewers(*, actor, round_: Round, reviewers) -> None:
    before = sorted(round_.reviewers.values_list("username", flat=True))
    round_.reviewers.set(reviewers)
    after = sorted(round_.reviewers.values_list("username", flat=True))
    if before != after:
        audit(
            actor=actor,
            action="vetting.round.reviewers_changed",
            obj=round_,
            before={"reviewers": before},
            after={"reviewers": after},
        )
        for reviewer in round_.reviewers.exclude(username__in=before):
            notify(
                recipient=reviewer,
                title=f"심사위원으로 지정되었습니다: {round_.title}",
                body="심사가 시작되면 신청서를 채점할 수 있습니다.",
                link=reverse("vetting:round_list"),
            )


ROUND_PARTS = {
    "criteria": ("criteria", ["name", "weight", "max_score", "guide", "order"]),
    "questions": ("questions", ["text", "help_text", "kind", "required", "order"]),
}


def round_part_snapshot(*, round_: Round, part: str) -> list[dict]:
    """The round's criteria or questions with every value that matters (weights, guides …)."""
    related, fields = ROUND_PARTS[part]
    return [{"id": item.pk, **snapshot(item, fields)} for item in getattr(round_, related).all()]


def _round_log_part_change(*, actor, round_: Round, part: str, before: list[dict]) -> None:
    after = round_part_snapshot(round_=round_, part=part)
    if before != after:
        audit(
            actor=actor, action=f"vetting.round.{part}_changed", obj=round_, before={part: before}, after={part: after}
        )


PART_NAMES = {"criteria": "평가 항목", "questions": "신청서 질문"}


@transaction.atomic
def round_part_save(*, actor, round_: Round, part: str, formset) -> None:
    """Saves a round's criteria or questions from their validated formset, audited with every value before and
    after; refused (VettingError) once reviewing has started — scores were given against them."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status in {RoundStatus.REVIEWING, RoundStatus.DECIDED}:
        what = PART_NAMES[part]
        raise VettingError(f"심사가 시작된 뒤에는 {what}{josa(what, '을/를')} 바꿀 수 없습니다.")
    before = round_part_snapshot(round_=locked, part=part)
    formset.save()
    _round_log_part_change(actor=actor, round_=locked, part=part, before=before)


def application_eligibility(*, round_: Round, enterprise: Enterprise, today: datetime.date | None = None) -> list[str]:
    """Why this enterprise may not apply (Korean reasons), or [] when it may."""
    today = today or timezone.localdate()
    reasons = []
    if round_.status != RoundStatus.OPEN or not (round_.opens_on <= today <= round_.closes_on):
        reasons.append(f"접수 기간({round_.opens_on:%Y.%m.%d}~{round_.closes_on:%Y.%m.%d})이 아닙니다.")
    valid_on = round_.certification_valid_on or today
    valid_types = set(
        Certification.objects.valid_on(valid_on).filter(enterprise=enterprise).values_list("type", flat=True)
    )
    if round_.eligible_types and not valid_types & set(round_.eligible_types):
        labels = ", ".join(round_.eligible_type_labels)
        reasons.append(f"{valid_on:%Y.%m.%d} 기준으로 유효한 인증({labels})이 없습니다.")
    if round_.require_local and not enterprise.is_local:
        reasons.append("관악구에 소재한 기업만 신청할 수 있습니다. 기업 정보의 소재지를 확인해 주세요.")
    if Application.objects.filter(round=round_, enterprise=enterprise).exists():
        reasons.append("이미 신청했습니다.")
    return reasons


@transaction.atomic
def application_submit(*, actor, round_: Round, enterprise: Enterprise, answers: dict) -> Application:
    reasons = application_eligibility(round_=round_, enterprise=enterprise)
    if reasons:
        raise VettingError(" ".join(reasons))
    application = Application.objects.create(round=round_, enterprise=enterprise, submitted_by=actor)
    for question in round_.questions.all():
        value = answers.get(question.pk)
        if question.kind == QuestionKind.FILE:
            if value:
                Answer.objects.create(application=application, question=question, file=value)
        elif value:
            Answer.objects.create(application=application, question=question, text=value)
    audit(
        actor=actor,
        action="vetting.application.submitted",
        obj=application,
        after={"round": round_.pk, "enterprise": enterprise.business_no},
    )
    return application


@transaction.atomic
def conflict_declare(*, actor, application: Application, reason: str) -> Conflict:
    sheet = ScoreSheet.objects.filter(application=application, reviewer=actor).first()
    if sheet and sheet.is_submitted:
        raise VettingError("이미 채점을 제출한 신청서에는 이해충돌을 신고할 수 없습니다. 지원센터에 알려 주세요.")
    if sheet:
        sheet.delete()
    conflict = Conflict.objects.create(application=application, reviewer=actor, reason=reason.strip())
    audit(actor=actor, action="vetting.conflict.declared", obj=application, after={"reason": conflict.reason})
    return conflict


@transaction.atomic
def sheet_save(*, actor, application: Application, values: dict[int, int], comment: str, submit: bool) -> ScoreSheet:
    if application.round.status != RoundStatus.REVIEWING:
        raise VettingError("심사 기간이 아닙니다.")
    if Conflict.objects.filter(application=application, reviewer=actor).exists():
        raise VettingError("이해충돌을 신고한 신청서는 채점할 수 없습니다.")
    sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(application=application, reviewer=actor)
    if sheet.is_submitted:
        raise VettingError("이미 제출한 채점표는 고칠 수 없습니다.")
    criteria = {c.pk: c for c in application.round.criteria.all()}
    if submit and set(values) != set(criteria):
        raise VettingError("모든 평가 항목에 점수를 입력해야 제출할 수 있습니다.")
    before = {str(s.criterion_id): s.value for s in sheet.scores.all()}
    for criterion_id, value in values.items():
        criterion = criteria[criterion_id]
        if not 0 <= value <= criterion.max_score:
            raise VettingError(f"‘{criterion.name}’ 점수는 0~{criterion.max_score}점이어야 합니다.")
        Score.objects.update_or_create(sheet=sheet, criterion=criterion, defaults={"value": value})
    sheet.comment = comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save()
    audit(
        actor=actor,
        action="vetting.sheet.submitted" if submit else "vetting.sheet.saved",
        obj=application,
        before={"scores": before},
        after={"scores": {str(k): v for k, v in values.items()}, "comment": comment},
    )
    return sheet


@transaction.atomic
def round_decide(*, actor, round_: Round, selected_ids: set[int]) -> list:
    """Select the chosen applications, record ranks and totals, and tell every applicant."""
    if round_.status != RoundStatus.REVIEWING:
        raise VettingError("심사 중인 모집만 선정할 수 있습니다.")
    ranking = round_ranking(round_)
    known = {row.application.pk for row in ranking}
    if not selected_ids <= known:
        raise VettingError("이 모집의 신청서가 아닌 항목이 있습니다.")
    expected = min(round_.select_count, len(ranking))
    if len(selected_ids) != expected:
        raise VettingError(f"{expected}개 기업을 선정해야 합니다 (지금 {len(selected_ids)}개 선택).")
    for row in ranking:
        application = row.application
        application.status = (
            ApplicationStatus.SELECTED if application.pk in selected_ids else ApplicationStatus.NOT_SELECTED
        )
        application.rank = row.rank
        application.total_score = row.total_display
        application.save(update_fields=["status", "rank", "total_score"])
        audit(
            actor=actor,
            action="vetting.application.decided",
            obj=application,
            after={"status": application.status, "rank": row.rank, "total": str(row.total_display)},
        )
        selected = application.status == ApplicationStatus.SELECTED
        for member in application.enterprise.members.filter(is_active=True):
            notify(
                recipient=member,
                title=f"[{round_.title}] {'선정되었습니다' if selected else '심사 결과 안내'}",
                body=(
                    f"축하합니다. {_event_title(round_)}에 참여 기업으로 함께하게 되었습니다."
                    if selected
                    else "신청해 주셔서 감사합니다. 이번에는 선정되지 않았습니다. 다음 모집에도 참여해 주세요."
                ),
                link=reverse("vetting:application_detail", args=[application.pk]),
            )
    round_.status = RoundStatus.DECIDED
    round_.decided_at = timezone.now()
    round_.save(update_fields=["status", "decided_at"])
    audit(actor=actor, action="vetting.round.decided", obj=round_, after={"selected": sorted(selected_ids)})
    return ranking


def _event_title(round_) -> str:
    """The event the round selects for (events link to rounds; the reverse accessor needs no import)."""
    event = round_.events.order_by("date").first()
    return event.title if event else "공공구매 설명회"
