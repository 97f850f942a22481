from django.core.management.base import BaseCommand
from django.db import transaction

from procure.buying import demo as buying_demo
from procure.catalog import demo as catalog_demo
from procure.enterprises import demo as enterprises_demo
from procure.events import demo as events_demo
from procure.institutions import demo as institutions_demo
from procure.ledger import demo as ledger_demo
from procure.performance import demo as performance_demo
from procure.site import personas as accounts_demo
from procure.surveys import demo as surveys_demo
from procure.vetting import demo as vetting_demo

# Order matters: later seeders look up what earlier ones made. New apps append theirs.
SEEDERS = [
    institutions_demo.seed,
    enterprises_demo.seed,
    catalog_demo.seed,
    accounts_demo.seed,
    vetting_demo.seed,
    ledger_demo.seed,
    performance_demo.seed,
    buying_demo.seed,
    events_demo.seed,
    surveys_demo.seed,
]


class Command(BaseCommand):
    help = "시연용 데이터(기관·부서, 예시 기업, 역할별 계정)를 만듭니다. 여러 번 실행해도 같은 결과입니다."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-personas", action="store_true", help="시연 계정 목록을 출력하지 않습니다.")

    def handle(self, *args, quiet_personas=False, **options):
        totals: dict[str, int] = {}
        with transaction.atomic():
            for seed in SEEDERS:
                totals.update(seed())
        summary = ", ".join(f"{name} {count}건" for name, count in totals.items())
        self.stdout.write(self.style.SUCCESS(f"시연 데이터 준비 완료 (새로 만든 것: {summary})"))
        if not quiet_personas:
            self.stdout.write(f"\n시연 계정 (비밀번호 모두 {accounts_demo.DEMO_PASSWORD})")
            for persona in accounts_demo.PERSONAS:
                self.stdout.write(f"  {persona.username:<12} {persona.description}")
            self.stdout.write("  officer001~officer200  구매담당자 200명 (기관·부서별로 나뉨)\n")
