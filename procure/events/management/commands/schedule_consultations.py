from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procure.events.scheduler import Problem, ScheduleError, check_meetings, schedule


class Command(BaseCommand):
    help = "1:1 구매상담 일정을 짭니다 (상담 수 최대화). 입력·출력 형식은 docs/formats.md 를 보세요."

    def add_arguments(self, parser):
        parser.add_argument("file", help="입력 JSON 파일 (slots, officers, enterprises)")
        parser.add_argument("--json", action="store_true", help="결과를 JSON 으로 출력합니다.")
        parser.add_argument("--time-limit", type=float, default=60.0, help="풀이 시간 한도(초)")

    def handle(self, *args, file, json: bool = False, time_limit: float = 60.0, **options):
        import json as json_module

        try:
            data = json_module.loads(Path(file).read_text(encoding="utf-8-sig"))
        except FileNotFoundError as error:
            raise CommandError(f"파일이 없습니다: {file}") from error
        except (UnicodeDecodeError, json_module.JSONDecodeError) as error:
            raise CommandError(f"JSON 으로 읽을 수 없습니다: {error}") from error
        try:
            problem = Problem.from_json(data)
            meetings = schedule(problem, time_limit=time_limit)
        except ScheduleError as error:
            raise CommandError(str(error)) from error
        assert not check_meetings(problem, meetings)
        result = {
            "meetings": [{"officer": m.officer, "enterprise": m.enterprise, "slot": m.slot} for m in meetings],
            "count": len(meetings),
        }
        if json:
            self.stdout.write(json_module.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"상담 {len(meetings)}건을 배정했습니다.")
            for m in meetings:
                self.stdout.write(f"  {m.slot}  {m.officer} → {m.enterprise}")
