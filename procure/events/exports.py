from procure.accounts.permissions import is_program_staff
from procure.core.exporters import Col, Exporter, Sheet, register_exporter
from procure.events import selectors


@register_exporter
class EventReportExporter(Exporter):
    """The event report: attendance, consultations and what followed within 3/6/12 months."""

    identifier = "event_report"
    verbose_name = "행사 성과 보고"
    rule = is_program_staff
    formats = ("xlsx", "csv")

    def __init__(self, *, event):
        self.event = event

    def filename(self) -> str:
        return f"행사성과_{self.event.date:%Y%m%d}"

    def _columns(self, first: str) -> list[Col]:
        columns = [Col(first, width=28), Col("입장", "integer"), Col("상담", "integer"), Col("후속 희망", "integer")]
        for months in selectors.FOLLOW_UP_WINDOWS:
            columns += [
                Col(f"{months}개월 내 견적요청", "integer"),
                Col(f"{months}개월 내 계약", "integer"),
                Col(f"{months}개월 내 계약금액", "won", width=16),
            ]
        return columns

    @staticmethod
    def _row(row) -> list:
        values = [row.label, row.attendees, row.consultations, row.follow_ups]
        for months in selectors.FOLLOW_UP_WINDOWS:
            values += [row.requests[months], row.contracts[months], row.amounts[months]]
        return values

    def sheets(self):
        effect = selectors.event_effect(self.event)
        preamble = [
            f"{self.event.title} ({self.event.date:%Y-%m-%d})",
            "상담한 기관–기업 사이의 이후 견적요청·계약 (인과관계를 뜻하지 않음)",
        ]
        for title, first, rows in (
            ("기관별", "기관", effect["institutions"]),
            ("기업별", "기업", effect["enterprises"]),
        ):
            yield Sheet(
                title=title,
                preamble=preamble,
                columns=self._columns(first),
                rows=[self._row(r) for r in [*rows, effect["totals"]]],
            )


@register_exporter
class RegistrationsExporter(Exporter):
    """The registration list for the reception desk: name, institution, department, status, code, check-in."""

    identifier = "event_registrations"
    verbose_name = "참가 신청 명단"
    rule = is_program_staff
    formats = ("xlsx", "csv")

    def __init__(self, *, event):
        self.event = event

    def filename(self) -> str:
        return f"참가명단_{self.event.date:%Y%m%d}"

    def sheets(self):
        from procure.catalog.models import Category

        names = dict(Category.objects.values_list("code", "name"))
        registrations = self.event.registrations.select_related("institution", "department").order_by(
            "institution__name", "name"
        )
        yield Sheet(
            title="참가 신청",
            preamble=[f"{self.event.title} ({self.event.date:%Y-%m-%d})"],
            columns=[
                Col("이름", width=12),
                Col("기관", width=20),
                Col("부서", width=20),
                Col("상태"),
                Col("참가 확인 코드", width=14),
                Col("입장 일시", "datetime", width=18),
                Col("구매 예정 분야", width=30),
                Col("희망 상담 수", "integer"),
                Col("이메일", width=24),
            ],
            rows=(
                [
                    r.name,
                    r.institution.name,
                    r.department.name if r.department else "",
                    r.get_status_display(),
                    r.code,
                    r.checked_in_at,
                    ", ".join(names.get(c, c) for c in r.categories),
                    r.max_meetings,
                    r.email,
                ]
                for r in registrations
            ),
        )
