import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procure.buying.reminders import reminders_send
from procure.core.tabular import parse_date


class Command(BaseCommand):
    help = "매일: 검수·대금 지급 기한이 다가오거나 지난 계약을 구매담당자에게, 지난 것은 지원센터에도 알립니다."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="기준일 (기본: 오늘)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, today=None, json=False, **options):
        try:
            day = parse_date(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(str(error)) from None
        sent = reminders_send(today=day)
        self.stdout.write(_dumps(sent) if json else f"알림: 곧 {sent['soon']}건, 지남 {sent['late']}건")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
