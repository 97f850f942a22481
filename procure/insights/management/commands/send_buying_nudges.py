import datetime

from django.core.management.base import BaseCommand

from procure.insights.services import buying_nudges_send


class Command(BaseCommand):
    help = "매달: 부서마다 작년 다음 달에 산 품목(관내 사회적경제기업이 공급하는 것)을 구매담당자에게 알립니다."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        sent = buying_nudges_send(today=today)
        self.stdout.write(f"알림 {sent}건을 보냈습니다.")
