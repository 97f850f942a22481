"""The failure classes of issue 14, each on a small catalog written here (not the dev rows): one-syllable
nouns, expansions that cannot drown a rare word, dead ends, compounds typed without spaces, spelling variants.
Offerings are analysed by kiwipiepy in the task (run inline in tests), as the worker does in production."""

import pytest
from django.urls import reverse

from procure.catalog.indexing import offerings_analyse
from procure.catalog.models import SearchQueryLog, SearchSynonym
from procure.catalog.search import read_query, search, suggest_categories
from procure.catalog.search_index import current_index
from tests.catalog.test_catalog import certified, names, offer
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    maker = certified(EnterpriseFactory(name="관악나눔 협동조합"))
    rows = [
        ("답례용 떡 세트", "FOOD", "꿀떡, 설기, 인절미를 개별 포장한 답례품"),
        ("회의용 도시락", "CATER", "한식 도시락, 청사까지 배달합니다"),
        ("행사 화환·꽃바구니", "GREEN", "개업, 행사용 꽃바구니와 화환을 당일 배달"),
        ("드론 항공촬영", "MEDIA", "행사장과 공원 전경을 드론으로 촬영"),
        ("주제별 특강 강사 파견", "EDU", "인문, 환경, 안전 주제의 교육 강의와 강좌"),
        ("직원 역량강화 교육", "EDU", "공무원 대상 교육 프로그램과 강의"),
        ("방한 점퍼", "APPAREL", "겨울철 야외 근무자용 경량 패딩 점퍼"),
        ("하드디스크 완전삭제", "IT", "폐기 PC의 하드디스크를 완전삭제하고 확인서를 드립니다"),
        ("공원 잔디 깎기", "GREEN", "공원과 청사 화단의 잔디를 깎고 예초합니다"),
        ("어린이 코딩 교실", "EDU", "블록코딩 교육과 로봇 만들기"),
        ("에어컨 분해세척", "CLEAN", "벽걸이, 스탠드 에어컨을 분해해 세척합니다"),
        ("현수막 제작", "PRINT", "행사 현수막 디자인과 인쇄"),
    ]
    made = {name: offer(maker, name, code, description) for name, code, description in rows}
    offerings_analyse()  # what the task worker does after the commit
    return made


def test_a_one_syllable_noun_finds_its_offering_first(shop):
    assert names(search("떡"))[0] == "답례용 떡 세트"


def test_one_syllable_nouns_keep_their_meaning_in_a_phrase(shop):
    hits = names(search("꽃 배달"))
    assert hits[0] == "행사 화환·꽃바구니"
    assert hits.index("회의용 도시락") > 0  # 배달 alone does not outrank 꽃 + 배달


def test_the_many_synonyms_of_a_common_word_cannot_outweigh_a_rare_typed_word(shop):
    # 교육 has many synonyms (강의, 강좌, 특강, 강사 …) in the district's list; they share its weight.
    assert SearchSynonym.objects.filter(term="교육").exists()
    assert names(search("드론 교육"))[0] == "드론 항공촬영"


def test_a_synonym_weighs_less_than_the_word_typed(shop):
    (word,) = read_query("교육", current_index())
    assert word.forms[("t", "교육")] == 1.0
    assert all(share < 1.0 for (kind, text), share in word.forms.items() if text != "교육")


def test_an_unknown_word_is_answered_from_the_part_the_catalog_knows(shop):
    assert names(search("방한복"))[0] == "방한 점퍼"


def test_one_unknown_word_does_not_empty_the_answer(shop):
    assert names(search("우주선 드론"))[0] == "드론 항공촬영"


def test_a_dead_end_offers_the_categories_the_words_point_to(client, shop):
    page = client.get(reverse("catalog:search"), {"q": "드론", "category": "FOOD"}).content.decode()
    assert "찾는 품목이 없습니다" in page and "이 분류에서 찾아보세요" in page
    assert dict(suggest_categories("드론"))["MEDIA"]
    browse = client.get(reverse("catalog:search"), {"q": "", "category": "MEDIA"}).content.decode()
    assert "드론 항공촬영" in browse


def test_meaning_found_through_the_description(shop):
    assert names(search("컴퓨터 폐기"))[0] == "하드디스크 완전삭제"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("코딩교육", "어린이 코딩 교실"), ("잔디깎기", "공원 잔디 깎기"), ("꽃바구니배달", "행사 화환·꽃바구니")],
)
def test_a_compound_typed_without_spaces_matches_its_parts(shop, query, expected):
    assert names(search(query))[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("에어콘 청소", "에어컨 분해세척"), ("프랑카드", "현수막 제작"), ("잔디깍기", "공원 잔디 깎기")],
)
def test_spelling_variants_beyond_one_slipped_key(shop, query, expected):
    assert names(search(query))[0] == expected


def test_searches_are_logged_without_the_person_and_clicks_count(client_for, buyer, shop):
    client = client_for(buyer)
    page = client.get(reverse("catalog:search"), {"q": "떡"}).content.decode()
    log = SearchQueryLog.objects.get()
    assert (log.query, log.role, log.institution_id) == ("떡", "buyer", buyer.institution_id) and log.results >= 1
    assert not hasattr(log, "user_id")
    assert f"?from_search={log.pk}" in page
    client.get(reverse("catalog:detail", args=[shop["답례용 떡 세트"].pk]) + f"?from_search={log.pk}")
    log.refresh_from_db()
    assert log.clicked


def test_the_center_fixes_a_failing_query_in_one_click(client_for, center_staff, buyer, shop):
    client_for(buyer).get(reverse("catalog:search"), {"q": "인스타"})
    client = client_for(center_staff)
    page = client.get(reverse("catalog:search_insights")).content.decode()
    assert "인스타" in page and "결과가 없던 검색어" in page
    client.post(reverse("catalog:search_insights"), {"synonym": "1", "word": "인스타", "means": "드론"})
    assert any("인스타" in row.words() and "드론" in row.words() for row in SearchSynonym.objects.all())
    assert names(search("인스타"))[0] == "드론 항공촬영"
    client.post(reverse("catalog:search_insights"), {"category_hint": "1", "word": "플로리스트", "category": ""})
    from procure.catalog.models import Category, SearchCategoryHint

    green = Category.objects.get(code="GREEN")
    client.post(reverse("catalog:search_insights"), {"category_hint": "1", "word": "플로리스트", "category": green.pk})
    assert SearchCategoryHint.objects.get(word="플로리스트").category == green
    assert dict(suggest_categories("플로리스트")).get("GREEN")


def test_a_buyer_cannot_open_the_analytics(client_for, buyer):
    assert client_for(buyer).get(reverse("catalog:search_insights")).status_code == 403


def test_a_synonym_that_is_the_word_itself_is_refused_in_korean(client_for, center_staff):
    response = client_for(center_staff).post(
        reverse("catalog:search_insights"), {"synonym": "1", "word": "현수막", "means": "현수막 "}, follow=True
    )
    assert "서로 다르게" in response.content.decode()
    assert not SearchSynonym.objects.filter(variants__contains="현수막 ,").exists()
