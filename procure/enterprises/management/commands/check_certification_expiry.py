import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from procure.core.text import quoted
from procure.enterprises.services import certifications_check_expiry


class Command(BaseCommand):
    help = "60일 안에 만료되거나 이미 만료된 인증을 찾아 기업과 지원센터에 알립니다 (매일 실행)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="기준일 (YYYY-MM-DD, 기본: 오늘)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, today=None, json=False, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    f"기준일 {quoted(today, '을/를')} 읽을 수 없습니다. YYYY-MM-DD 형식으로 입력해 주세요."
                ) from None
        counts = certifications_check_expiry(today=day)
        if json:
            self.stdout.write(_dumps(counts))
        else:
            self.stdout.write(f"만료 예정 안내 {counts['soon']}건, 만료 안내 {counts['expired']}건을 보냈습니다.")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
