from procure.core.import_command import ImportCommand
from procure.ledger.imports import LedgerImporter


class Command(ImportCommand):
    help = "구매실적 원장(CSV/XLSX)을 가져옵니다. 한 행이 계약 한 건입니다 (docs/formats.md §3)."
    importer_class = LedgerImporter

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--create-departments",
            action="store_true",
            help="등록된 기관에 없는 부서명을 새 부서로 만듭니다 (없으면 그런 행은 오류입니다).",
        )

    def importer_options(self, options: dict) -> dict:
        return {"create_departments": options.get("create_departments", False)}
