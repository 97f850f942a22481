"""Demo institutions and departments of 관악구 (names as the offices are commonly organised)."""

from procure.institutions.models import Department, Institution, InstitutionKind

DISTRICT_OFFICE_DEPARTMENTS = [
    "기획예산과",
    "감사담당관",
    "홍보과",
    "총무과",
    "재무과",
    "세무1과",
    "세무2과",
    "자치행정과",
    "문화체육과",
    "교육정책과",
    "일자리정책과",
    "지역경제과",
    "사회적경제과",
    "복지정책과",
    "어르신복지과",
    "가족정책과",
    "보육정책과",
    "청소행정과",
    "환경과",
    "공원녹지과",
    "도시계획과",
    "주택과",
    "건축과",
    "교통행정과",
    "도로과",
    "치수과",
    "부동산정보과",
    "건강관리과",
    "위생과",
    "보건행정과",
    "보라매동주민센터",
    "청림동주민센터",
    "성현동주민센터",
    "행운동주민센터",
    "낙성대동주민센터",
    "청룡동주민센터",
    "은천동주민센터",
    "중앙동주민센터",
    "인헌동주민센터",
    "남현동주민센터",
    "서원동주민센터",
    "신원동주민센터",
    "서림동주민센터",
    "신사동주민센터",
    "신림동주민센터",
    "난향동주민센터",
    "조원동주민센터",
    "대학동주민센터",
    "삼성동주민센터",
    "미성동주민센터",
    "난곡동주민센터",
]

# 기관코드: 관악구 3200000 is the 행정표준 code (public-data.md §5); the 공단 and 재단 codes were not verified
# there, so the demo leaves them empty for the administrator to fill in (or 조달청's code once known).
CODES = {"관악구청": "3200000"}

INSTITUTIONS = [
    ("관악구청", InstitutionKind.DISTRICT_OFFICE, DISTRICT_OFFICE_DEPARTMENTS),
    (
        "관악구의회",
        InstitutionKind.DISTRICT_COUNCIL,
        ["의회사무국 의정팀", "의회사무국 의사팀", "의회사무국 전문위원실"],
    ),
    (
        "관악구시설관리공단",
        InstitutionKind.FACILITIES_CORPORATION,
        ["경영지원팀", "기획예산팀", "체육시설팀", "주차사업팀", "시설관리팀", "복지시설팀"],
    ),
    (
        "관악문화재단",
        InstitutionKind.CULTURAL_FOUNDATION,
        ["경영지원팀", "문화사업팀", "공연장운영팀", "도서관팀", "축제팀"],
    ),
]


def seed() -> dict[str, int]:
    created = {"institutions": 0, "departments": 0}
    for name, kind, departments in INSTITUTIONS:
        institution, made = Institution.objects.get_or_create(
            name=name, defaults={"kind": kind, "code": CODES.get(name, "")}
        )
        created["institutions"] += made
        for department_name in departments:
            _, made = Department.objects.get_or_create(institution=institution, name=department_name)
            created["departments"] += made
    return created
