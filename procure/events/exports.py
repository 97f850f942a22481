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
