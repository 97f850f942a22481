import json

from django.core.management.base import BaseCommand, CommandError

from procure.core.text import josa, quoted
from procure.performance.models import Regime
from procure.performance.selectors import regime_for, report


class Command(BaseCommand):
    help = "기관별 사회적경제기업 제품 구매실적을 집계합니다 (docs/formats.md §4)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--regime", help="집계 기준 코드 (district, national …; 기본: 기본 기준)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, year, regime=None, json=False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"연도 {year}{josa(year, '은/는')} 올바르지 않습니다.")
        try:
            chosen = regime_for(regime)
        except Regime.DoesNotExist:
            codes = ", ".join(Regime.objects.values_list("code", flat=True))
            raise CommandError(f"집계 기준 {quoted(regime, '이/가')} 없습니다. 사용할 수 있는 기준: {codes}") from None
        document = report(year=year, regime=chosen)
        if json:
            self.stdout.write(_dumps(document))
            return
        self.stdout.write(f"{year}년 {chosen.name} 기준")
        for item in document["institutions"]:
            self.stdout.write(
                f"  {item['institution']}: 총구매액 {item['total_amount']:,}원, 사회적경제기업 {item['se_amount']:,}원 "
                f"({item['se_ratio'] * 100:.2f}%)"
            )


def _dumps(document) -> str:
    return json.dumps(document, ensure_ascii=False)
