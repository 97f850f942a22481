"""Issue 30 on a small catalog written here (not the dev rows): the thesaurus and loanword rules, price limits
and quantities read from the request, category-style requests, context words, and the analytics page's
"이 검색에 맞는 품목" action (reviewed synonyms, audited, center staff only)."""

import pytest
from django.urls import reverse

from procure.catalog import thesaurus
from procure.catalog.indexing import offerings_analyse
from procure.catalog.loanwords import loanword_key
from procure.catalog.models import Category, Offering, ThesaurusEntry
from procure.catalog.query_understanding import amount, understand
from procure.catalog.search import search
from procure.catalog.services import offering_create
from procure.core.models import AuditEvent
from tests.catalog.test_catalog import certified, names
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _offer(enterprise, name, code, description="", price=None, least=None, kind="goods"):
    return offering_create(
        actor=None,
        enterprise=enterprise,
        name=name,
        kind=kind,
        category=Category.objects.get(code=code),
        description=description,
        unit_price=price,
        min_quantity=least,
    )


@pytest.fixture
def market(db):
    maker = certified(EnterpriseFactory(name="성현 사회적협동조합"))
    rows = [
        ("사무실 이사", "LOGIS", "부서 이전 때 집기를 포장하고 운반해 설치합니다", 1_500_000, None, "services"),
        ("행사 물품 운송", "LOGIS", "화물차로 행사 물품을 상하차합니다", 250_000, None, "services"),
        ("하드디스크 완전삭제", "IT", "폐기 PC의 저장장치를 완전삭제하고 확인서를 드립니다", 20_000, None, "services"),
        ("방역소독 용역", "CLEAN", "감염병 예방 소독, 소독증명서 발급", 180_000, None, "services"),
        ("해충방제 서비스", "CLEAN", "바퀴벌레와 쥐를 잡고 방역 점검을 합니다", 150_000, None, "services"),
        ("사무실 정기청소", "CLEAN", "바닥과 화장실 청소", 2_500, None, "services"),
        ("청소 인력 교육", "EDU", "청소 노동자 안전 교육 강의", 300_000, None, "services"),
        ("단체 티셔츠", "APPAREL", "면 티셔츠에 로고를 인쇄합니다", 9_000, None, "goods"),
        ("행사용 조끼", "APPAREL", "행사 스태프 조끼, 등판 인쇄", 8_500, None, "goods"),
        ("행사 현수막", "PRINT", "행사 현수막 디자인과 인쇄", 35_000, None, "goods"),
        ("행사 기획 대행", "EVENT", "행사 기획부터 운영까지 대행", 5_000_000, None, "services"),
        ("조직문화 워크숍", "EDU", "팀빌딩 워크숍 진행", 1_500_000, None, "services"),
        ("리더십 교육", "EDU", "관리자 리더십 과정", 800_000, None, "services"),
        ("친환경 에코백", "GIFT", "캔버스 에코백에 로고 인쇄", 4_500, 100, "goods"),
        ("면 에코백", "GIFT", "무지 면 에코백, 소량 주문 가능", 3_800, None, "goods"),
        ("캐릭터 뱃지", "GIFT", "금속 뱃지 기념품", 1_800, None, "goods"),
        ("도자기 머그컵", "GIFT", "수제 머그컵 기념품", 18_000, None, "goods"),
        ("회의용 도시락", "CATER", "한식 도시락", 9_000, None, "goods"),
        ("프리미엄 도시락", "CATER", "귀빈 접대용 고급 도시락", 15_000, None, "goods"),
        ("맞춤 견적 도시락", "CATER", "메뉴와 단가는 협의", None, None, "goods"),
        ("다회용컵 대여", "ENV", "행사용 다회용컵을 빌려 드리고 회수해 세척합니다", 300, None, "services"),
        ("플라스틱 분리배출 교육", "EDU", "플라스틱 분리배출 방법을 알려 드리는 강의", 200_000, None, "services"),
        ("에어컨 분해세척", "CLEAN", "에어컨을 분해해 고압 세척합니다", 120_000, None, "services"),
        ("X배너 제작", "PRINT", "X배너 출력물과 거치대", 45_000, None, "goods"),
        ("임시 아이돌봄", "CARE", "회의·행사 동안 아이들을 돌보는 돌봄 인력을 보냅니다", 20_000, None, "services"),
    ]
    made = {r[0]: _offer(maker, *r[:3], price=r[3], least=r[4], kind=r[5]) for r in rows}
    offerings_analyse()
    return made


# --- query understanding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "won"),
    [("3천", 3_000), ("만", 10_000), ("1만5천", 15_000), ("12,000", 12_000), ("1억2천만", 120_000_000), ("", None)],
)
def test_korean_amounts_read_as_won(text, won):
    assert amount(text) == won


def test_price_phrases_become_limits_and_leave_the_words():
    asked = understand("단가 3천원 이하 기념품")
    assert (asked.max_price, asked.min_price, asked.text) == (3_000, None, "기념품")
    assert understand("1인당 만원 도시락 40인분").max_price == 10_000
    assert understand("1인당 만원 도시락 40인분").quantity == 40
    assert understand("5만원 이상 선물").min_price == 50_000
    assert (understand("2만원대 선물").min_price, understand("2만원대 선물").max_price) == (20_000, 29_999)
    assert understand("3,000원 미만 볼펜").max_price == 2_999
    assert "단가 3,000원 이하" in understand("단가 3천원 이하").describe()


def test_words_holding_a_number_syllable_are_not_prices():
    for text in ("만들기 체험", "천막 3개", "백화점 상품권", "A4 용지", "3단 리플릿"):
        asked = understand(text)
        assert asked.max_price is None and asked.min_price is None, text


@pytest.mark.parametrize(
    ("text", "low", "high", "rest"),
    [("만 원 이하 기념품", None, 10_000, "기념품"), ("3천 원 이하 기념품", None, 3_000, "기념품"),
     ("오천원 이하 기념품", None, 5_000, "기념품"), ("이만오천원 선물", None, 25_000, "선물"),
     ("10만원 안쪽 선물", None, 100_000, "선물"), ("1억2천만원 이하", None, 120_000_000, ""),
     ("십만원대 선물", 100_000, 199_999, "선물"), ("2만원 선물", None, 20_000, "선물")],
)  # fmt: skip
def test_prices_written_with_spaces_or_hangul_numerals(text, low, high, rest):
    asked = understand(text)
    assert (asked.min_price, asked.max_price, asked.text) == (low, high, rest)


@pytest.mark.parametrize(
    "text", ["신입 사원 교육", "구원 투수", "원목 책장 3 원목", "3 원목 의자", "이천 쌀", "5개 원두"]
)
def test_words_starting_with_won_or_numeral_syllables_are_not_prices(text):
    asked = understand(text)
    assert asked.max_price is None and asked.min_price is None and asked.text == text


def test_an_absurd_amount_is_no_limit():
    assert understand("단가 999999999999999999원 이하 도시락").max_price is None


def test_a_price_ceiling_in_the_request_is_honoured(market):
    hits = search("단가 3천원 이하 기념품", limit=None)
    assert hits and all(Offering.objects.get(pk=h.offering_id).unit_price <= 3_000 for h in hits)
    assert "캐릭터 뱃지" in names(hits) and "도자기 머그컵" not in names(hits)
    per_head = search("1인당 만원 도시락", limit=None)
    assert names(per_head) == ["회의용 도시락"]  # 15,000원 and the unpriced one are left out


def test_a_price_floor_and_an_explicit_filter_both_hold(market):
    assert names(search("도시락 1만원 이상", limit=None)) == ["프리미엄 도시락"]
    assert names(search("단가 2만원 이하 도시락", limit=None, max_price=9_000)) == ["회의용 도시락"]


def test_a_quantity_under_the_minimum_order_ranks_lower(market):
    assert names(search("에코백 20개"))[0] == "면 에코백"
    assert names(search("에코백 200개"))[0] == "친환경 에코백"


# --- meaning: thesaurus and loanword rules ------------------------------------------------------------------


def test_every_thesaurus_row_names_its_source():
    rows = thesaurus.rows()
    assert len(rows) > 50 and all(row.source and row.related for row in rows)
    assert {row.relation for row in rows} == thesaurus.RELATIONS


def test_a_thesaurus_row_without_a_source_is_refused(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("분류\t관계\t표제어\t관련어\t출처\nLOGIS\t같은말\t이사\t이전\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="출처"):
        thesaurus.rows(path)


def test_a_need_described_by_what_is_carried_finds_the_move(market):
    assert names(search("사무실 짐 옮기기"))[0] == "사무실 이사"


def test_a_campaign_described_by_its_goal_finds_reusable_goods(market):
    assert "다회용컵 대여" in names(search("일회용품 줄이기 행사"))[:2]


def test_a_technical_word_the_catalog_never_uses_finds_its_service(market):
    assert names(search("디가우징"))[0] == "하드디스크 완전삭제"


@pytest.mark.parametrize(
    ("one", "other"),
    [("워크샵", "워크숍"), ("리더쉽", "리더십"), ("레크레이션", "레크리에이션"), ("렌탈", "렌털"), ("컨텐츠", "콘텐츠"),
     ("쥬스", "주스"), ("화일", "파일"), ("셋트", "세트"), ("케익", "케이크"), ("써비스", "서비스"),
     ("워크샾", "워크숍"), ("커피숖", "커피숍")],
)  # fmt: skip
def test_loanword_spellings_share_one_key(one, other):
    assert loanword_key(one) == loanword_key(other)


def test_korean_words_a_vowel_apart_keep_their_own_keys():
    assert loanword_key("정비") != loanword_key("장비")
    assert loanword_key("세트") != loanword_key("셋")


def test_a_loanword_spelt_another_way_finds_the_offering(market):
    assert names(search("워크샵"))[0] == "조직문화 워크숍"
    assert names(search("리더쉽 교육"))[0] == "리더십 교육"


def test_a_slipped_key_inside_a_loanword_spelt_another_way_still_finds_it(market):
    assert names(search("리더쉼"))[:1] == ["리더십 교육"]  # 쉼: one letter from 쉽, which is 십's other spelling
    assert names(search("워크샾"))[0] == "조직문화 워크숍"


# --- category-style requests and context words ------------------------------------------------------------


def test_a_category_style_request_ranks_the_core_offering_first(market):
    assert names(search("방역 업체"))[0] == "방역소독 용역"
    cleaning = names(search("청소 업체"))
    assert cleaning[0] == "사무실 정기청소" and cleaning.index("청소 인력 교육") > 0


def test_a_kind_of_the_word_asked_ranks_below_the_word_itself(market):
    cleaning = names(search("청소 용역"))
    assert "에어컨 분해세척" in cleaning and cleaning.index("에어컨 분해세척") > cleaning.index("사무실 정기청소")
    banners = names(search("현수막"))
    assert banners[0] == "행사 현수막" and "X배너 제작" in banners  # a related thing, never above the thing
    assert names(search("방역"))[0] == "방역소독 용역"


def test_every_relation_of_the_thesaurus_is_used_by_some_row():
    assert {row.relation for row in thesaurus.rows()} == {"같은말", "좁은말", "관련", "쓰임"}


@pytest.mark.parametrize("word", ["옮기기", "옮길", "옮겨", "옮기는", "옮겼는데"])
def test_a_conjugated_verb_reads_as_its_thesaurus_entry(word):
    assert thesaurus.lookup(word) == "옮기기"


@pytest.mark.parametrize("word", ["나라장터", "옮", "옮기기관", "주민", "회의", "공유"])
def test_words_that_only_look_like_a_verb_are_not_read_as_one(word):
    assert thesaurus.lookup(word) in (None, word)


def test_a_need_described_by_a_verb_finds_the_service(market):
    assert names(search("주민 회의 동안 아이 맡길 곳"))[0] == "임시 아이돌봄"
    assert names(search("사무실 짐 옮겨 주실 분"))[0] == "사무실 이사"


def test_the_words_of_a_sentence_that_name_no_thing_are_not_searched(market):
    """안 (not) is no part of 안내; 몇 년 치 are a count; 하는/싶어요 are helping verbs (표준국어대사전's parts of
    speech): a request written as a sentence reads like its nouns."""
    from procure.catalog.search import candidates

    typed = [w.typed for w in candidates("몇 년 치 서류 안 버리고 보관하는 곳 알고 싶어요")[1]]
    assert not {"몇", "년", "치", "안", "알고", "싶어요"} & set(typed)
    assert "보관" in typed  # 보관하는 → 보관 (a 하다 verb read as its noun)
    assert candidates("안")[1]  # a function word alone is still searched
    assert candidates("한 번")[1]  # and a request of function words only


@pytest.mark.parametrize(
    ("word", "stem"),
    [("출력하면", "출력"), ("따뜻하게", "따뜻"), ("정리해서", "정리"), ("포장했어요", "포장"), ("정리되는", "정리")],
)
def test_a_hada_verb_reads_as_its_noun(word, stem):
    from procure.catalog.analysis import strip_hada

    assert strip_hada(word) == stem


@pytest.mark.parametrize(
    "word", ["행사", "한파", "만족도", "일하는", "대한", "사물함", "유통기한", "자연재해", "디자인명함"]
)
def test_words_that_only_look_like_a_hada_verb_are_kept(word):
    from procure.catalog.analysis import strip_hada

    assert strip_hada(word) == word


def test_plural_and_spoken_particles_come_off(market):
    from procure.catalog.search import candidates

    typed = [w.typed for w in candidates("직원들한테 나눠줄 에코백")[1]]
    assert "직원들한테" not in typed and "직원들" not in typed
    assert names(search("아이들한테 맡길 곳"))[0] == "임시 아이돌봄"


def test_a_word_the_thesaurus_knows_is_not_spelt_into_a_catalog_word(market):
    """창고 (a storeroom, in the thesaurus) is one letter from 창호 (windows); it is a word, not a typo."""
    from procure.catalog.search import candidates

    (word,) = candidates("창고")[1]
    assert ("t", "창호") not in word.forms


def test_a_context_word_weighs_less_than_the_thing_asked_for(market):
    assert names(search("행사 티셔츠 인쇄"))[0] == "단체 티셔츠"


# --- "이 검색에 맞는 품목" on the analytics page -------------------------------------------------------------


def test_center_staff_add_the_offering_a_failing_search_meant(client_for, center_staff, market):
    assert "사무실 이사" not in names(search("좌석 재배치"))
    client = client_for(center_staff)
    page = client.get(reverse("catalog:search_match"), {"q": "좌석 재배치", "find": "이사"})
    assert page.status_code == 200 and "사무실 이사" in page.content.decode()
    moving = market["사무실 이사"]
    response = client.post(reverse("catalog:search_match"), {"q": "좌석 재배치", "offering": moving.pk})
    assert response.status_code == 302
    entry = ThesaurusEntry.objects.get()
    assert (entry.word, entry.offering, entry.reviewed_by) == ("좌석재배치", moving, center_staff)
    event = AuditEvent.objects.get(action="catalog.thesaurus.match_added")
    assert event.actor == center_staff
    assert names(search("좌석 재배치"))[0] == "사무실 이사"
    again = client.post(reverse("catalog:search_match"), {"q": "좌석 재배치", "offering": moving.pk}, follow=True)
    assert "이미" in again.content.decode() and ThesaurusEntry.objects.count() == 1
    client.post(reverse("catalog:search_match_retire", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.is_active and AuditEvent.objects.filter(action="catalog.thesaurus.retired").exists()
    assert "사무실 이사" not in names(search("좌석 재배치"))


def test_the_analytics_page_offers_the_action(client_for, center_staff, buyer, market):
    client_for(buyer).get(reverse("catalog:search"), {"q": "우주선"})
    page = client_for(center_staff).get(reverse("catalog:search_insights")).content.decode()
    assert "이 검색에 맞는 품목" in page and reverse("catalog:search_match") in page


def test_hostile_input_writes_nothing(client_for, center_staff, market):
    client = client_for(center_staff)
    response = client.post(reverse("catalog:search_match"), {"q": "이사", "offering": "abc"}, follow=True)
    assert "검색어와 품목을 고르세요" in response.content.decode()
    response = client.post(
        reverse("catalog:search_match"), {"q": "짐", "offering": market["사무실 이사"].pk}, follow=True
    )
    assert "두 글자 이상" in response.content.decode()
    assert not ThesaurusEntry.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="catalog.thesaurus").exists()


@pytest.mark.parametrize("role", ["buyer", "enterprise_member"])
def test_only_center_staff_may_add_matches(request, client_for, role, market):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("catalog:search_match"), {"q": "짐"}).status_code == 403
    response = client.post(reverse("catalog:search_match"), {"q": "서류 나르기", "offering": market["사무실 이사"].pk})
    assert response.status_code == 403 and not ThesaurusEntry.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, market):
    response = client.get(reverse("catalog:search_match"), {"q": "짐"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_search_page_says_which_limit_it_read(client, market):
    page = client.get(reverse("catalog:search"), {"q": "단가 3천원 이하 기념품"}).content.decode()
    assert "요청에서 읽은 조건: 단가 3,000원 이하" in page
    assert "캐릭터 뱃지" in page and "도자기 머그컵" not in page


def test_the_search_docstring_gives_the_shares_the_code_has():
    import re

    from procure.catalog import search

    for name in ("SHARE_SYNONYM", "SHARE_SPELLING", "SHARE_NEIGHBOUR"):
        stated = re.search(rf"`{name}`, ([0-9.]+)", search.__doc__)
        assert stated and float(stated.group(1)) == getattr(search, name), name


def test_a_word_cut_into_single_syllables_is_read_as_a_typo_instead(market):
    """방층망 is 방충망 with one slipped key, not 방 + 층 + 망 (three catalog syllables)."""
    from procure.catalog.search import candidates

    (word,) = candidates("방층망")[1]
    assert word.typed == "방층망"


def test_an_unknown_compound_of_two_thesaurus_words_means_what_its_halves_mean(market):
    """어르신도시락 is no catalog word; its halves are a catalog word and a thesaurus word (같은말 노인, 시니어)."""
    from procure.catalog.search import candidates

    read = candidates("어르신도시락")[1]
    assert {w.typed for w in read} == {"어르신", "도시락"}
    (elder,) = [w for w in read if w.typed == "어르신"]
    assert {"노인", "시니어"} <= {text for _, text in elder.forms}


def test_two_variants_of_one_listed_term_are_siblings_not_synonyms(market):
    """The district's list says 사무용품: 복사용지, 토너 — each stands for 사무용품; 복사용지 and 토너 only relate."""
    from procure.catalog import thesaurus
    from procure.catalog.search import SHARE_SYNONYM, candidates

    (word,) = candidates("토너")[1]
    shares = {text: share for (_, text), share in word.forms.items()}
    assert shares.get("사무용품") == SHARE_SYNONYM
    assert shares.get("복사용지", 0) <= thesaurus.SHARE_RELATED
