from django.core.management.base import BaseCommand, CommandError

from procure.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "데이터베이스를 파일로 백업합니다 (SQLite: 온라인 백업, PostgreSQL: pg_dump). 사이트를 멈추지 않아도 됩니다."

    def add_arguments(self, parser):
        parser.add_argument("target", help="백업 파일 경로")

    def handle(self, *args, target, **options):
        try:
            path = database_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"백업했습니다: {path}")
