from procure.catalog.imports import CatalogImporter
from procure.core.import_command import ImportCommand


class Command(ImportCommand):
    help = "품목 목록(CSV/XLSX)을 가져옵니다. 모르는 기업은 새로 등록합니다 (docs/formats.md §2)."
    importer_class = CatalogImporter
