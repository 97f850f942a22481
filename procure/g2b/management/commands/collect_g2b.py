"""collect_g2b: 나라장터 계약 and 종합쇼핑몰 납품요구 into the ledger (docs/formats.md §4, docs/operations.md)."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.core.text import quoted
from procure.g2b import services
from procure.g2b.models import RunStatus, Source
from procure.g2b.responses import ServiceError


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"날짜 {quoted(text, '을/를')} 읽을 수 없습니다. 2026-01-31 형식으로 입력해 주세요."
        ) from None


class Command(BaseCommand):
    help = "조달청 나라장터 계약정보와 종합쇼핑몰 납품요구를 기관코드로 모아 구매 실적 원장에 넣습니다."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="이날부터 (YYYY-MM-DD). 없으면 어제가 속한 해의 1월 1일")
        parser.add_argument("--until", help="이날까지 (YYYY-MM-DD). 없으면 어제")
        parser.add_argument("--institution", action="append", help="이 기관만 (여러 번 쓸 수 있음)")
        parser.add_argument("--source", choices=[s.value for s in Source], action="append", help="g2b 또는 mall")
        parser.add_argument(
            "--refresh-days", type=int, default=7, help="최근 며칠은 이미 모았어도 다시 모읍니다 (변경 반영)"
        )
        parser.add_argument(
            "--quota-wait", type=float, default=60, help="HTTP 429일 때 이 초까지는 기다렸다 다시 부릅니다"
        )
        parser.add_argument("--from-file", help="저장해 둔 응답 파일(JSON 또는 XML)을 읽습니다 (서비스키 불필요)")
        parser.add_argument("--dry-run", action="store_true", help="--from-file: 검사만 하고 반영하지 않습니다")
        parser.add_argument("--json", action="store_true", help="결과를 JSON 한 건으로 표준 출력에 씁니다")

    def handle(self, *args, **options):
        if options["from_file"]:
            return self._file(options)
        default_since, default_until = services.default_window()
        since = _day(options["since"]) if options["since"] else default_since
        until = _day(options["until"]) if options["until"] else default_until
        if not 0 <= options["refresh_days"] <= 366:
            raise CommandError("--refresh-days는 0부터 366까지입니다.")
        if (until - since).days > 3660:
            raise CommandError("한 번에 10년까지 모을 수 있습니다.")
        try:
            institutions = services.institutions_with_code(options["institution"])
            client = services.client_from_settings(quota_wait=options["quota_wait"])
            collector = services.Collector(client=client, trigger="command")
            run = collector.run(
                since=since,
                until=until,
                institutions=institutions,
                sources=tuple(options["source"] or (Source.G2B, Source.MALL)),
                refresh_from=until - datetime.timedelta(days=options["refresh_days"] - 1)
                if options["refresh_days"]
                else None,
            )
        except services.CollectError as error:
            raise CommandError(str(error)) from None
        result = {
            "status": run.status,
            "rows": run.created + run.updated + run.unchanged,
            "days": run.days,
            "calls": run.calls,
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "reversed": run.reversed,
            "failures": run.failures,
            "errors": [],
            "message": run.message,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False) if options["json"] else run.message)
        if run.status == RunStatus.FAILED:
            raise SystemExit(1)
        if run.status in (RunStatus.QUOTA, RunStatus.PARTIAL):
            raise SystemExit(3)  # not an error of the command: the next run goes on from here
        return None

    def _file(self, options):
        path = Path(options["from_file"])
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {path}")
        try:
            result = services.collect_file(path=path, dry_run=options["dry_run"])
        except ServiceError as error:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {
                            "rows": 0,
                            "created": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "errors": [{"row": 0, "column": "", "message": str(error)}],
                        },
                        ensure_ascii=False,
                    )
                )
            self.stderr.write(str(error))
            raise SystemExit(1) from None
        except services.CollectError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{result['rows']:,}건: 새로 등록 {result['created']:,}, 변경 {result['updated']:,}, "
                f"변경 없음 {result['unchanged']:,}, 취소로 되돌림 {result['reversed']:,}, "
                f"다른 기관 {result['skipped']:,}"
            )
        if result["errors"]:
            for error in result["errors"][:200]:
                self.stderr.write(f"{error['row']}번째 항목: {error['message']}")
            raise SystemExit(1)
        return None
