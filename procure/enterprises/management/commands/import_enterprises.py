from procure.core.import_command import ImportCommand
from procure.enterprises.imports import EnterpriseImporter


class Command(ImportCommand):
    help = "기업·인증 목록(CSV/XLSX)을 가져옵니다. 한 행이 인증 기간 하나입니다 (docs/formats.md §1)."
    importer_class = EnterpriseImporter
