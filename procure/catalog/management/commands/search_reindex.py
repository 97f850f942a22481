import time

from django.core.management.base import BaseCommand

from procure.catalog.indexing import offerings_analyse


class Command(BaseCommand):
    help = (
        "모든 품목을 형태소 분석해 검색 색인을 다시 만듭니다 (유사어 포함, 이 기계의 색인 파일까지). "
        "분석기를 불러오므로 작업자나 명령으로만 실행합니다."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = offerings_analyse()
        self.stdout.write(f"품목 {count:,}개를 분석했습니다 ({time.perf_counter() - started:.1f}초).")
