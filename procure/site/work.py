"""내 업무: what waits for the signed-in person, gathered from each app's selectors (reads only). Every item carries
the address where it is done; the page (site/my_work.html) lists them by section."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from procure.accounts.models import Role
from procure.core.formatting import format_date, format_won


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""  # the key figure: amount, count, status
    due: datetime.date | None = None
    late: bool = False


@dataclass
class Section:
    heading: str
    items: list[Item] = field(default_factory=list)
    empty: str = "기다리는 일이 없습니다."
    more_url: str = ""
    more_label: str = ""


def _buyer(user, today) -> list[Section]:
    from procure.buying.selectors import buyer_work
    from procure.insights.selectors import opportunities
    from procure.performance.selectors import pace_rows, regime_for

    work = buyer_work(user=user, today=today)
    quotes = Section("받은 견적", more_url=reverse("buying:request_list"), more_label="견적·계약 전체")
    for request in work["quotes_in"]:
        quotes.items.append(
            Item(
                request.title,
                reverse("buying:request_detail", args=[request.pk]),
                f"견적 {request.quote_count}건 · 마감 {format_date(request.answer_by)}",
                request.answer_by,
            )
        )
    dues = Section("검수·대금 지급 기한", empty="기한이 있는 계약이 없습니다.")
    for entry in work["dues"]:
        contract = entry["contract"]
        late = entry["days_late"] > 0
        dues.items.append(
            Item(
                f"{contract.title} — {contract.enterprise.name}",
                reverse("buying:contract_detail", args=[contract.pk]),
                f"{entry['what']} · {format_won(contract.amount)}"
                + (f" · {entry['days_late']}일 지남" if late else ""),
                entry["due"],
                late,
            )
        )
    progress = Section("우리 부서 실적", empty="올해 목표가 아직 없습니다.")
    regime = regime_for(None)
    if regime is not None and user.department_id:
        for row in pace_rows(year=today.year, regime=regime, institution_id=user.institution_id, today=today):
            if row.department is None or row.department.pk != user.department_id or not row.target_amount:
                continue
            state = f"기대치보다 {format_won(row.gap)} 부족" if row.behind else "목표 진도에 맞음"
            progress.items.append(
                Item(
                    f"{row.department.name}: 목표 {format_won(row.target_amount)} 중 {format_won(row.figures.se)}"
                    f" ({row.attainment_percent}%)",
                    reverse("performance:department", args=[row.department.pk]),
                    state,
                    late=row.behind,
                )
            )
    finder = Section("구매 기회 (찾아 주기)", empty="올해 바꿀 수 있는 구매를 찾지 못했습니다.")
    if user.department_id:
        found = opportunities(institution=user.institution, year=today.year, department=user.department)
        names = found["category_names"]
        for unit in found["departments"][:1]:
            for category, amount in unit.by_category.most_common(1):
                suppliers = found["suppliers"].get(category, [])[:3]
                finder.items.append(
                    Item(
                        f"{names.get(category, category)}: 사회적경제기업에서 살 수 있는 구매 {format_won(amount)}",
                        reverse("insights:department", args=[user.institution_id, user.department_id]),
                        f"예: {', '.join(suppliers)}" if suppliers else "",
                    )
                )
    return [quotes, dues, progress, finder]


def _enterprise(user, today) -> list[Section]:
    from procure.buying.selectors import enterprise_work
    from procure.enterprises.selectors import certifications_ending

    enterprise = user.enterprise
    work = enterprise_work(enterprise=enterprise, today=today)
    requests = Section("답할 견적 요청", empty="답할 견적 요청이 없습니다.")
    for request in work["to_answer"]:
        requests.items.append(
            Item(
                f"{request.title} — {request.institution.name}",
                reverse("buying:request_detail", args=[request.pk]),
                f"마감 {format_date(request.answer_by)}",
                request.answer_by,
            )
        )
    contracts = Section("완료 보고·대금 청구할 계약", empty="할 일이 있는 계약이 없습니다.")
    for contract in work["contracts"]:
        step = "대금 청구" if contract.status == "inspected" else "완료 보고"
        contracts.items.append(
            Item(
                f"{contract.title} — {contract.institution.name}",
                reverse("buying:contract_detail", args=[contract.pk]),
                f"{step} · {format_won(contract.amount)} · {contract.get_status_display()}",
            )
        )
    certifications = Section("인증 만료", empty="90일 안에 끝나는 인증이 없습니다.")
    for certification in certifications_ending(enterprise, today=today):
        ended = certification.valid_to < today
        certifications.items.append(
            Item(
                f"{certification.get_type_display()} {'만료됨' if ended else '만료 예정'}",
                reverse("enterprises:certification_new"),
                f"{format_date(certification.valid_to)}까지 · 새 인증 정보를 등록해 주세요",
                certification.valid_to,
                ended,
            )
        )
    return [requests, contracts, certifications]


def _center(user, today) -> list[Section]:
    from procure.core.selectors import import_jobs_waiting
    from procure.enterprises.selectors import certifications_pending
    from procure.events.selectors import events_between
    from procure.vetting.selectors import rounds_in_progress

    applications = Section("검토할 신청", empty="검토할 신청이 없습니다.")
    pending = certifications_pending().count()
    if pending:
        applications.items.append(
            Item("인증 확인 요청", reverse("enterprises:certification_queue"), f"{pending}건 대기")
        )
    for round_ in rounds_in_progress():
        applications.items.append(
            Item(
                round_.title,
                reverse("vetting:round_detail", args=[round_.pk]),
                f"{round_.get_status_display()} · 신청 {round_.application_count}건",
                round_.closes_on,
            )
        )
    monday = today - datetime.timedelta(days=today.weekday())
    events = Section("이번 주 행사", empty="이번 주에 열리는 행사가 없습니다.")
    for event in events_between(monday, monday + datetime.timedelta(days=6)):
        events.items.append(
            Item(
                event.title,
                reverse("events:manage", args=[event.pk]),
                f"{format_date(event.date)} · {event.get_status_display()}",
                event.date,
            )
        )
    imports = Section("반영을 기다리는 가져오기", empty="기다리는 가져오기가 없습니다.")
    for job in import_jobs_waiting()[:20]:
        imports.items.append(
            Item(job.filename, reverse("site:import_job", args=[job.pk]), f"{job.get_status_display()} · 반영 확인")
        )
    return [applications, events, imports, _corrections()]


def _corrections() -> Section:
    from procure.buying.selectors import corrections_waiting

    section = Section("승인할 정정 (환수·계약 해제)", more_url=reverse("buying:corrections"), more_label="정정 전체")
    for correction in corrections_waiting()[:20]:
        section.items.append(
            Item(
                f"{correction.contract.title} — {correction.contract.institution.name}",
                reverse("buying:corrections"),
                f"{correction.get_kind_display()} · {format_won(correction.amount)}",
            )
        )
    return section


def _district(user, today) -> list[Section]:
    from procure.performance.selectors import pace_rows, regime_for

    lagging = Section("목표에 뒤처진 기관", empty="기대치보다 뒤처진 기관이 없습니다.")
    regime = regime_for(None)
    if regime is not None:
        gaps: dict = {}
        for row in pace_rows(year=today.year, regime=regime, today=today):
            if row.behind:
                entry = gaps.setdefault(row.institution.pk, [row.institution, 0, 0])
                entry[1] += row.gap
                entry[2] += 1
        for institution, gap, departments in sorted(gaps.values(), key=lambda e: -e[1]):
            lagging.items.append(
                Item(
                    institution.name,
                    reverse("performance:institution", args=[institution.pk]),
                    f"뒤처진 부서 {departments}곳 · 부족 {format_won(gap)}",
                    late=True,
                )
            )
    return [lagging, _corrections()]


def _reviewer(user, today) -> list[Section]:
    from procure.vetting.selectors import sheets_left

    section = Section("채점할 신청", empty="남은 채점이 없습니다.")
    for entry in sheets_left(user):
        round_ = entry["round"]
        section.items.append(
            Item(round_.title, reverse("vetting:review_list", args=[round_.pk]), f"남은 채점 {entry['count']}건")
        )
    return [section]


BY_ROLE = {
    Role.BUYER: _buyer,
    Role.ENTERPRISE: _enterprise,
    Role.CENTER_STAFF: _center,
    Role.DISTRICT_ADMIN: _district,
    Role.REVIEWER: _reviewer,
}


def sections_for(user, today: datetime.date) -> list[Section]:
    gather = BY_ROLE.get(user.role)
    if gather is None or (user.role == Role.ENTERPRISE and not user.enterprise_id):
        return []
    return gather(user, today)
