"""The finder's knowledge (issue 29): licences from the registry, the law's reference lists, honest figures; and
category marks per institution (issue 26 §7)."""

import csv
import datetime

import pytest
from django.urls import reverse

from procure.accounts.models import Role
from procure.catalog.models import Category
from procure.catalog.services import offering_create
from procure.enterprises.models import EnterpriseQualification
from procure.enterprises.qualification_kinds import LICENCE_CODES
from procure.insights import reference
from procure.insights.models import CategoryMark
from procure.insights.selectors import classifier, forget_model, opportunities
from procure.insights.services import MarkError, category_mark
from tests.catalog.test_catalog import certified
from tests.factories import EnterpriseFactory, PurchaseRecordFactory
from tests.insights.test_finder import printer as printer  # noqa: PLC0414

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_model():
    forget_model()
    yield
    forget_model()


@pytest.fixture
def repairer(db):
    enterprise = certified(EnterpriseFactory(name="희망집수리 자활기업"))
    offering_create(
        actor=None,
        enterprise=enterprise,
        name="경로당 시설 보수",
        kind="services",
        category=Category.objects.get(code="REPAIR"),
        description="소규모 시설의 누수, 문짝, 수전, 타일을 보수합니다.",
    )
    return enterprise


def test_every_reference_entry_says_what_it_is_why_and_where_it_comes_from():
    rows = list(csv.DictReader(reference.DATA.open(encoding="utf-8")))
    assert len(rows) == len(reference.entries()) >= 40
    for row in rows:
        assert row["what"] and row["why"] and row["source"] and row["verified"] in ("S", "I"), row["code"]
        assert row["words"], row["code"]
    codes = {code for row in rows for code in row["licence"].split("|") if code}
    assert codes <= LICENCE_CODES  # every licence the finder asks for can be recorded in the registry


def test_a_licensed_works_line_is_out_of_reach_until_a_local_enterprise_records_the_licence(buyer, repairer):
    line = PurchaseRecordFactory(
        department=buyer.department, title="신림동 주민센터 2층 리모델링 공사", kind="works", amount=40_000_000
    )
    verdict = classifier().classify(line.title, kind="works", amount=line.amount, day=line.contract_date)
    assert (verdict.category, verdict.reason) == ("NONE", "licence_nobody")
    assert verdict.detail == "실내건축공사업(실내건축·목공)"
    unit = opportunities(institution=buyer.institution, year=2025)["departments"][0]
    assert unit.switchable == 0 and unit.out_of_reach_count == 1

    # A licence that has lapsed by the contract date does not count.
    EnterpriseQualification.objects.create(
        enterprise=repairer, kind="interior_works", valid_until=datetime.date(2024, 12, 31)
    )
    forget_model()
    assert classifier().classify(line.title, kind="works", amount=line.amount, day=line.contract_date).reason == (
        "licence_nobody"
    )

    EnterpriseQualification.objects.create(enterprise=repairer, kind="interior_works", number="서울-실내-001")
    forget_model()
    verdict = classifier().classify(line.title, kind="works", amount=line.amount, day=line.contract_date)
    assert (verdict.category, verdict.reason, verdict.names) == ("REPAIR", "licensed_holder", ("희망집수리 자활기업",))
    unit = opportunities(institution=buyer.institution, year=2025)["departments"][0]
    assert unit.switchable == 40_000_000 and unit.lines[0].names == ("희망집수리 자활기업",)


def test_small_works_need_no_registration_and_stay_with_the_catalog(repairer):
    model = classifier()
    # 경미한 건설공사 (건설산업기본법 시행령 §8): under 1,500만원 a 전문공사 needs no registration.
    small = model.classify("경로당 화장실 타일 보수공사", kind="works", amount=9_000_000)
    assert small.category == "REPAIR"
    large = model.classify("경로당 화장실 타일 보수공사", kind="works", amount=30_000_000)
    assert (large.category, large.reason) == ("NONE", "licence_nobody")
    # Lifts, electrical and fire works need their registration whatever the amount.
    assert model.classify("청사 분전반 교체공사", kind="works", amount=3_000_000).reason == "licence_nobody"
    assert model.classify("청사 승강기 정기 안전검사", amount=500_000).category == "NONE"


def test_the_laws_regulate_work_on_a_facility_not_a_mention_of_it():
    assert reference.match("청사 소방시설 작동기능점검").entry.code == "WORKS_FIRE"
    assert reference.match("구민 소방안전교육") is None
    assert reference.match("태양광 에너지 체험 교육") is None
    assert reference.match("지적장애인 주간활동 프로그램") is None
    assert reference.match("폐기물 업사이클 교육") is None
    assert reference.match("생활폐기물 수집운반 대행").entry.code == "WASTE"
    # Head-final: the word ending last decides (소방시설 … 정밀안전점검 is an inspection, not fire works).
    assert reference.match("아트홀 소방시설 정밀안전점검").entry.code == "SAFETY_INSPECTION"


def test_rents_placements_and_fees_are_out_of_reach_unless_the_catalog_offers_the_same(printer):
    offering_create(
        actor=None,
        enterprise=printer,
        name="몽골텐트 임대",
        kind="services",
        category=Category.objects.get(code="EVENT"),
        description="행사용 몽골텐트 임대, 설치·철거 포함.",
    )
    offering_create(
        actor=None,
        enterprise=printer,
        name="복사용지 A4",
        kind="goods",
        category=Category.objects.get(code="OFFICE"),
        description="사무실 복사기·복합기용 A4 복사용지 80g.",
    )
    model = classifier()
    assert model.classify("구민 축제 몽골텐트 임차").category == "EVENT"  # the catalog rents it out
    assert model.classify("민원실 복합기 임차(3년)").reason == "rental"
    assert model.classify("구민 체육대회 참가자 수송 버스 임차").reason == "rental"  # vehicles never
    assert model.classify("구민회관 대강당 대관").reason == "rental"  # venues never
    assert model.classify("구정 홍보 신문 광고 게재료").reason == "placement"
    assert model.classify("그룹웨어 소프트웨어 라이선스 갱신").reason == "fee"
    # What the catalog sells as goods is not "equipment it does not sell".
    assert model.classify("행사 홍보 현수막 교체", kind="goods").category == "PRINT"


def test_the_figures_are_a_range_and_never_claim_100_percent_without_sure_matches(client_for, buyer, printer):
    department = buyer.department
    PurchaseRecordFactory(department=department, title="행사 홍보 현수막 제작", amount=10_000_000)
    # A line the catalog barely knows: a guess, counted apart.
    PurchaseRecordFactory(department=department, title="ㅋㅋ 특수 물품 zq", amount=2_000_000)
    unit = opportunities(institution=buyer.institution, year=2025)["departments"][0]
    assert unit.sure == 10_000_000 and unit.unjudged_count == 1 and unit.unjudged == 2_000_000
    line = unit.lines[0]
    assert line.sure and line.confidence >= 0.9

    # Only likely switches: the upper end of 100% is never written as 100%.
    from procure.insights.selectors import Opportunity

    likely_only = Opportunity("시험", total=1_000, likely=1_000)
    assert likely_only.percent_range == "0.0% ~ 100% 미만"
    assert Opportunity("시험", total=1_000, sure=1_000).percent_range == "100.0%"

    page = client_for(buyer).get(
        reverse("insights:department", args=[buyer.institution_id, department.pk]) + "?year=2025"
    )
    text = page.content.decode()
    assert "판단하지 못한 구매 <strong>1건(2,000,000원)</strong>" in text
    assert "확실 <strong>10,000,000원</strong>" in text and "(100%)" in text  # the line's confidence
    unjudged = client_for(buyer).get(
        reverse("insights:department", args=[buyer.institution_id, department.pk]) + "?year=2025&show=unjudged"
    )
    assert "ㅋㅋ 특수 물품 zq" in unjudged.content.decode()


def test_an_officer_s_mark_holds_for_their_own_institution_only(buyer, other_buyer, printer):
    mine = PurchaseRecordFactory(department=buyer.department, title="2025년 행사 홍보 현수막 제작", amount=5_000_000)
    theirs = PurchaseRecordFactory(
        department=other_buyer.department, title="행사 홍보 현수막 제작(2차)", amount=5_000_000
    )
    category_mark(actor=buyer, record=mine, category="NONE")
    # The other institution's buyer marks the same title their own way: both marks stand.
    category_mark(actor=other_buyer, record=theirs, category="EVENT")
    assert CategoryMark.objects.count() == 2
    model = classifier()
    assert model.classify(mine.title, institution_id=buyer.institution_id).category == "NONE"
    assert model.classify(theirs.title, institution_id=other_buyer.institution_id).category == "EVENT"
    assert opportunities(institution=buyer.institution, year=2025)["departments"][0].switchable == 0
    assert opportunities(institution=other_buyer.institution, year=2025)["departments"][0].switchable == 5_000_000


def test_the_district_may_mark_for_every_institution_shown_as_such(
    client_for, buyer, other_buyer, center_staff, printer
):
    line = PurchaseRecordFactory(department=buyer.department, title="행사 홍보 현수막 제작", amount=5_000_000)
    elsewhere = PurchaseRecordFactory(department=other_buyer.department, title="행사 홍보 현수막 제작", amount=1_000)
    url = reverse("insights:line_mark", args=[line.pk])

    # A buyer may not mark for the whole district: refused in Korean, nothing written.
    response = client_for(buyer).post(url, {"category": "NONE", "scope": "district"}, follow=True)
    assert "구 전체에 적용하는 표시는 구 담당자만 할 수 있습니다" in response.content.decode()
    assert not CategoryMark.objects.exists()
    with pytest.raises(MarkError):
        category_mark(actor=buyer, record=line, category="NONE", district_wide=True)

    response = client_for(center_staff).post(url, {"category": "NONE", "scope": "district"}, follow=True)
    assert "구 전체 기관의 같은 계약명" in response.content.decode()
    mark = CategoryMark.objects.get()
    assert mark.district_wide
    model = classifier()
    assert model.classify(elsewhere.title, institution_id=other_buyer.institution_id).reason == "marked_district"
    page = client_for(other_buyer).get(
        reverse("insights:department", args=[other_buyer.institution_id, other_buyer.department_id])
        + "?year=2025&show=none"
    )
    assert "구 전체 표시" in page.content.decode()

    # An institution's own mark wins over the district's for its lines.
    category_mark(actor=other_buyer, record=elsewhere, category="PRINT")
    forget_model()
    assert classifier().classify(elsewhere.title, institution_id=other_buyer.institution_id).category == "PRINT"
    assert classifier().classify(line.title, institution_id=buyer.institution_id).category == "NONE"


def test_marking_access(client_for, buyer, other_buyer, make_user):
    line = PurchaseRecordFactory(department=buyer.department, title="행사 현수막 제작")
    url = reverse("insights:line_mark", args=[line.pk])
    assert client_for(other_buyer).post(url, {"category": "NONE"}).status_code == 403
    assert client_for(make_user(Role.ENTERPRISE)).post(url, {"category": "NONE"}).status_code == 403
    assert not CategoryMark.objects.exists()
    assert client_for(buyer).post(url, {"category": "NONE"}).status_code == 302
    assert CategoryMark.objects.get().institution_id == buyer.institution_id
    # Another institution's buyer cannot read the finder of this one, where the mark shows.
    page = reverse("insights:department", args=[buyer.institution_id, buyer.department_id])
    assert client_for(other_buyer).get(page).status_code == 403


def test_the_institution_page_shows_the_range_and_the_lines_not_judged(client_for, buyer, center_staff, printer):
    PurchaseRecordFactory(department=buyer.department, title="행사 홍보 현수막 제작", amount=10_000_000)
    PurchaseRecordFactory(department=buyer.department, title="ㅋㅋ 특수 물품 zq", amount=2_000_000)
    PurchaseRecordFactory(department=buyer.department, title="청사 승강기 유지관리 용역", amount=8_000_000)
    url = reverse("insights:institution", args=[buyer.institution_id]) + "?year=2025"
    text = client_for(center_staff).get(url).content.decode()
    assert "확실 <strong>10,000,000원</strong>" in text and "0.0% → 50.0%" in text
    assert "판단하지 못한 구매 1건(2,000,000원)" in text and '<td class="site-num">1건</td>' in text
    assert "100%" not in text


def test_the_command_names_the_licence_holder_on_the_contract_date(repairer, tmp_path):
    import io
    import json

    from django.core.management import call_command

    EnterpriseQualification.objects.create(
        enterprise=repairer, kind="painting_waterproof_works", valid_from=datetime.date(2025, 1, 1)
    )
    path = tmp_path / "ledger.csv"
    path.write_text(
        "계약명,구분,계약금액,계약일자\n"
        "경로당 옥상 방수공사,공사,30000000,2025-03-02\n"
        "경로당 옥상 방수공사,공사,30000000,2024-03-02\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("classify_purchases", str(path), "--json", stdout=out)
    held, before = json.loads(out.getvalue())["rows"]
    assert (held["category"], held["candidates"]) == ("REPAIR", ["희망집수리 자활기업"])
    assert (before["category"], before["reason"]) == ("NONE", "관내 기업 중 면허 보유 없음")
    assert before["detail"] == "도장·습식·방수·석공사업"


def test_each_category_is_also_learnt_from_what_the_public_taxonomies_call_it(printer):
    rows = list(csv.DictReader(reference.TERMS.open(encoding="utf-8")))
    codes = set(Category.objects.exclude(code="NONE").values_list("code", flat=True))
    assert {row["category"] for row in rows} == codes  # every category, none invented
    for row in rows:
        assert row["terms"] and row["source"] and row["verified"] in ("S", "I"), row["category"]
    # The catalog here sells only printing; the taxonomy still knows what 미화 and 택배 are.
    model = classifier()
    assert model.classify("청사 환경미화 용역").category == "CLEAN"
    assert model.classify("홍보물 택배 발송").category == "LOGIS"


def test_what_a_title_buys_is_its_last_word_without_the_words_of_how_it_is_bought():
    from procure.insights.classifier import head_word

    assert head_word("자치회관 프로그램 안내 책자 제작") == "책자"
    assert head_word("2024년 청사 미화 용역(연간)") == "미화"
    assert head_word("구민의날 행사 운영 대행") == "행사"
    assert head_word("제작") == ""


def test_a_small_works_amount_does_not_clear_a_work_that_needs_its_registration_at_any_amount(printer):
    model = classifier()
    # 도색 under 1,500만원 is 경미한 도장공사, but road and parking marking is its own work (노면표시).
    marking = model.classify("공영주차장 주차선 도색", kind="works", amount=6_500_000)
    assert (marking.category, marking.reason) == ("NONE", "licence_nobody")
    # 방화셔터: a fire-protection facility (소방시설법 §16), not just a small metal job.
    assert model.classify("지하주차장 방화셔터 보수공사", kind="works", amount=9_000_000).category == "NONE"
    # A small job of a work with a 경미한 amount and nothing else stays in reach.
    assert model.classify("경로당 화장실 타일 보수공사", kind="works", amount=4_000_000).category != "NONE"


def test_more_of_what_the_law_puts_out_of_reach(printer):
    model = classifier()
    assert model.classify("관용차 정기점검 및 타이어 교체").reason == "licence_nobody"  # 자동차관리법 정비업
    assert model.classify("구청사 통합 시설관리 용역", amount=1_250_000_000).category == "NONE"
    assert model.classify("재활용 선별장 운영 대행 용역").category == "NONE"  # 폐기물관리법 처리업
    assert model.classify("가로청소 대행 용역").category == "NONE"  # 생활폐기물 처리 대행
    assert model.classify("쓰레기 종량제봉투 제작", kind="goods").reason == "equipment"
    assert model.classify("체력단련실 운동기구 구입", kind="goods").reason == "equipment"
    assert model.classify("공동주택 건축물 정기점검").category == "NONE"  # 건축물관리법 §13
    # A rented appliance is a maker's rental, not an event firm's, whatever else the title says.
    assert model.classify("경로당 정수기 렌탈(연간)").reason == "rental"
    # Medical devices (의료기기법 §17, the AED of 응급의료법 §47의2) come from their makers and importers.
    assert model.classify("보건지소 혈압계 구매", kind="goods").reason == "equipment"
    assert model.classify("경로당 자동심장충격기 설치", kind="goods").category == "NONE"
    # A cooling tower is a 기계설비 (기계설비법 §17): cleaning it is not cleaning a building.
    assert model.classify("청사 냉각탑 세척 및 소독 용역").category == "NONE"
    # Parking bays and stop lines are 노면표시 (도장 전문공사) at any amount; a pool's filter is 기계설비.
    assert model.classify("공영주차장 구획선 도색", kind="works", amount=3_000_000).category == "NONE"
    assert model.classify("체육센터 여과설비 교체공사", kind="works", amount=40_000_000).category == "NONE"


def test_a_short_word_of_the_reference_marked_so_matches_only_where_a_word_starts(printer):
    assert reference.match("관용차량 유류 구입").entry.code == "FUEL"
    assert reference.match("미세먼지 신호등 유지보수") is None  # 신호등 유지… is not 등유
    assert reference.match("크리스마스 트리 장식") is None  # nor 크리스마스 a lease
    assert reference.match("방역 소독약품 구입") is None
    assert not reference.mentions_vehicle("버스킹 공연 음향 렌탈")
    assert reference.mentions_vehicle("구민 수송 버스 임차")


def test_a_one_letter_word_is_a_feature_of_its_own(printer):
    from procure.insights.classifier import grams, one_letter_words

    assert one_letter_words("경로당 어르신 떡 구입") == [("<떡>", 7)]
    assert one_letter_words("의자 및 책상 등") == []  # words that say nothing of what is bought
    assert "<떡>" in grams("답례용 떡 세트")
    # The taxonomy says 떡 is food (data/category_terms.csv); letter pairs alone never saw it.
    assert classifier().classify("떡 구입").category == "FOOD"


def test_the_labelling_conventions_count_a_lesson_by_its_subject(printer):
    """data/conventions.csv (the dev set's written conventions): 분리배출 education is ENV, a senior health programme
    CARE — while a senior hobby class stays education. Each rule says why and where it comes from."""
    assert reference.by_convention("하반기 분리배출 교육 강사 파견", "EDU") == "ENV"
    assert reference.by_convention("경로당 어르신 건강체조 교실 운영", "EDU") == "CARE"
    assert reference.by_convention("어르신 스마트폰 교실 운영", "EDU") == "EDU"
    assert reference.by_convention("분리배출 홍보 현수막 제작", "PRINT") == "PRINT"  # only what reads as education
    for rule in reference.conventions():
        assert rule.why and rule.source and rule.becomes != rule.reads_as


def test_a_convention_without_its_source_is_refused(tmp_path):
    path = tmp_path / "conventions.csv"
    path.write_text("reads_as,subject_words,also_words,becomes,why,source\nEDU,분리배출,,ENV,까닭,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="출처"):
        reference.conventions(path)


def test_plans_that_need_a_registered_engineer_and_disaster_stock_are_out_of_reach(printer):
    model = classifier()
    assert model.classify("도시관리계획 재정비 수립 용역", kind="services", amount=300_000_000).category == "NONE"
    assert model.classify("수해 대비 양수기 구매", kind="goods").reason == "equipment"
    assert model.classify("저소득가구 연탄 지원 구입").category == "NONE"  # fuel


def test_design_supervision_and_legal_work_need_their_professionals(printer):
    model = classifier()
    assert model.classify("구민회관 리모델링 실시설계 용역", kind="services").reason == "licence_nobody"
    assert model.classify("청사 증축 공사감리 용역", kind="services").category == "NONE"
    assert model.classify("도시개발사업 부지 문화재 지표조사", kind="services").category == "NONE"  # 매장유산법 §24
    assert model.classify("행정소송 소송대리 수임료").category == "NONE"  # 변호사법 §109
    # a word only like theirs, or their word in another job's title, is no professional's work
    assert reference.match("교육 프로그램 설계 워크숍") is None
    for title in (
        "위기가구 발굴조사",
        "사회지표조사",
        "만족도 표본조사",
        "소방설계 도서 인쇄",
        "법률자문 위원 위촉 행사 다과",
    ):
        assert reference.match(title) is None, title
    assert (
        reference.match("사랑의 연탄 나눔 봉사 행사") is None and reference.match("연탄 구입").entry.code == "FUEL_COAL"
    )


def test_an_architect_office_recorded_in_the_registry_makes_design_reachable(printer):
    from procure.enterprises.qualification_kinds import KIND_BY_CODE

    assert {"architect_office", "engineering_services", "heritage_survey"} <= set(KIND_BY_CODE)
    entry = next(e for e in reference.entries() if e.code == "DESIGN_SUPERVISION")
    assert set(entry.licences) <= set(KIND_BY_CODE)


def test_what_the_budget_pays_to_holders_of_a_right_is_out_of_reach(printer):
    """세출 통계목 kinds nobody supplies (postage, utilities, lines, bonds, tolls, hosting, land) and licensed trades
    (근로자파견, 여객운송, 항공방제, 교정·검정), each an out_of_reach.csv entry with its law."""
    model = classifier()
    for title in (
        "3분기 우편료 정산",
        "청사 상하수도료 납부",
        "행정 인터넷 전용회선 사용",
        "지역개발채권 매입",
        "관용차 하이패스 통행료",
        "누리집 서버호스팅 연장",
        "근로자파견 용역(민원 안내)",
        "소나무재선충 항공방제",
        "수질 측정기 교정검사",
    ):
        assert model.classify(title).category == "NONE", title
    # their words in another job's title do not catch it
    assert reference.match("의료급여 수급자 안내문 인쇄") is None
    assert reference.match("민원실 번호표 용지 구입") is None
    assert reference.match("마을 이야기 전자책 제작") is None
