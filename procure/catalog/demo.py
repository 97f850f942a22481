"""Offerings of the eleven example enterprises."""

from procure.catalog.models import Category, Offering
from procure.catalog.services import offering_create
from procure.enterprises.demo import example_business_no
from procure.enterprises.models import Enterprise

# enterprise index → [(name, kind, category, unit price, unit, description)]
OFFERINGS = {
    1: [
        (
            "행사 기획·운영 대행",
            "services",
            "EVENT",
            5_000_000,
            "식",
            "구민 행사, 기념식, 주민 한마당의 기획부터 현장 운영까지 대행합니다.",
        ),
        ("무대·음향 장비 대여", "services", "EVENT", 1_800_000, "식", "야외 무대, 음향, 조명 설치와 운영 기사 배치."),
    ],
    2: [
        ("직원 역량강화 교육", "services", "EDU", 800_000, "회", "공무원 대상 소통·협업 교육, 워크숍 진행."),
        ("어린이 생태 체험 프로그램", "services", "EDU", 25_000, "명", "방학 중 초등학생 생태·만들기 체험."),
    ],
    3: [
        ("회의용 도시락", "goods", "CATER", 12_000, "개", "국내산 재료로 만든 한식 도시락, 30개 이상 배달."),
        ("출장 뷔페", "services", "CATER", 25_000, "명", "행사·워크숍 출장 뷔페와 다과 케이터링."),
    ],
    4: [("명절 농산물 꾸러미", "goods", "FOOD", 35_000, "세트", "관악 로컬푸드 제철 농산물 선물세트.")],
    5: [
        ("현수막 제작", "goods", "PRINT", 45_000, "개", "친환경 소재 현수막 디자인과 인쇄, 게시대 설치."),
        ("리플릿 인쇄", "goods", "PRINT", 300, "부", "사업 안내 리플릿 디자인과 인쇄."),
    ],
    6: [
        ("방역소독 용역", "services", "CLEAN", 150_000, "회", "청사·경로당 방역과 소독, 해충 방제."),
        ("사무실 정기청소", "services", "CLEAN", 900_000, "월", "사무실과 공용공간 정기 청소."),
    ],
    7: [("경로당 시설 보수", "services", "REPAIR", 2_000_000, "식", "경로당과 복지시설의 소규모 수선과 집수리.")],
    8: [("실내 공기정화 화분", "goods", "GREEN", 30_000, "개", "사무실용 공기정화 식물 화분 납품과 관리.")],
    9: [
        ("친환경 에코백", "goods", "GIFT", 6_000, "개", "행사 기념품용 면 에코백, 로고 인쇄."),
        ("폐현수막 업사이클 장바구니", "goods", "GIFT", 8_000, "개", "폐현수막을 다시 쓴 장바구니 기념품."),
    ],
    10: [
        ("홍보영상 제작", "services", "MEDIA", 3_000_000, "편", "정책 홍보 영상과 유튜브 숏폼 제작."),
        ("행사 사진 촬영", "services", "MEDIA", 400_000, "회", "행사 현장 사진 촬영과 보정."),
    ],
    11: [
        ("어르신 방문돌봄", "services", "CARE", 20_000, "시간", "홀몸 어르신 방문 돌봄과 안부 확인."),
        ("치매예방 인지활동 프로그램", "services", "CARE", 150_000, "회", "경로당 어르신 인지 향상 활동."),
    ],
}


def seed() -> dict[str, int]:
    created = 0
    categories = {c.code: c for c in Category.objects.all()}
    for index, items in OFFERINGS.items():
        enterprise = Enterprise.objects.get(business_no=example_business_no(index))
        for name, kind, category, price, unit, description in items:
            if Offering.objects.filter(enterprise=enterprise, name=name, kind=kind).exists():
                continue
            offering_create(
                actor=None,
                enterprise=enterprise,
                name=name,
                kind=kind,
                category=categories[category],
                unit_price=price,
                unit=unit,
                description=description,
            )
            created += 1
    if created:
        from procure.catalog.indexing import offerings_analyse

        offerings_analyse()  # seed_demo is a command: the analyser runs here rather than waiting for the worker
    return {"offerings": created}
