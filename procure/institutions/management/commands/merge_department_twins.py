from django.core.management.base import BaseCommand

from procure.institutions.services import departments_merge_twins


class Command(BaseCommand):
    help = "띄어쓰기·문장부호만 다른 같은 기관의 부서(예: ‘신림동 주민센터’와 ‘신림동주민센터’)를 하나로 합칩니다."

    def handle(self, *args, **options):
        merged = departments_merge_twins(actor=None)
        if not merged:
            self.stdout.write("합칠 부서가 없습니다.")
        for kept, others in merged:
            self.stdout.write(f"{kept} ← {', '.join(others)}")
