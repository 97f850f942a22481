from django.conf import settings
from django.core.management.base import BaseCommand

from procure.core.import_retention import import_files_purge


class Command(BaseCommand):
    help = "보관 기간(IMPORT_RETENTION_DAYS)이 지난 가져오기 파일과 오류 목록을 지웁니다 (매일)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="보관 일수 (기본: IMPORT_RETENTION_DAYS)")

    def handle(self, *args, days=None, **options):
        days = settings.IMPORT_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("보관 일수는 1일 이상이어야 합니다.")
            return
        counts = import_files_purge(days=days)
        self.stdout.write(
            f"{days}일이 지난 가져오기 작업 {counts['jobs']:,}건의 파일과 주인 없는 파일 {counts['orphans']:,}개를 "
            f"지웠습니다 ({counts['bytes'] / (1024 * 1024):,.1f}MB)."
        )
