"""Nineteen fictional enterprises of 관악구, each with one line of business: the eleven the district's last
round vetted and eight peers that cover the rest of the taxonomy (office supplies, uniforms, IT, performances,
moving, recycling, research, laundry). Their offerings (catalog/demo.py), quotes and contracts (buying/demo.py)
and consultation notes (events/demo.py) are derived from that line. Every name says (예시); registration
numbers are made up (tax-office code 999, which no real office uses) but pass the checksum."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from procure.core.business_no import business_no_check_digit
from procure.core.demo import at, working_day_on_or_after
from procure.enterprises.models import Certification, Enterprise, EnterpriseType, category_model, term_end_limit

T = EnterpriseType
D = datetime.date
RELATIVE = "relative"  # a period whose end is counted from the day the demo is made (see _periods)


@dataclass(frozen=True)
class Example:
    name: str
    products: str
    categories: list[str]  # the first is its line of business; offerings come from these only
    street: str
    periods: list  # [(type, number, valid_from, valid_to or None or RELATIVE)]
    employees: int
    vulnerable: int
    about: str
    representative: str = "홍길동"
    extra: dict = field(default_factory=dict)


EXAMPLES = [
    Example(
        "관악나눔행사기획 협동조합 (예시)",
        "행사 기획·운영, 무대·음향·천막 대여",
        ["EVENT"],
        "관악로 145",
        [(T.COOPERATIVE, "", D(2019, 4, 1), None)],
        12,
        4,
        "구민 축제, 기념식, 주민 한마당을 기획하고 무대·음향·천막을 갖춰 현장을 운영하는 협동조합입니다.",
        "정다운",
    ),
    Example(
        "봉천함께배움 사회적협동조합 (예시)",
        "공무원·주민 교육, 체험 프로그램",
        ["EDU"],
        "봉천로 227",
        [(T.SOCIAL_COOPERATIVE, "", D(2020, 6, 15), None)],
        9,
        3,
        "공무원 직무교육과 주민·어린이 체험 프로그램을 강사진과 함께 운영합니다.",
        "배움터",
    ),
    Example(
        "신림밥상 (예시)",
        "도시락, 케이터링, 회의 다과, 답례 떡",
        ["CATER"],
        "신림로 330",
        [
            (T.PRE_SOCIAL_ENTERPRISE, "예비-2021-07", D(2021, 3, 1), D(2023, 2, 28)),
            (T.CERTIFIED_SOCIAL_ENTERPRISE, "제2023-118호", D(2023, 3, 1), None),
        ],
        21,
        9,
        "경력단절 여성과 어르신이 함께 만드는 한식 도시락과 출장 뷔페, 회의 다과를 공급합니다.",
        "김밥상",
    ),
    Example(
        "낙성대로컬푸드 마을기업 (예시)",
        "지역 농산물, 명절 선물세트, 위문품",
        ["FOOD"],
        "낙성대로 12",
        [(T.VILLAGE_ENTERPRISE, "마을-2022-05", D(2022, 5, 1), None)],
        6,
        2,
        "관악 주민과 계약 농가를 잇는 마을기업입니다. 제철 농산물 꾸러미와 명절 선물세트를 만듭니다.",
        "이농부",
    ),
    Example(
        "관악인쇄디자인 (예시)",
        "현수막, 인쇄물, 홍보물 디자인",
        ["PRINT"],
        "남부순환로 1820",
        [(T.CERTIFIED_SOCIAL_ENTERPRISE, "제2016-042호", D(2016, 9, 1), None)],
        15,
        6,
        "현수막·배너 실사출력부터 리플릿, 소식지, 상장 인쇄와 디자인까지 한곳에서 만듭니다.",
        "박인쇄",
    ),
    Example(
        "청룡클린 자활기업 (예시)",
        "청사 청소, 방역·소독",
        ["CLEAN"],
        "청룡2길 8",
        [(T.SELF_SUFFICIENCY_ENTERPRISE, "", D(2018, 1, 1), None)],
        18,
        12,
        "자활 참여자가 일하는 청소·방역 전문 기업입니다. 청사 정기청소, 특별청소, 방역소독을 맡습니다.",
        "최청결",
    ),
    Example(
        "서원집수리 협동조합 (예시)",
        "집수리, 시설 보수, 실내 공사",
        ["REPAIR"],
        "서원7길 21",
        [(T.COOPERATIVE, "", D(2020, 2, 1), None)],
        7,
        2,
        "경로당·복지시설과 취약가구의 집수리, 도배·장판, 방수, 조명 교체를 하는 기술자 협동조합입니다.",
        "서목수",
    ),
    Example(
        "도림천정원 (예시)",
        "조경, 실내 녹화, 화분 관리",
        ["GREEN"],
        "도림천로 4",
        [(T.PRE_SOCIAL_ENTERPRISE, "예비-2024-11", None, RELATIVE)],
        5,
        2,
        "청사와 공원의 화단, 실내 공기정화 식물, 옥상 텃밭을 가꾸는 예비사회적기업입니다.",
        "나정원",
    ),
    Example(
        "관악공방 (예시)",
        "기념품, 판촉물, 공예품",
        ["GIFT"],
        "관천로 62",
        [(T.CERTIFIED_SOCIAL_ENTERPRISE, "제2019-201호", D(2019, 11, 1), None)],
        10,
        5,
        "장애인 공예가와 함께 기관 로고를 새긴 기념품, 판촉물, 수공예품을 만듭니다.",
        "공예진",
    ),
    Example(
        "미성영상미디어 (예시)",
        "홍보 영상, 행사 사진·중계",
        ["MEDIA"],
        "난곡로 88",
        [
            (T.PRE_SOCIAL_ENTERPRISE, "예비-2022-05", D(2022, 5, 1), D(2025, 4, 30)),
            (T.CERTIFIED_SOCIAL_ENTERPRISE, "제2025-087호", D(2025, 5, 1), None),
        ],
        4,
        1,
        "정책 홍보 영상과 숏폼, 행사 사진 촬영과 온라인 생중계를 하는 청년 미디어 기업입니다.",
        "한영상",
    ),
    Example(
        "난곡돌봄 사회적협동조합 (예시)",
        "어르신·아동 돌봄, 여가 프로그램",
        ["CARE"],
        "난곡로 251",
        [(T.SOCIAL_COOPERATIVE, "", D(2017, 7, 1), None)],
        30,
        14,
        "어르신 방문돌봄, 경로당 여가·건강 프로그램, 아동 돌봄을 하는 돌봄 노동자 협동조합입니다.",
        "윤돌봄",
    ),
    # Peers (not in last year's round): the rest of the taxonomy.
    Example(
        "관악사무나라 협동조합 (예시)",
        "복사용지, 문구, 사무 소모품",
        ["OFFICE"],
        "봉천로 402",
        [(T.COOPERATIVE, "", D(2018, 9, 1), None)],
        8,
        3,
        "복사용지와 문구, 토너 같은 사무 소모품을 관내 기관에 다음 날 배송하는 소상공인 협동조합입니다.",
        "문정구",
    ),
    Example(
        "봉제마을관악 협동조합 (예시)",
        "근무복, 단체복, 조끼 제작",
        ["APPAREL"],
        "신림동길 36",
        [(T.COOPERATIVE, "", D(2019, 3, 1), None)],
        11,
        4,
        "관악 봉제 장인들이 만든 협동조합입니다. 근무복, 방한 점퍼, 행사 단체복, 봉사 조끼를 짓습니다.",
        "장재봉",
    ),
    Example(
        "관악IT나눔 사회적협동조합 (예시)",
        "PC 정비, 재생 PC, 홈페이지 유지보수",
        ["IT"],
        "남부순환로 1680",
        [(T.SOCIAL_COOPERATIVE, "", D(2021, 1, 15), None)],
        9,
        4,
        "사무용 PC 정비와 데이터 완전삭제, 재생 PC 보급, 기관 홈페이지 유지보수를 합니다.",
        "고정비",
    ),
    Example(
        "관악문화예술 협동조합 (예시)",
        "찾아가는 공연, 전시 기획",
        ["CULTURE"],
        "관악로 30",
        [(T.COOPERATIVE, "", D(2020, 10, 1), None)],
        14,
        3,
        "지역 예술인이 만든 협동조합입니다. 경로당·학교로 찾아가는 음악회와 인형극, 주민 전시를 엽니다.",
        "예술인",
    ),
    Example(
        "관악이음물류 자활기업 (예시)",
        "사무실 이사, 물품 배송, 문서 이관",
        ["LOGIS"],
        "시흥대로 552",
        [(T.SELF_SUFFICIENCY_ENTERPRISE, "", D(2019, 6, 1), None)],
        13,
        9,
        "자활 참여자가 일하는 물류 기업입니다. 부서 이전 이사, 문서 이관, 관내 물품 배송을 맡습니다.",
        "이운반",
    ),
    Example(
        "도림에코순환 사회적협동조합 (예시)",
        "업사이클, 재활용, 다회용기 세척",
        ["ENV"],
        "도림천로 19",
        [(T.SOCIAL_COOPERATIVE, "", D(2022, 4, 1), None)],
        7,
        3,
        "폐현수막·커피박 업사이클과 행사용 다회용기 대여·세척, 분리배출 교육을 합니다.",
        "순환이",
    ),
    Example(
        "관악사회가치연구소 협동조합 (예시)",
        "주민 조사, 사회적가치 평가, 정책 연구",
        ["CONSULT"],
        "관악로 1",
        [(T.COOPERATIVE, "", D(2021, 7, 1), None)],
        6,
        1,
        "주민 만족도 조사, 사업 성과평가, 사회적가치 측정과 정책 연구를 하는 연구자 협동조합입니다.",
        "조연구",
    ),
    Example(
        "관악클린세탁 자활기업 (예시)",
        "근무복·린넨 세탁, 침구 세탁",
        ["LAUNDRY"],
        "난곡로 190",
        [(T.SELF_SUFFICIENCY_ENTERPRISE, "", D(2020, 5, 1), None)],
        10,
        7,
        "복지관 침구와 근무복, 커튼을 수거해 세탁하고 돌려드리는 자활기업입니다.",
        "세탁소",
    ),
]
VETTED_COUNT = 11  # the first eleven were selected by last year's round (vetting/demo.py)

# (name, products, category, address) as older modules read them: the line of business is the first category.
EXAMPLE_ENTERPRISES = [(e.name, e.products, e.categories[0], e.street) for e in EXAMPLES]


def example_business_no(index: int) -> str:
    first_nine = f"99981{index:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


def index_of_category(code: str) -> int:
    """The example enterprise whose line of business is `code` (1-based)."""
    return next(i for i, e in enumerate(EXAMPLES, start=1) if e.categories[0] == code)


def _periods(example: Example, today: datetime.date):
    for type_, number, valid_from, valid_to in example.periods:
        if valid_to is RELATIVE:
            # Ends some ten weeks from the day the demo is made (after the upcoming 상담회): its expiry
            # reminders are alive, and it started within its type's longest term.
            valid_to = today + datetime.timedelta(days=75)
            valid_from = valid_to - datetime.timedelta(days=2 * 365 + 180)
        yield type_, number, valid_from, valid_to


def seed(today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    created = {"enterprises": 0, "certifications": 0}
    categories = {c.code: c for c in category_model().objects.all()}
    for index, example in enumerate(EXAMPLES, start=1):
        enterprise, made = Enterprise.objects.get_or_create(
            business_no=example_business_no(index),
            defaults={
                "name": example.name,
                "main_products": example.products,
                "is_example": True,
                "address": f"서울특별시 관악구 {example.street} (예시 주소)",
                "phone": f"02-000-{index:04d}",
                "representative": example.representative,
                "description": f"{example.about} (시연용 가상 기업)",
                "employees": example.employees,
                "vulnerable_employees": example.vulnerable,
            },
        )
        created["enterprises"] += made
        if not made:  # an existing demo keeps its enterprises (and periods counted from the day it was made)
            continue
        # Registered on the platform a while ago (a working day two to three years back), not today.
        registered = working_day_on_or_after(today - datetime.timedelta(days=700 + 23 * index))
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=at(registered, 10), updated_at=at(registered, 10))
        enterprise.categories.set([categories[code] for code in example.categories if code in categories])
        for type_, number, valid_from, valid_to in _periods(example, today):
            Certification.objects.create(
                enterprise=enterprise,
                type=type_,
                number=number,
                valid_from=valid_from,
                valid_to=valid_to or term_end_limit(type_, valid_from),
            )
            created["certifications"] += 1
        Certification.objects.filter(enterprise=enterprise).update(created_at=at(registered, 10))
    return created
