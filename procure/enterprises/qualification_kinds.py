"""The kinds of qualification an enterprise may record (EnterpriseQualification.kind), as data with sources.

Two families:
- **supplier groups of the decree** (지방계약법 시행령 §25①5, 국가계약법 시행령 §26①5가): a 확인서 that puts the
  enterprise in a group with its own 수의계약 limits. Each kind names its `group` — the code the route helper
  reads from `selectors.supplier_groups_on` (소기업 and 소상공인 are one group in both decrees).
- **registrations and licences** (업종 등록·면허): what an enterprise may lawfully do — 건설산업기본법 종합·전문
  업종 (`works_type` 종합/전문 for the route helper's 공사 limits), 전기·정보통신·소방 (기타 공사, §25①5가) and
  the service registrations of ../shared/design/domain-research.md §3.7, read by `selectors.licences_on` and
  `selectors.licence_holders_on` (the opportunity finder and the vetting scorecard).

Codes are stable: other apps and data files name them. Add a kind with its source; never rename a code.
"""

from dataclasses import dataclass

GROUP = "group"
LICENCE = "licence"

# Decree supplier group codes → label (selectors.supplier_groups_on returns these, next to EnterpriseType values).
SUPPLIER_GROUPS = {
    "small_micro": "소기업·소상공인",
    "women": "여성기업",
    "disabled": "장애인기업",
    "youth_startup": "청년창업기업",
}

DECREE_25 = "지방계약법 시행령 §25①5; 국가계약법 시행령 §26①5가"
CONSTRUCTION = "건설산업기본법 §9, 시행령 별표1 (2020 업종 개편)"


@dataclass(frozen=True)
class QualificationKind:
    code: str
    label: str
    family: str  # GROUP or LICENCE
    source: str  # the law or register the kind comes from
    issuer: str = ""  # who issues the 확인서 or keeps the register (a hint shown on the form)
    group: str = ""  # for GROUP: the decree group code (SUPPLIER_GROUPS)
    works_type: str = ""  # for works registrations: 종합, 전문 or 기타 (§25①5가)


KINDS = [
    # Supplier groups of the decree (domain-research §1.3a).
    QualificationKind(
        "small_business",
        "소기업 확인",
        GROUP,
        f"{DECREE_25} 라목·3); 중소기업기본법 §2②, 시행령 §8",
        "중소벤처기업부 (중소기업현황정보시스템 확인서)",
        group="small_micro",
    ),
    QualificationKind(
        "micro_business",
        "소상공인 확인",
        GROUP,
        f"{DECREE_25} 라목·3); 소상공인기본법 §2",
        "중소벤처기업부 (중소기업현황정보시스템 확인서)",
        group="small_micro",
    ),
    QualificationKind(
        "women_business",
        "여성기업 확인",
        GROUP,
        f"{DECREE_25} 바목1)·5); 여성기업지원에 관한 법률 §2",
        "한국여성경제인협회 (여성기업종합정보포털)",
        group="women",
    ),
    QualificationKind(
        "disabled_business",
        "장애인기업 확인",
        GROUP,
        f"{DECREE_25} 바목2)·5); 장애인기업활동 촉진법 §2",
        "장애인기업종합지원센터",
        group="disabled",
    ),
    QualificationKind(
        "youth_startup",
        "청년창업기업",
        GROUP,
        f"{DECREE_25} 다목·7); 중소기업창업 지원법",
        "중소벤처기업부 (창업기업 확인서)",
        group="youth_startup",
    ),
    # 건설업 종합공사 (건설산업기본법 시행령 별표1, domain-research §3.7).
    QualificationKind(
        "civil_works", "토목공사업 (종합)", LICENCE, CONSTRUCTION, "관할 시·도 / 시·군·구", works_type="종합"
    ),
    QualificationKind("building_works", "건축공사업 (종합)", LICENCE, CONSTRUCTION, "관할 시·도", works_type="종합"),
    QualificationKind(
        "civil_building_works", "토목건축공사업 (종합)", LICENCE, CONSTRUCTION, "관할 시·도", works_type="종합"
    ),
    QualificationKind(
        "industrial_plant_works", "산업·환경설비공사업 (종합)", LICENCE, CONSTRUCTION, "관할 시·도", works_type="종합"
    ),
    QualificationKind("landscape_works", "조경공사업 (종합)", LICENCE, CONSTRUCTION, "관할 시·도", works_type="종합"),
    # 건설업 전문공사 (2020 개편 대업종).
    QualificationKind(
        "ground_paving_works", "지반조성·포장공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind("interior_works", "실내건축공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"),
    QualificationKind(
        "metal_window_roof_works",
        "금속창호·지붕건축물조립공사업",
        LICENCE,
        CONSTRUCTION,
        "관할 시·군·구",
        works_type="전문",
    ),
    QualificationKind(
        "painting_waterproof_works",
        "도장·습식·방수·석공사업",
        LICENCE,
        CONSTRUCTION,
        "관할 시·군·구",
        works_type="전문",
    ),
    QualificationKind(
        "planting_facility_works", "조경식재·시설물공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "rebar_concrete_works", "철근·콘크리트공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "demolition_scaffold_works", "구조물해체·비계공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "water_sewer_works", "상·하수도설비공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind("railway_works", "철도·궤도공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"),
    QualificationKind(
        "steel_structure_works", "철강구조물공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "underwater_dredging_works", "수중·준설공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "lift_ropeway_works", "승강기·삭도공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind(
        "mechanical_gas_works", "기계가스설비공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"
    ),
    QualificationKind("gas_heating_works", "가스난방공사업", LICENCE, CONSTRUCTION, "관할 시·군·구", works_type="전문"),
    # Works under their own laws (기타 공사, 지방계약법 시행령 §25①5가).
    QualificationKind(
        "electrical_works", "전기공사업", LICENCE, "전기공사업법 §4", "관할 시·도 (한국전기공사협회)", works_type="기타"
    ),
    QualificationKind(
        "telecom_works",
        "정보통신공사업",
        LICENCE,
        "정보통신공사업법 §14",
        "관할 시·도 (정보통신공사협회)",
        works_type="기타",
    ),
    QualificationKind(
        "fire_facility_works", "소방시설공사업", LICENCE, "소방시설공사업법 §4", "관할 시·도", works_type="기타"
    ),
    # Service registrations and licences (domain-research §3.7; marked [I] there — verify before relying on them).
    QualificationKind(
        "fire_facility_management",
        "소방시설관리업 (소방시설 점검)",
        LICENCE,
        "소방시설 설치 및 관리에 관한 법률 §29",
        "관할 시·도",
    ),
    QualificationKind(
        "electrical_safety_agency", "전기안전관리 대행", LICENCE, "전기안전관리법 §22", "산업통상자원부 / 시·도"
    ),
    QualificationKind("lift_maintenance", "승강기 유지관리업", LICENCE, "승강기 안전관리법 §39", "관할 시·도"),
    QualificationKind(
        "playground_inspection",
        "어린이놀이시설 안전검사기관",
        LICENCE,
        "어린이놀이시설 안전관리법 §4 (지정 검사기관)",
        "행정안전부",
    ),
    QualificationKind(
        "facility_safety_diagnosis",
        "안전진단전문기관 (시설물 정밀안전점검·진단)",
        LICENCE,
        "시설물의 안전 및 유지관리에 관한 특별법 §28",
        "관할 시·도",
    ),
    QualificationKind(
        "gas_safety_inspection", "가스 안전점검", LICENCE, "도시가스사업법·액화석유가스법", "한국가스안전공사 등"
    ),
    QualificationKind("septic_collection", "분뇨수집·운반업 (정화조 청소)", LICENCE, "하수도법 §45", "관할 시·군·구"),
    QualificationKind("water_tank_cleaning", "저수조청소업", LICENCE, "수도법 §33", "관할 시·군·구"),
    QualificationKind("asbestos_removal", "석면해체·제거업", LICENCE, "산업안전보건법 §120", "지방고용노동관서"),
    QualificationKind(
        "disinfection", "소독업 (방역)", LICENCE, "감염병의 예방 및 관리에 관한 법률 §52 (신고)", "관할 시·군·구"
    ),
    QualificationKind("waste_collection", "폐기물 수집·운반업", LICENCE, "폐기물관리법 §25", "관할 시·도 / 시·군·구"),
    QualificationKind("surveying", "측량업", LICENCE, "공간정보의 구축 및 관리 등에 관한 법률 §44", "관할 시·도"),
    QualificationKind(
        "appraisal",
        "감정평가업 (감정평가법인·사무소)",
        LICENCE,
        "감정평가 및 감정평가사에 관한 법률 §21·§29",
        "국토교통부",
    ),
    QualificationKind(
        "accounting_audit",
        "회계감사 (회계법인·감사반)",
        LICENCE,
        "공인회계사법 §23·주식회사 등의 외부감사에 관한 법률",
        "금융위원회",
    ),
    # Licensed services the opportunity finder's reference list names (procure/insights/data/out_of_reach.csv).
    QualificationKind("water_quality_testing", "먹는물 수질검사기관", LICENCE, "먹는물관리법 §43", "시·도"),
    QualificationKind(
        "environmental_measurement",
        "환경 측정대행업 (실내공기질·소음·대기, 석면조사 등)",
        LICENCE,
        "환경분야 시험·검사 등에 관한 법률 §16; 석면안전관리법 §30; 산업안전보건법 §126",
        "시·도 / 환경부 / 고용노동부",
    ),
    QualificationKind("health_screening", "건강검진기관", LICENCE, "건강검진기본법 §14", "보건복지부 (지정)"),
    QualificationKind("security_services", "경비업 (시설·기계경비)", LICENCE, "경비업법 §4", "시·도 경찰청"),
    QualificationKind("vehicle_repair", "자동차관리사업 (정비업)", LICENCE, "자동차관리법 §53", "관할 시·군·구"),
    QualificationKind("tree_hospital", "나무병원 (수목진료)", LICENCE, "산림보호법 §21의9", "시·도"),
    QualificationKind("heritage_repair", "문화유산수리업", LICENCE, "문화유산수리 등에 관한 법률 §14", "시·도"),
    QualificationKind("architect_office", "건축사사무소", LICENCE, "건축사법 §23", "시·도 (대한건축사협회)"),
    QualificationKind(
        "engineering_services",
        "엔지니어링사업자·건설엔지니어링업 (설계·건설사업관리)",
        LICENCE,
        "엔지니어링산업 진흥법 §21; 건설기술 진흥법 §26",
        "산업통상자원부 / 시·도",
    ),
    QualificationKind(
        "heritage_survey",
        "매장유산 조사기관 (발굴·지표조사)",
        LICENCE,
        "매장유산 보호 및 조사에 관한 법률 §24",
        "국가유산청",
    ),
    QualificationKind(
        "energy_audit",
        "에너지진단기관·기계설비 성능점검업",
        LICENCE,
        "에너지이용 합리화법 §32; 기계설비법 §21의2",
        "산업통상자원부 / 시·군·구",
    ),
]

KIND_BY_CODE = {kind.code: kind for kind in KINDS}
KIND_BY_LABEL = {kind.label: kind for kind in KINDS}
GROUP_KINDS = [kind for kind in KINDS if kind.family == GROUP]
LICENCE_KINDS = [kind for kind in KINDS if kind.family == LICENCE]
LICENCE_CODES = frozenset(kind.code for kind in LICENCE_KINDS)

# Korean names a person or a CLI may use for a decree group (issue 27: --supplier-types 소기업,여성기업,…).
GROUP_BY_LABEL = {
    **{label: code for code, label in SUPPLIER_GROUPS.items()},
    "소기업": "small_micro",
    "소상공인": "small_micro",
    "여성": "women",
    "장애인": "disabled",
    "청년창업": "youth_startup",
}


def kind_choices() -> list:
    """Grouped choices for a form's select."""
    return [
        ("구매 특례 대상 (시행령이 정한 기업)", [(k.code, k.label) for k in GROUP_KINDS]),
        ("업종 등록·면허", [(k.code, k.label) for k in LICENCE_KINDS]),
    ]


def kind_label(code: str) -> str:
    kind = KIND_BY_CODE.get(code)
    return kind.label if kind else code
