import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from procure.accounts.models import Role
from procure.core.models import AuditEvent, Notification
from procure.enterprises.models import Certification, EnterpriseType
from procure.events.models import Event
from procure.vetting import services
from procure.vetting.models import ApplicationStatus, RoundStatus
from procure.vetting.selectors import round_ranking

TODAY = timezone.localdate()


def apply(member, round_):
    return services.application_submit(
        actor=member,
        round_=round_,
        enterprise=member.enterprise,
        answers={q.pk: "우리 제품 소개" for q in round_.questions.filter(kind="text")},
    )


def start_review(staff, round_, *reviewers):
    services.round_set_reviewers(actor=staff, round_=round_, reviewers=reviewers)
    services.round_set_status(actor=staff, round_=round_, status=RoundStatus.REVIEWING)


def score(reviewer, application, values, submit=True):
    criteria = list(application.round.criteria.all())
    return services.sheet_save(
        actor=reviewer,
        application=application,
        comment=f"{reviewer.username} 의견",
        values=dict(zip([c.pk for c in criteria], values, strict=True)),
        submit=submit,
    )


def test_an_enterprise_outside_the_district_may_not_apply(local_member, open_round):
    local_member.enterprise.address = "서울특별시 동작구 상도로 1"
    local_member.enterprise.save()
    reasons = services.application_eligibility(round_=open_round, enterprise=local_member.enterprise)
    assert any("관악구에 소재한 기업만" in r for r in reasons)


def test_certification_must_be_valid_on_the_rounds_date(local_member, open_round):
    open_round.certification_valid_on = TODAY - datetime.timedelta(days=400)
    open_round.eligible_types = [EnterpriseType.COOPERATIVE]
    open_round.save()
    Certification.objects.filter(enterprise=local_member.enterprise).update(
        valid_from=TODAY - datetime.timedelta(days=30)
    )
    reasons = services.application_eligibility(round_=open_round, enterprise=local_member.enterprise)
    assert any("유효한 인증" in r for r in reasons)


def test_member_applies_through_the_form_once(client, local_member, open_round):
    client.force_login(local_member)
    data = {f"q_{q.pk}": "소개 내용" for q in open_round.questions.filter(kind="text")}
    response = client.post(reverse("vetting:application_new", args=[open_round.pk]), data)
    application = local_member.enterprise.applications.get()
    assert response.url == reverse("vetting:application_detail", args=[application.pk])
    again = client.get(reverse("vetting:application_new", args=[open_round.pk]), follow=True)
    assert "이미 신청했습니다" in again.content.decode()


def test_an_enterprise_cannot_read_another_enterprises_application(client, local_member, make_user, open_round):
    application = apply(local_member, open_round)
    stranger = make_user(Role.ENTERPRISE)
    client.force_login(stranger)
    assert client.get(reverse("vetting:application_detail", args=[application.pk])).status_code == 404
    client.force_login(local_member)
    assert client.get(reverse("vetting:application_detail", args=[application.pk])).status_code == 200


def test_a_reviewer_cannot_see_a_round_they_are_not_on(client, center_staff, local_member, make_user, open_round):
    on_round, outsider = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    application = apply(local_member, open_round)
    start_review(center_staff, open_round, on_round)
    client.force_login(outsider)
    assert client.get(reverse("vetting:round_detail", args=[open_round.pk])).status_code == 404
    assert client.get(reverse("vetting:review_score", args=[application.pk])).status_code == 404
    assert "시험 모집" not in client.get(reverse("vetting:round_list")).content.decode()
    client.force_login(on_round)
    assert client.get(reverse("vetting:review_score", args=[application.pk])).status_code == 200


def test_others_scores_stay_hidden_until_my_sheet_is_submitted(
    client, center_staff, local_member, make_user, open_round
):
    first, second = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    application = apply(local_member, open_round)
    start_review(center_staff, open_round, first, second)
    score(first, application, [9, 8, 7])
    client.force_login(second)
    url = reverse("vetting:review_score", args=[application.pk])
    assert f"{first.display_name}:" not in client.get(url).content.decode()
    score(second, application, [5, 5, 5], submit=False)
    assert f"{first.display_name}:" not in client.get(url).content.decode()
    client.post(url, {f"c_{c.pk}": 6 for c in open_round.criteria.all()} | {"action": "submit"})
    assert f"{first.display_name}:" in client.get(url).content.decode()


def test_a_submitted_sheet_cannot_be_changed_and_scores_are_bounded(center_staff, local_member, make_user, open_round):
    reviewer = make_user(Role.REVIEWER)
    application = apply(local_member, open_round)
    start_review(center_staff, open_round, reviewer)
    with pytest.raises(services.VettingError, match="0~10점"):
        score(reviewer, application, [11, 5, 5])
    score(reviewer, application, [9, 8, 7])
    with pytest.raises(services.VettingError, match="고칠 수 없습니다"):
        score(reviewer, application, [1, 1, 1])
    assert AuditEvent.objects.filter(action="vetting.sheet.submitted").count() == 1


def test_a_declared_conflict_stops_scoring(client, center_staff, local_member, make_user, open_round):
    reviewer = make_user(Role.REVIEWER)
    application = apply(local_member, open_round)
    start_review(center_staff, open_round, reviewer)
    client.force_login(reviewer)
    client.post(reverse("vetting:review_score", args=[application.pk]), {"action": "conflict", "reason": "자문위원"})
    with pytest.raises(services.VettingError, match="이해충돌"):
        score(reviewer, application, [9, 9, 9])
    assert round_ranking(open_round)[0].reviewers_expected == 0


def test_ranking_uses_weights_and_breaks_ties_by_the_first_criterion(
    center_staff, make_user, make_local_member, open_round
):
    members = [make_local_member() for _ in range(3)]
    a, b, c = (apply(m, open_round) for m in members)
    r1, r2 = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    start_review(center_staff, open_round, r1, r2)
    # weights 40/30/30, max 10 each. a: 8,6,6 → 32+18+18 = 68; b: 6,8,8 → 24+24+24 = 72 (×both)
    # c: (8,6,6) and (8,6,6) → 68 as well; ties with a, same first criterion → earlier submission (a) first.
    for reviewer in (r1, r2):
        score(reviewer, a, [8, 6, 6])
        score(reviewer, b, [6, 8, 8])
        score(reviewer, c, [8, 6, 6])
    ranking = round_ranking(open_round)
    assert [row.application for row in ranking] == [b, a, c]
    assert [str(row.total_display) for row in ranking] == ["72.00", "68.00", "68.00"]


def test_one_averaged_score_gives_an_exact_weighted_total(center_staff, local_member, make_user, open_round):
    application = apply(local_member, open_round)
    r1, r2, r3 = (make_user(Role.REVIEWER) for _ in range(3))
    start_review(center_staff, open_round, r1, r2, r3)
    score(r1, application, [7, 7, 7])
    score(r2, application, [8, 7, 7])
    score(r3, application, [8, 7, 7])
    # 공급역량 average 23/3 → 23/3/10*40 = 30.666…; others 21 + 21 → 72.67
    assert str(round_ranking(open_round)[0].total_display) == "72.67"


@pytest.mark.django_db(transaction=True)
def test_selecting_notifies_every_applicant_and_needs_exactly_n(
    client, center_staff, make_user, make_local_member, open_round
):
    members = [make_local_member() for _ in range(2)]
    first, second = (apply(m, open_round) for m in members)
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    score(reviewer, first, [9, 9, 9])
    score(reviewer, second, [5, 5, 5])
    client.force_login(center_staff)
    url = reverse("vetting:round_ranking", args=[open_round.pk])
    refused = client.post(url, {"selected": [first.pk, second.pk]}, follow=True)
    assert "1개 기업을 선정해야 합니다" in refused.content.decode()
    client.post(url, {"selected": [first.pk]})
    first.refresh_from_db(), second.refresh_from_db(), open_round.refresh_from_db()
    assert (first.status, second.status) == (ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED)
    assert open_round.status == RoundStatus.DECIDED
    assert Notification.objects.filter(recipient=members[0], title__contains="선정되었습니다").exists()
    assert Notification.objects.filter(recipient=members[1], title__contains="심사 결과 안내").exists()
    assert AuditEvent.objects.filter(action="vetting.application.decided").count() == 2


def test_scoring_sheets_export_to_xlsx(client, center_staff, local_member, make_user, open_round):
    application = apply(local_member, open_round)
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    score(reviewer, application, [9, 8, 7])
    client.force_login(center_staff)
    response = client.get(reverse("vetting:round_export", args=[open_round.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    ranking = [[c.value for c in row] for row in workbook["순위"].iter_rows(min_row=4)]
    assert ranking[0][1] == local_member.enterprise.name
    assert ranking[0][6] == pytest.approx(81.0)  # 36 + 24 + 21
    detail = [[c.value for c in row] for row in workbook["심사위원별 점수"].iter_rows(min_row=2)]
    assert detail[0][2:5] == [9, 8, 7]


def test_weights_must_add_up_to_100(client, center_staff, open_round):
    client.force_login(center_staff)
    open_round.status = RoundStatus.DRAFT
    open_round.save()
    criteria = list(open_round.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "3",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-name": c.name,
            f"criteria-{i}-weight": 50,
            f"criteria-{i}-max_score": 10,
            f"criteria-{i}-order": i,
        }
    response = client.post(reverse("vetting:round_criteria", args=[open_round.pk]), data)
    assert "가중치의 합이 100이어야 합니다 (지금 150)" in response.content.decode()


def test_selected_enterprises_are_marked_for_the_rounds_event(
    client, center_staff, local_member, make_user, open_round
):
    Event.objects.create(
        title="2026 공공구매 설명회",
        date=open_round.closes_on + datetime.timedelta(days=30),
        starts_at=datetime.time(14),
        ends_at=datetime.time(17),
        venue="관악구청",
        capacity=200,
        vetting_round=open_round,
    )
    application = apply(local_member, open_round)
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    score(reviewer, application, [9, 9, 9])
    services.round_decide(actor=center_staff, round_=open_round, selected_ids={application.pk})
    page = client.get(reverse("enterprises:public_detail", args=[local_member.enterprise.pk])).content.decode()
    assert "2026 공공구매 설명회 참여기업" in page


def test_changing_a_weight_is_audited_with_before_and_after(client, center_staff, open_round):
    open_round.status = RoundStatus.DRAFT
    open_round.save()
    criteria = list(open_round.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "3",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, (c, weight) in enumerate(zip(criteria, [50, 25, 25], strict=True)):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-name": c.name,
            f"criteria-{i}-weight": weight,
            f"criteria-{i}-max_score": 10,
            f"criteria-{i}-order": i,
            f"criteria-{i}-guide": c.guide,
        }
    client.force_login(center_staff)
    client.post(reverse("vetting:round_criteria", args=[open_round.pk]), data)
    event = AuditEvent.objects.get(action="vetting.round.criteria_changed")
    assert [c["weight"] for c in event.before["criteria"]] == [40, 30, 30]
    assert [c["weight"] for c in event.after["criteria"]] == [50, 25, 25]


def test_control_characters_in_a_name_never_break_the_scoring_export(
    client, center_staff, local_member, make_user, open_round
):
    # A name saved before forms stripped control characters (or through a path that does not) still exports.
    application = apply(local_member, open_round)
    local_member.enterprise.name = "벨\x07소리\x1b협동조합"
    local_member.enterprise.save()
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    score(reviewer, application, [9, 8, 7])
    client.force_login(center_staff)
    response = client.get(reverse("vetting:round_export", args=[open_round.pk]))
    assert response.status_code == 200
    ranking = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(io.BytesIO(response.content))["순위"].iter_rows(min_row=4)
    ]
    assert ranking[0][1] == "벨소리협동조합"


def test_the_profile_form_strips_control_characters(client, local_member):
    from procure.enterprises.forms import EnterpriseProfileForm

    form = EnterpriseProfileForm(instance=local_member.enterprise)
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["description"] = "도시락\x07 제작\x1f 전문"
    bound = EnterpriseProfileForm(data, instance=local_member.enterprise)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["description"] == "도시락 제작 전문"


def test_the_scoring_export_shows_submission_times_in_seoul(client, center_staff, local_member, make_user, open_round):
    from procure.vetting.models import ScoreSheet

    application = apply(local_member, open_round)
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    score(reviewer, application, [9, 8, 7])
    # Submitted at 08:30 UTC = 17:30 in Seoul.
    ScoreSheet.objects.update(submitted_at=datetime.datetime(2026, 5, 4, 8, 30, tzinfo=datetime.UTC))
    client.force_login(center_staff)
    response = client.get(reverse("vetting:round_export", args=[open_round.pk]))
    detail = openpyxl.load_workbook(io.BytesIO(response.content))["심사위원별 점수"]
    assert detail.cell(row=2, column=detail.max_column).value == datetime.datetime(2026, 5, 4, 17, 30)


def test_the_admin_audit_list_shows_seoul_time(client, make_user):
    from django.utils import timezone

    from procure.core.models import AuditEvent

    admin = make_user(Role.DISTRICT_ADMIN, is_staff=True, is_superuser=True)
    event = AuditEvent.objects.create(action="vetting.sheet.submitted", object_repr="채점표")
    AuditEvent.objects.filter(pk=event.pk).update(created_at=datetime.datetime(2026, 5, 4, 8, 30, tzinfo=datetime.UTC))
    client.force_login(admin)
    page = client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert timezone.get_current_timezone_name() == "Asia/Seoul"
    assert "2026년 5월 4일 5:30 오후" in page  # 17:30 in Seoul, not 08:30 UTC


def test_times_recorded_in_the_audit_are_seoul_time():
    from procure.core.services import _jsonable

    assert _jsonable(datetime.datetime(2026, 5, 4, 8, 30, tzinfo=datetime.UTC)) == "2026-05-04T17:30:00+09:00"


def test_a_reviewer_sees_the_profile_of_an_enterprise_that_is_no_longer_public(
    client, center_staff, local_member, make_user, open_round
):
    application = apply(local_member, open_round)
    reviewer = make_user(Role.REVIEWER)
    start_review(center_staff, open_round, reviewer)
    Certification.objects.filter(enterprise=local_member.enterprise).update(
        valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(reviewer)
    page = client.get(reverse("vetting:review_score", args=[application.pk])).content.decode()
    assert local_member.enterprise.business_no_display in page
    assert reverse("enterprises:public_detail", args=[local_member.enterprise.pk]) not in page


def test_the_round_form_and_services_share_one_field_list_and_the_description_is_audited(open_round, center_staff):
    import inspect

    from procure.core.models import AuditEvent
    from procure.vetting import forms, services

    arguments = [n for n in inspect.signature(services.round_update).parameters if n not in ("actor", "round_")]
    assert list(forms.RoundForm._meta.fields) == services.ROUND_EDITABLE == arguments
    services.round_update(actor=center_staff, round_=open_round, description="설명회 참여 기업 모집")
    changed = AuditEvent.objects.get(action="vetting.round.changed", object_id=str(open_round.pk))
    assert (changed.before["description"], changed.after["description"]) == ("", "설명회 참여 기업 모집")
    services.round_update(actor=center_staff, round_=open_round, description="설명회 참여 기업 모집")
    assert AuditEvent.objects.filter(action="vetting.round.changed").count() == 1  # nothing changed, no trace
