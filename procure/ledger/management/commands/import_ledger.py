from procure.core.import_command import ImportCommand
from procure.ledger.imports import LedgerImporter


class Command(ImportCommand):
    help = "구매실적 원장(CSV/XLSX)을 가져옵니다. 한 행이 계약 한 건입니다 (docs/formats.md §3)."
    importer_class = LedgerImporter
