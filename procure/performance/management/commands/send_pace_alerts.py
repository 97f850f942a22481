from django.core.management.base import BaseCommand
from django.utils import timezone

from procure.performance.services import pace_alerts_send


class Command(BaseCommand):
    help = "목표 대비 진도가 늦은 부서의 구매담당자와 지원센터에 알립니다 (매월 실행)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        count = pace_alerts_send(year=year or timezone.localdate().year)
        self.stdout.write(f"부진 부서 {count}곳에 알림을 보냈습니다.")
