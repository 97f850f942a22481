import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procure.buying.selectors import buying_summary
from procure.core.text import josa


class Command(BaseCommand):
    help = "연도별 견적 요청·견적·계약 건수와 금액(상태별), 기한이 지난 계약을 보여 줍니다 (docs/formats.md §4)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, json=False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"연도 {year}{josa(year, '은/는')} 올바르지 않습니다.")
        summary = buying_summary(year=year, today=timezone.localdate())
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(f"{year}년: 견적 요청 {sum(summary['requests'].values())}건, 견적 {summary['quotes']}건")
        for status, entry in summary["contracts"].items():
            self.stdout.write(f"  계약 {status}: {entry['count']}건, {entry['amount']:,}원")
        self.stdout.write(f"  기한 지남: {len(summary['overdue'])}건")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
