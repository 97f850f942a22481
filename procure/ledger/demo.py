"""Two years of fictional purchases for every demo department: last year whole, and this year up to the end of
last month — relative to the day the demo is made, so its figures are alive whenever it runs.

Built as a ledger file and imported through the real importer, so the demo exercises the same path as
an officer's upload; importing the same generated file again changes nothing.
"""

import datetime
import random

from django.utils import timezone

from procure.core.business_no import business_no_check_digit
from procure.core.demo import working_day_on_or_after, working_day_on_or_before
from procure.core.imports import run_import
from procure.enterprises.demo import EXAMPLE_ENTERPRISES, example_business_no, index_of_category
from procure.institutions.models import Department
from procure.ledger.imports import LedgerImporter
from procure.ledger.models import LedgerBatch


def end_of_data(today: datetime.date | None = None) -> datetime.date:
    """The last day of last month."""
    today = today or timezone.localdate()
    return today.replace(day=1) - datetime.timedelta(days=1)


# category → (titles, typical amount range in won, kind)
PURCHASES = {
    "CATER": (
        ["회의용 도시락 구입", "주민 간담회 다과 구입", "직원 교육 중식 제공", "행사 케이터링"],
        (300_000, 6_000_000),
        "물품",
    ),
    "PRINT": (
        ["홍보 현수막 제작", "사업 안내 리플릿 인쇄", "민원 안내문 인쇄", "행사 배너 제작"],
        (200_000, 9_000_000),
        "물품",
    ),
    "EVENT": (
        ["구민 축제 운영 대행", "기념식 무대·음향 임차", "주민 한마당 행사 대행"],
        (3_000_000, 40_000_000),
        "용역",
    ),
    "EDU": (
        ["직원 역량강화 교육 위탁", "주민 체험 프로그램 운영", "청소년 진로체험 강의"],
        (1_000_000, 15_000_000),
        "용역",
    ),
    "FOOD": (["명절 위문품 구입", "지역 농산물 꾸러미 구입"], (500_000, 12_000_000), "물품"),
    "CLEAN": (["청사 방역소독 용역", "시설 특별 청소 용역", "경로당 소독"], (800_000, 20_000_000), "용역"),
    "REPAIR": (["경로당 집수리", "사무실 칸막이 보수", "화장실 소규모 수선"], (1_000_000, 18_000_000), "공사"),
    "GREEN": (["청사 화단 조성", "실내 공기정화 식물 관리"], (500_000, 8_000_000), "용역"),
    "GIFT": (["기념품 제작", "행사 판촉물 구입"], (400_000, 7_000_000), "물품"),
    "MEDIA": (["홍보 영상 제작", "행사 사진 촬영"], (1_000_000, 12_000_000), "용역"),
    "CARE": (["어르신 돌봄 프로그램 위탁", "아동 돌봄 보조 인력 용역"], (2_000_000, 30_000_000), "용역"),
    "OFFICE": (["사무용품 구입", "복사용지 구입", "토너 구입"], (100_000, 3_000_000), "물품"),
    "APPAREL": (["현장 근무복 구입", "방한 점퍼 구입", "자원봉사 조끼 제작"], (500_000, 9_000_000), "물품"),
    "IT": (["사무용 PC 정비 용역", "홈페이지 유지보수"], (500_000, 12_000_000), "용역"),
    "CULTURE": (["찾아가는 음악회 공연", "주민 전시 기획"], (800_000, 10_000_000), "용역"),
    "LOGIS": (["부서 이전 이사 용역", "문서 이관 용역"], (500_000, 6_000_000), "용역"),
    "ENV": (["다회용기 대여·세척", "분리배출 교육"], (300_000, 5_000_000), "용역"),
    "CONSULT": (["주민 만족도 조사 용역", "사업 성과평가 용역"], (3_000_000, 30_000_000), "용역"),
    "LAUNDRY": (["근무복 세탁 용역", "복지관 침구 세탁"], (300_000, 5_000_000), "용역"),
    "NONE": (
        ["청사 전기요금", "차량 유류 구입", "청사 승강기 유지보수", "도로 포장 공사"],
        (2_000_000, 300_000_000),
        "공사",
    ),
}
# Each category's social economy purchases go to the example enterprise whose line of business it is.
SE_BY_CATEGORY = {code: index_of_category(code) for code in PURCHASES if code != "NONE"}
ORDINARY_SUPPLIERS = 24


def ordinary_business_no(index: int) -> str:
    first_nine = f"99983{index:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


def ledger_csv(today: datetime.date | None = None) -> bytes:
    end = end_of_data(today)
    rng = random.Random(20261128)
    lines = ["기관명,부서명,계약일자,계약명,구분,계약방법,계약금액,업체명,사업자등록번호,분류"]
    departments = list(Department.objects.select_related("institution").order_by("institution__name", "name"))
    categories = list(PURCHASES)
    for department in departments:
        # Some departments buy much more from social economy enterprises than others.
        se_share = rng.choice([0.05, 0.1, 0.2, 0.35, 0.5])
        for year in (end.year - 1, end.year):
            last_day = datetime.date(year, 12, 31) if year < end.year else end
            for _ in range(rng.randint(15, 35)):
                category = rng.choice(categories)
                titles, (low, high), kind = PURCHASES[category]
                day = datetime.date(year, 1, 2) + datetime.timedelta(
                    days=rng.randrange((last_day - datetime.date(year, 1, 2)).days)
                )
                # Contracts are signed on working days.
                day = (
                    working_day_on_or_after(day)
                    if working_day_on_or_after(day) <= last_day
                    else working_day_on_or_before(day)
                )
                amount = rng.randrange(low // 10_000, high // 10_000) * 10_000
                if category in SE_BY_CATEGORY and rng.random() < se_share:
                    index = SE_BY_CATEGORY[category]
                    supplier, business_no = EXAMPLE_ENTERPRISES[index - 1][0], example_business_no(index)
                    method = "수의1인견적" if amount <= 50_000_000 else "제한경쟁"
                else:
                    index = rng.randrange(1, ORDINARY_SUPPLIERS + 1)
                    supplier, business_no = f"일반업체{index:02d} (예시)", ordinary_business_no(index)
                    method = rng.choice(["일반경쟁", "수의2인이상견적", "종합쇼핑몰", "수의1인견적"])
                title = f"{year}년 {rng.choice(titles)}"
                lines.append(
                    ",".join(
                        [
                            department.institution.name,
                            department.name,
                            day.isoformat(),
                            title,
                            kind,
                            method,
                            str(amount),
                            supplier,
                            business_no,
                            category,
                        ]
                    )
                )
    return ("\n".join(lines) + "\n").encode("utf-8")


def seed() -> dict[str, int]:
    # One demo ledger: made once, on the day seed_demo first runs (a later run adds nothing).
    if LedgerBatch.objects.filter(filename__startswith="demo-ledger-", undone_at__isnull=True).exists():
        return {"purchases": 0}
    end = end_of_data()
    data = ledger_csv()
    result = run_import(LedgerImporter(), data, filename=f"demo-ledger-{end.year - 1}-{end.year}.csv")
    if result.errors:
        raise RuntimeError(f"demo ledger refused: {result.errors[:3]}")
    return {"purchases": result.created}
