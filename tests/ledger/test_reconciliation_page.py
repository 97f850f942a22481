"""The reconciliation page names the channel of the line already counted: one contract can come from the platform,
the institution's own ledger, 나라장터 or 종합쇼핑몰, and the officer deciding must see which (issue 24 §2)."""

import datetime

from django.urls import reverse

from procure.accounts.models import Role
from procure.institutions.models import Institution
from procure.ledger.models import MatchStatus, PurchaseRecord, PurchaseSource
from procure.ledger.rules import Line
from procure.ledger.writer import line_write
from tests.g2b.fake_services import business_no

DAY = datetime.date(2026, 3, 4)


def test_a_mall_line_matching_a_typed_in_line_shows_where_the_counted_one_came_from(client, make_user):
    gwanak = Institution.objects.get(name="관악구청")
    actor = make_user(Role.DISTRICT_ADMIN)
    typed = Line(
        "관악구청", "", DAY, "복사용지 구매 (재무 시스템)", "goods", "", 3_300_000, "가나협동조합", business_no(7), None
    )
    first = line_write(actor=actor, institution=gwanak, department=None, line=typed, source=PurchaseSource.MANUAL)
    mall = typed._replace(title="복사용지 A4 80g 납품요구", day=DAY + datetime.timedelta(days=20))
    copy = line_write(actor=actor, institution=gwanak, department=None, line=mall, source=PurchaseSource.MALL)
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.NONE, None)  # 20 days apart: another contract
    near = typed._replace(title="복사용지 A4 80g 납품요구 2", day=DAY + datetime.timedelta(days=1))
    copy = line_write(actor=actor, institution=gwanak, department=None, line=near, source=PurchaseSource.MALL)
    assert (copy.match_status, copy.match_of_id) == (MatchStatus.MATCHED, first.pk)
    assert PurchaseRecord.objects.counted().filter(amount=3_300_000).count() == 2

    client.force_login(actor)
    page = client.get(reverse("ledger:reconciliation"), {"status": "matched"}).content.decode()
    assert '<h1 class="site-title">같은 계약 대조</h1>' in page
    row = page[page.index("복사용지 A4 80g 납품요구 2") :]
    assert "종합쇼핑몰" in page[: page.index("복사용지 A4 80g 납품요구 2")].rsplit("<tr>", 1)[1] + row[:400]
    assert "직접 입력" in row[: row.index("</tr>")]  # the counted line's channel
    assert "복사용지 구매 (재무 시스템)" in row[: row.index("</tr>")]
    assert "플랫폼 계약" not in page
