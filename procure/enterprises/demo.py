"""Eleven fictional enterprises with certification periods. Every name says (예시); registration
numbers are made up (tax-office code 999, which no real office uses) but pass the checksum."""

import datetime

from procure.core.business_no import business_no_check_digit
from procure.enterprises.models import Certification, Enterprise, EnterpriseType, category_model, term_end_limit

T = EnterpriseType
D = datetime.date
# name, products, category, address (관악구), [(type, number, valid_from, valid_to)], employees, vulnerable
EXAMPLE_ENTERPRISES = [
    (
        "관악나눔행사기획 협동조합 (예시)",
        "행사 기획·운영, 무대·음향 대여",
        "EVENT",
        "관악로 145",
        [(T.COOPERATIVE, "", D(2019, 4, 1), None)],
        12,
        4,
    ),
    (
        "봉천함께배움 사회적협동조합 (예시)",
        "공무원·주민 교육, 체험 프로그램",
        "EDU",
        "봉천로 227",
        [(T.SOCIAL_COOPERATIVE, "", D(2020, 6, 15), None)],
        9,
        3,
    ),
    (
        "신림밥상 (예시)",
        "도시락, 케이터링, 회의 다과",
        "CATER",
        "신림로 330",
        [
            (T.PRE_SOCIAL_ENTERPRISE, "예비-2021-07", D(2021, 3, 1), D(2023, 2, 28)),
            (T.CERTIFIED_SOCIAL_ENTERPRISE, "제2023-118호", D(2023, 3, 1), None),
        ],
        21,
        9,
    ),
    (
        "낙성대로컬푸드 마을기업 (예시)",
        "지역 농산물, 명절 선물세트",
        "FOOD",
        "낙성대로 12",
        [(T.VILLAGE_ENTERPRISE, "마을-2022-05", D(2022, 5, 1), None)],
        6,
        2,
    ),
    (
        "관악인쇄디자인 (예시)",
        "인쇄물, 현수막, 홍보물 디자인",
        "PRINT",
        "남부순환로 1820",
        [(T.CERTIFIED_SOCIAL_ENTERPRISE, "제2016-042호", D(2016, 9, 1), None)],
        15,
        6,
    ),
    (
        "청룡클린 자활기업 (예시)",
        "청사 청소, 방역·소독",
        "CLEAN",
        "청룡2길 8",
        [(T.SELF_SUFFICIENCY_ENTERPRISE, "", D(2018, 1, 1), None)],
        18,
        12,
    ),
    (
        "서원집수리 협동조합 (예시)",
        "집수리, 시설 보수, 인테리어",
        "REPAIR",
        "서원7길 21",
        [(T.COOPERATIVE, "", D(2020, 2, 1), None)],
        7,
        2,
    ),
    (
        "도림천정원 (예시)",
        "조경, 실내 녹화, 화분 관리",
        "GREEN",
        "도림천로 4",
        [(T.PRE_SOCIAL_ENTERPRISE, "예비-2024-11", D(2024, 2, 1), D(2027, 1, 15))],
        5,
        2,
    ),
    (
        "관악공방 (예시)",
        "기념품, 판촉물, 공예품",
        "GIFT",
        "관천로 62",
        [(T.CERTIFIED_SOCIAL_ENTERPRISE, "제2019-201호", D(2019, 11, 1), None)],
        10,
        5,
    ),
    (
        "미성영상미디어 (예시)",
        "홍보 영상, 행사 사진 촬영",
        "MEDIA",
        "난곡로 88",
        [(T.PRE_SOCIAL_ENTERPRISE, "예비-2023-05", D(2023, 5, 1), None)],
        4,
        1,
    ),
    (
        "난곡돌봄 사회적협동조합 (예시)",
        "어르신·아동 돌봄 서비스",
        "CARE",
        "난곡로 251",
        [(T.SOCIAL_COOPERATIVE, "", D(2017, 7, 1), None)],
        30,
        14,
    ),
]


def example_business_no(index: int) -> str:
    first_nine = f"99981{index:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


def seed() -> dict[str, int]:
    created = {"enterprises": 0, "certifications": 0}
    for index, (name, products, category, street, periods, employees, vulnerable) in enumerate(
        EXAMPLE_ENTERPRISES, start=1
    ):
        enterprise, made = Enterprise.objects.get_or_create(
            business_no=example_business_no(index),
            defaults={
                "name": name,
                "main_products": products,
                "is_example": True,
                "address": f"서울특별시 관악구 {street} (예시 주소)",
                "phone": f"02-000-{index:04d}",
                "representative": "홍길동",
                "description": f"{name}은(는) 시연용 가상 기업입니다. 주요 품목: {products}.",
                "employees": employees,
                "vulnerable_employees": vulnerable,
            },
        )
        created["enterprises"] += made
        if made:
            enterprise.categories.set(category_model().objects.filter(code=category))
        for type_, number, valid_from, valid_to in periods:
            _, made = Certification.objects.get_or_create(
                enterprise=enterprise,
                type=type_,
                valid_from=valid_from,
                defaults={"number": number, "valid_to": valid_to or term_end_limit(type_, valid_from)},
            )
            created["certifications"] += made
    return created
