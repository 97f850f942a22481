import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.enterprises import registry_check
from procure.enterprises.odcloud import OdcloudError


class Command(BaseCommand):
    help = (
        "고용노동부 인증 사회적기업 목록(XLSX·CSV 또는 API 응답 JSON, 파일 없이는 API에서)을 등록부와 대조해 "
        "새 인증·변경·종료 제안을 만듭니다. 등록부는 바꾸지 않습니다: 지원센터가 화면에서 확인해 반영합니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="목록 파일 (없으면 API에서 읽음, 서비스키 DATA_GO_KR_SERVICE_KEY)")
        parser.add_argument(
            "--partial", action="store_true", help="일부 지역만 담은 목록: 목록에 없는 기업의 인증 종료는 제안하지 않음"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file=None, partial=False, json=False, **options):
        try:
            if file:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"파일이 없습니다: {file}")
                parsed = registry_check.read_list_file(path.read_bytes(), path.name)
                check = registry_check.check_list(parsed=parsed, filename=path.name, complete=not partial)
            else:
                check = registry_check.fetch_and_check(complete=not partial)
        except (registry_check.ListError, OdcloudError) as error:
            raise CommandError(str(error)) from None
        summary = {"check": check.pk, "rows": check.rows, **check.summary}
        if json:
            self.stdout.write(_dumps(summary))
        else:
            counts = check.summary
            self.stdout.write(
                f"{check.rows}행 대조: 새 인증 {counts.get('new', 0)}건, 변경 {counts.get('change', 0)}건, "
                f"종료 {counts.get('end', 0)}건, 불확실 {counts.get('uncertain', 0)}건 제안 "
                f"(등록부와 맞은 기업 {counts.get('matched', 0)}곳, 관외 {counts.get('outside', 0)}곳)."
            )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False)
