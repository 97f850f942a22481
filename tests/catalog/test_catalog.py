import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from procure.catalog.analysis import edit_distance, jamo
from procure.catalog.models import Category, Offering
from procure.catalog.search import index_changed, search
from procure.catalog.services import offering_create
from procure.core.models import AuditEvent
from procure.enterprises.models import Certification, EnterpriseType
from tests.factories import EnterpriseFactory, EnterpriseMemberFactory, UserFactory
from tests.shared_data import shared_data

DEV_CATALOG = shared_data() / "dev" / "catalog_dev.csv"


def certified(enterprise, **kwargs):
    Certification.objects.create(enterprise=enterprise, type=EnterpriseType.COOPERATIVE, **kwargs)
    return enterprise


def offer(enterprise, name, code, description=""):
    return offering_create(
        actor=None,
        enterprise=enterprise,
        name=name,
        kind="goods",
        category=Category.objects.get(code=code),
        description=description,
    )


@pytest.fixture
def catalog(db):
    shop = certified(EnterpriseFactory(name="관악인쇄 협동조합"))
    kitchen = certified(EnterpriseFactory(name="신림밥상"))
    return {
        "banner": offer(shop, "현수막 제작", "PRINT", "행사 현수막 디자인과 인쇄"),
        "recycled": offer(shop, "폐현수막 장바구니", "GIFT", "폐현수막 업사이클"),
        "lunch": offer(kitchen, "회의용 도시락", "CATER", "한식 도시락 배달"),
        "buffet": offer(kitchen, "출장 뷔페", "CATER", "행사 케이터링"),
    }


def names(hits):
    return [h.name for h in hits]


def test_a_synonym_finds_what_the_officer_means(catalog):
    assert names(search("플래카드"))[0] == "현수막 제작"


def test_a_phrase_mixing_loanword_and_need_finds_catering(catalog):
    assert set(names(search("워크샵 도시락"))[:2]) == {"회의용 도시락", "출장 뷔페"}


def test_one_slipped_key_is_forgiven(catalog):
    assert edit_distance(jamo("도시랑"), jamo("도시락"), 2) == 1
    assert names(search("도시랑"))[0] == "회의용 도시락"


def test_offerings_of_an_enterprise_no_longer_certified_are_not_shown(catalog):
    assert "현수막 제작" in names(search("현수막"))
    Certification.objects.filter(enterprise=catalog["banner"].enterprise).update(
        valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    index_changed()  # what every write path to certifications does
    assert "현수막 제작" not in names(search("현수막"))


def test_search_page_highlights_matches_and_counts_results(client, catalog):
    page = client.get(reverse("catalog:search"), {"q": "현수막"}).content.decode()
    assert "<mark>현수막</mark> 제작" in page
    assert "‘현수막’: 2건" in page


def test_the_highlight_escapes_what_people_typed(client, catalog):
    page = client.get(reverse("catalog:search"), {"q": "<script>현수막"}).content.decode()
    assert "<script>현수막" not in page
    assert "&lt;script&gt;현수막" in page  # shown back, escaped


def test_a_member_manages_only_their_own_offerings(client, catalog):
    stranger = EnterpriseMemberFactory()
    client.force_login(stranger)
    assert client.get(reverse("catalog:offering_edit", args=[catalog["banner"].pk])).status_code == 403
    response = client.post(
        reverse("catalog:offering_new"),
        {"name": "에코백", "kind": "goods", "category": Category.objects.get(code="GIFT").pk, "unit_price": "-5"},
    )
    assert response.status_code == 200 and not Offering.objects.filter(name="에코백").exists()
    client.post(
        reverse("catalog:offering_new"),
        {"name": "에코백", "kind": "goods", "category": Category.objects.get(code="GIFT").pk, "unit_price": "6000"},
    )
    offering = Offering.objects.get(name="에코백")
    assert offering.enterprise == stranger.enterprise and "에코백" in offering.search_text
    assert AuditEvent.objects.filter(action="catalog.offering.created", object_id=str(offering.pk)).exists()


def test_center_staff_hide_an_offering_with_a_reason(client, center_staff, catalog):
    client.force_login(center_staff)
    client.post(reverse("catalog:offering_hide", args=[catalog["banner"].pk]), {"reason": "가격 정보 오류"})
    catalog["banner"].refresh_from_db()
    assert catalog["banner"].is_hidden and catalog["banner"].hidden_reason == "가격 정보 오류"
    client.logout()
    assert client.get(reverse("catalog:detail", args=[catalog["banner"].pk])).status_code == 404


def test_a_buyer_keeps_a_shortlist_and_shares_it(client, buyer, other_buyer, catalog):
    client.force_login(buyer)
    client.post(reverse("catalog:shortlist_toggle", args=[catalog["lunch"].pk]))
    page = client.get(reverse("catalog:shortlist")).content.decode()
    assert "회의용 도시락" in page
    token = buyer.shortlists.get().share_token
    client.force_login(other_buyer)
    shared = client.get(reverse("catalog:shortlist_shared", args=[token])).content.decode()
    assert "회의용 도시락" in shared and "관심목록" in shared


@pytest.mark.django_db
def test_import_catalog_counts_and_reimport(tmp_path):
    if not DEV_CATALOG.exists():
        pytest.skip("../shared/data/dev is not available")

    def run():
        out = io.StringIO()
        call_command("import_catalog", str(DEV_CATALOG), "--json", stdout=out)
        return json.loads(out.getvalue())

    assert run() == {"rows": 151, "created": 151, "updated": 0, "unchanged": 0, "errors": []}
    assert run() == {"rows": 151, "created": 0, "updated": 0, "unchanged": 151, "errors": []}


@pytest.mark.django_db
def test_a_bad_catalog_file_is_refused_with_every_row_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "기업명,사업자등록번호,기업유형,품목명,구분,분류,단가\n"
        "가나,220-81-62517,협동조합,도시락,물품,CATER,12000\n"
        "가나,220-81-62517,협동조합,,물품,CATER,12000\n"
        "가나,220-81-62517,협동조합,뷔페,식품,XYZ,만원\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_catalog", str(path), "--json", stdout=out, stderr=io.StringIO())
    errors = json.loads(out.getvalue())["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "품목명"), (4, "구분"), (4, "단가"), (4, "분류")]
    assert not Offering.objects.exists()


def test_search_command_batch_prints_one_json_line_per_query(tmp_path, catalog):
    queries = tmp_path / "q.txt"
    queries.write_text("플래카드\n워크샵 도시락\n", encoding="utf-8")
    out = io.StringIO()
    call_command("search", "--batch", str(queries), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["query"] for line in lines] == ["플래카드", "워크샵 도시락"]
    assert lines[0]["results"][0]["name"] == "현수막 제작"
    assert set(lines[0]["results"][0]) == {"id", "name", "enterprise", "score"}


def test_filters_narrow_by_enterprise_type_and_show_facets(client, catalog):
    Certification.objects.create(enterprise=catalog["lunch"].enterprise, type=EnterpriseType.VILLAGE_ENTERPRISE)
    index_changed()
    village = names(search("도시락 현수막", enterprise_type=EnterpriseType.VILLAGE_ENTERPRISE, limit=None))
    assert "회의용 도시락" in village and "현수막 제작" not in village  # only the village enterprise's offerings
    page = client.get(reverse("catalog:search"), {"q": "현수막 도시락"}).content.decode()
    assert "분류: " in page and "구분: 물품" in page


def test_renaming_an_enterprise_updates_what_search_finds(client, catalog):
    member = EnterpriseMemberFactory(enterprise=catalog["banner"].enterprise)
    client.force_login(member)
    client.post(reverse("enterprises:profile_edit"), {"name": "새이름인쇄소"})
    from procure.enterprises.services import enterprise_name_review

    enterprise = catalog["banner"].enterprise
    enterprise.refresh_from_db()
    enterprise_name_review(actor=UserFactory(role="center_staff"), enterprise=enterprise, approve=True)
    assert set(names(search("새이름인쇄소"))[:2]) == {"현수막 제작", "폐현수막 장바구니"}


def test_an_offering_page_offers_a_working_quote_request_and_no_coming_soon_note(client, buyer, catalog):
    """Issue 28 item 3: the page said "견적 요청 기능은 준비 중입니다" beside a working button."""
    client.force_login(buyer)
    page = client.get(reverse("catalog:detail", args=[catalog["banner"].pk])).content.decode()
    assert "준비 중" not in page and "이 기업에 견적 요청" in page
    link = reverse("buying:request_new") + f"?enterprise={catalog['banner'].enterprise_id}"
    assert link in page.replace("&amp;", "&")
    assert client.get(link).status_code == 200
