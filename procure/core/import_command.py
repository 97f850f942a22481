"""Base for the `import_*` management commands (docs/formats.md §4)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.core.imports import run_import


class ImportCommand(BaseCommand):
    importer_class = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV(UTF-8/UTF-8 BOM/CP949) 또는 XLSX 파일")
        parser.add_argument("--json", action="store_true", help="결과를 JSON 한 건으로 표준 출력에 씁니다.")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 반영하지 않습니다.")

    def importer_options(self, options: dict) -> dict:
        """Keyword arguments for the importer, from the command's own options (see import_ledger)."""
        return {}

    def handle(self, *args, file, json=False, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {file}")
        importer = self.importer_class(**self.importer_options(options))
        with path.open("rb") as handle:
            result = run_import(importer, handle, dry_run=dry_run, filename=path.name)
        if json:
            self.stdout.write(_dumps(result.as_json()))
        else:
            self.stdout.write(result.summary_korean())
        if result.errors:
            for error in result.errors[:200]:
                column = f" [{error['column']}]" if error["column"] else ""
                self.stderr.write(f"{error['row']}행{column}: {error['message']}")
            if len(result.errors) > 200:
                self.stderr.write(f"… 외 {len(result.errors) - 200:,}건")
            raise SystemExit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
