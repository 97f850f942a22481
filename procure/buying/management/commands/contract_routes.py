import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procure.buying.models import Regime, WorksType
from procure.buying.routes import GROUP_ALIASES, contract_routes, share_bp
from procure.core.tabular import parse_date, parse_won
from procure.core.text import quoted
from procure.enterprises.models import TYPE_BY_LABEL, EnterpriseType

KINDS = {
    "물품": "goods",
    "용역": "services",
    "공사": "works",
    "goods": "goods",
    "services": "services",
    "works": "works",
}
WORKS_TYPES = {
    "종합": WorksType.GENERAL,
    "종합공사": WorksType.GENERAL,
    "전문": WorksType.SPECIALTY,
    "전문공사": WorksType.SPECIALTY,
    "기타": WorksType.OTHER,
    "기타공사": WorksType.OTHER,
    **{value: value for value in WorksType.values},
}
REGIMES = {
    "지방": Regime.LOCAL,
    "지방자치단체": Regime.LOCAL,
    "local": Regime.LOCAL,
    "국가": Regime.NATIONAL,
    "공공기관": Regime.NATIONAL,
    "national": Regime.NATIONAL,
}


class Command(BaseCommand):
    help = "추정가격·구분·공급자 유형·취약계층 비율·기관 유형·계약일로 가능한 계약 방법과 법적 근거를 보여 줍니다."

    def add_arguments(self, parser):
        parser.add_argument("--amount", required=True, help="추정가격(부가세 제외, 원)")
        parser.add_argument("--kind", required=True, help="물품 · 용역 · 공사")
        parser.add_argument(
            "--works-type",
            default=None,
            help="공사일 때: 종합 · 전문 · 기타 (전기·정보통신·소방 등). 없으면 종류별로 답합니다",
        )
        parser.add_argument(
            "--supplier-types",
            default="",
            help=(
                "쉼표로 구분: 인증사회적기업, 사회적협동조합, 마을기업, 자활기업, "
                "소기업, 소상공인, 여성기업, 장애인기업, 청년창업기업 …"
            ),
        )
        parser.add_argument("--vulnerable-share", default=None, help="취약계층 고용비율 (0.35 또는 35%%)")
        parser.add_argument("--institution-kind", default="지방", help="지방 (지방자치단체) · 국가 (공공기관)")
        parser.add_argument("--date", default=None, help="계약일 (기본: 오늘)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            amount = parse_won(options["amount"])
            day = parse_date(options["date"]) if options["date"] else timezone.localdate()
            share_bp(options["vulnerable_share"])
        except (ValueError, ArithmeticError) as error:
            raise CommandError(str(error) or "값을 읽을 수 없습니다.") from None
        kind = KINDS.get(options["kind"].strip())
        if kind is None:
            raise CommandError(f"구분 {quoted(options['kind'], '은/는')} 물품 · 용역 · 공사 중 하나여야 합니다.")
        regime = REGIMES.get(options["institution_kind"].strip())
        if regime is None:
            raise CommandError("기관 유형은 지방 또는 국가(공공기관)여야 합니다.")
        works_type = None
        if options["works_type"]:
            works_type = WORKS_TYPES.get(options["works_type"].strip())
            if works_type is None or kind != "works":
                raise CommandError("공사 종류(--works-type)는 공사일 때 종합 · 전문 · 기타 중 하나입니다.")
        types = []
        for label in filter(None, (t.strip() for t in options["supplier_types"].split(","))):
            plain = label.replace(" ", "")
            value = TYPE_BY_LABEL.get(plain, label if label in EnterpriseType.values else None)
            value = value or (GROUP_ALIASES[plain].value if plain in GROUP_ALIASES else None)
            if value is None:
                raise CommandError(f"기업유형 {quoted(label, '을/를')} 알 수 없습니다.")
            types.append(value)
        answers = contract_routes(
            amount=amount,
            kind=kind,
            supplier_types=types,
            vulnerable_share=options["vulnerable_share"],
            regime=regime,
            day=day,
            works_type=works_type,
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "amount": amount,
                        "kind": kind,
                        "works_type": works_type,
                        "supplier_types": types,
                        "vulnerable_share": options["vulnerable_share"],
                        "regime": regime,
                        "date": day.isoformat(),
                        "routes": [a.as_json() for a in answers],
                    },
                    ensure_ascii=False,
                )
            )
            return
        for answer in answers:
            mark = {True: "가능", False: "불가", None: "조건부"}[answer.allowed]
            check = "" if answer.verified else " [미확인 규칙]"
            self.stdout.write(f"{answer.label}: {mark} — {answer.reason} ({answer.basis}){check}")
            if answer.checked:
                self.stdout.write(f"    확인 범위: {answer.checked}")
