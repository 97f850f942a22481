"""Demo personas (known password) and about 200 officer accounts spread over the institutions (part of seed_demo:
the shell composes the apps' demo data, so accounts need not know enterprises or institutions)."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from procure.accounts.models import Role, User
from procure.enterprises.demo import example_business_no
from procure.enterprises.models import Enterprise
from procure.institutions.models import Department, Institution

DEMO_PASSWORD = "gwanak-demo-2026"
OFFICERS_PER_INSTITUTION = {"관악구청": 152, "관악구의회": 8, "관악구시설관리공단": 20, "관악문화재단": 20}
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN_NAMES = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "은우",
    "지민",
    "시우",
    "수아",
    "예준",
    "하은",
    "지호",
    "유진",
    "준서",
    "채원",
    "현우",
    "다은",
    "건우",
    "소윤",
    "우진",
    "예린",
    "선우",
    "지아",
]


@dataclass(frozen=True)
class Persona:
    username: str
    name: str
    role: str
    description: str
    institution: str = ""
    department: str = ""
    enterprise_index: int = 0
    is_superuser: bool = False


PERSONAS = [
    Persona("district", "김관악", Role.DISTRICT_ADMIN, "구 관리자 — 기관·부서, 규칙, 전체 실적", is_superuser=True),
    Persona("center", "이나눔", Role.CENTER_STAFF, "지원센터 담당자 — 기업 심사, 설명회, 모니터링"),
    Persona("buyer", "박구매", Role.BUYER, "구매담당자 — 관악구청 총무과", "관악구청", "총무과"),
    Persona(
        "buyer_fmc",
        "최공단",
        Role.BUYER,
        "구매담당자 — 관악구시설관리공단 경영지원팀",
        "관악구시설관리공단",
        "경영지원팀",
    ),
    Persona("enterprise", "정기업", Role.ENTERPRISE, "기업회원 — 관악나눔행사기획 협동조합 (예시)", enterprise_index=1),
    Persona("reviewer", "한심사", Role.REVIEWER, "심사위원 — 올해 모집 심사 중"),
    Persona("reviewer2", "윤평가", Role.REVIEWER, "심사위원"),
    Persona("reviewer3", "서검토", Role.REVIEWER, "심사위원"),
]


def _officer_name(index: int) -> str:
    """Distinct for the first 480 officers (20 surnames × 24 given names), so a schedule never shows two
    different people under one name."""
    surname, turn = index % len(SURNAMES), index // len(SURNAMES)
    return SURNAMES[surname] + GIVEN_NAMES[(turn + 7 * surname) % len(GIVEN_NAMES)]


def seed() -> dict[str, int]:
    # One hash for every new demo account: hashing 200 passwords one by one would take a minute.
    password_hash = make_password(DEMO_PASSWORD)
    created = 0
    for persona in PERSONAS:
        institution = department = enterprise = None
        if persona.institution:
            institution = Institution.objects.get(name=persona.institution)
            department = Department.objects.get(institution=institution, name=persona.department)
        if persona.enterprise_index:
            enterprise = Enterprise.objects.get(business_no=example_business_no(persona.enterprise_index))
        _, made = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "name": persona.name,
                "email": f"{persona.username}@example.org",
                "role": persona.role,
                "institution": institution,
                "department": department,
                "enterprise": enterprise,
                "is_staff": persona.is_superuser,
                "is_superuser": persona.is_superuser,
                "password": password_hash,
            },
        )
        created += made

    number = 0
    for institution_name, count in OFFICERS_PER_INSTITUTION.items():
        institution = Institution.objects.get(name=institution_name)
        departments = list(institution.departments.order_by("pk"))
        for offset in range(count):
            number += 1
            _, made = User.objects.get_or_create(
                username=f"officer{number:03d}",
                defaults={
                    "name": _officer_name(number),
                    "email": f"officer{number:03d}@example.org",
                    "role": Role.BUYER,
                    "institution": institution,
                    "department": departments[offset % len(departments)],
                    "password": password_hash,
                },
            )
            created += made
    return {"users": created}
