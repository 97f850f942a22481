from django.core.management.base import BaseCommand, CommandError

from procure.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "백업 파일로 데이터베이스를 되돌립니다. 웹과 작업자를 먼저 멈추세요: 지금 데이터가 모두 바뀝니다."

    def add_arguments(self, parser):
        parser.add_argument("source", help="백업 파일 경로")
        parser.add_argument("--yes", action="store_true", help="확인 없이 진행합니다")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            raise CommandError("지금 데이터가 모두 백업 내용으로 바뀝니다. 계속하려면 --yes 를 붙여 주세요.")
        try:
            database_restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("되돌렸습니다.")
