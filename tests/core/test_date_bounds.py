"""Every date a form takes is bounded to the years people mean (a date picker lets anyone send 9999-12-31, and the
day after it does not exist): the quote deadline used to reach the business-day calendar and fail with a 500."""

import pytest
from django.urls import reverse

from procure.buying.models import QuoteRequest
from procure.core.forms import KrdsFormMixin
from tests.buying.test_workflow import supplier as supplier  # noqa: PLC0414 — the fixture, reused


@pytest.mark.django_db
def test_a_quote_deadline_in_year_9999_is_refused_in_korean_and_nothing_is_written(client, buyer, supplier):
    client.force_login(buyer)
    response = client.post(
        reverse("buying:request_new"),
        {
            "title": "답례품",
            "kind": "goods",
            "estimated_price": "1000000",
            "tax_status": "taxable",
            "description": "세트 20개",
            "answer_by": "9999-12-31",
            "deliver_by": "1899-12-31",
            "enterprises": [supplier.enterprise.pk],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "견적 마감일은 1900.01.01부터 2100.12.31 사이로 입력해 주세요." in page
    assert "납품 기한은 1900.01.01부터 2100.12.31 사이로 입력해 주세요." in page
    assert 'max="2100-12-31"' in page  # the browser's picker is told too
    assert not QuoteRequest.objects.exists()


@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01"])
def test_every_date_field_of_a_krds_form_is_bounded(day):
    from django import forms

    class Form(KrdsFormMixin, forms.Form):
        valid_until = forms.DateField(label="견적 유효기간")

    form = Form(data={"valid_until": day})
    assert not form.is_valid()
    assert form.errors["valid_until"] == ["견적 유효기간은 1900.01.01부터 2100.12.31 사이로 입력해 주세요."]
    assert Form(data={"valid_until": "2100-12-31"}).is_valid()
    assert Form(data={"valid_until": "1995-03-02"}).is_valid()  # a past fact: a registration of 1995
