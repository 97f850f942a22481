from django.conf import settings
from django.core.management.base import BaseCommand

from procure.core.task_recovery import stalled_tasks_recover


class Command(BaseCommand):
    help = "작업자가 멈춰 끝나지 않은 작업을 실패로 표시하고, 다시 실행해도 되는 작업은 다시 넣습니다 (몇 분마다)."

    def handle(self, *args, **options):
        if settings.TASKS_QUEUE != "database":
            # RQ keeps its own registry of started jobs and fails those whose worker stopped beating.
            self.stdout.write("작업 대기열이 Redis(RQ)입니다: 멈춘 작업은 RQ가 실패로 표시합니다. 할 일이 없습니다.")
            return
        counts = stalled_tasks_recover()
        self.stdout.write(f"멈춘 작업 {counts['failed']}건을 실패로 표시, {counts['rerun']}건을 다시 넣었습니다.")
