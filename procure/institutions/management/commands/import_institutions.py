from procure.core.import_command import ImportCommand
from procure.institutions.imports import InstitutionImporter


class Command(ImportCommand):
    help = "기관·부서 목록(CSV/XLSX)을 가져옵니다. 한 행이 부서 하나, 부서명이 빈 행은 기관만 (formats.md §3a)."
    importer_class = InstitutionImporter
