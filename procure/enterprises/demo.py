"""Eleven fictional enterprises. Every name says (예시); registration numbers are made up
(tax-office code 999, which no real office uses) but pass the checksum."""

from procure.core.business_no import business_no_check_digit
from procure.enterprises.models import Enterprise

EXAMPLE_ENTERPRISES = [
    ("관악나눔행사기획 협동조합 (예시)", "행사 기획·운영, 무대·음향 대여"),
    ("봉천함께배움 사회적협동조합 (예시)", "공무원·주민 교육, 체험 프로그램"),
    ("신림밥상 (예시)", "도시락, 케이터링, 회의 다과"),
    ("낙성대로컬푸드 마을기업 (예시)", "지역 농산물, 명절 선물세트"),
    ("관악인쇄디자인 (예시)", "인쇄물, 현수막, 홍보물 디자인"),
    ("청룡클린 자활기업 (예시)", "청사 청소, 방역·소독"),
    ("서원집수리 협동조합 (예시)", "집수리, 시설 보수, 인테리어"),
    ("도림천정원 (예시)", "조경, 실내 녹화, 화분 관리"),
    ("관악공방 (예시)", "기념품, 판촉물, 공예품"),
    ("미성영상미디어 (예시)", "홍보 영상, 행사 사진 촬영"),
    ("난곡돌봄 사회적협동조합 (예시)", "어르신·아동 돌봄 서비스"),
]


def example_business_no(index: int) -> str:
    first_nine = f"99981{index:04d}"
    return first_nine + str(business_no_check_digit(first_nine))


def seed() -> dict[str, int]:
    created = 0
    for index, (name, products) in enumerate(EXAMPLE_ENTERPRISES, start=1):
        _, made = Enterprise.objects.get_or_create(
            business_no=example_business_no(index),
            defaults={"name": name, "main_products": products, "is_example": True},
        )
        created += made
    return {"enterprises": created}
