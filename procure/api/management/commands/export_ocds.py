import sys

from django.core.management.base import BaseCommand, CommandError

from procure.api.ocds import package_chunks, years


class Command(BaseCommand):
    help = "한 해의 계약을 OCDS 1.1 release package(JSON)로 표준 출력에 씁니다 (docs/formats.md §7)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year: int, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year 는 2000~2100 사이여야 합니다.")
        if year not in years():
            raise CommandError(f"{year}년에는 공개할 계약이 없습니다. OCDS 패키지는 계약이 하나 이상 있어야 합니다.")
        out = self.stdout if self.stdout is not None else sys.stdout
        for chunk in package_chunks(year):
            out.write(chunk, ending="")
