"""Every text field of the forms people fill in, fed control characters, long and odd Unicode: never a 500,
never a control character stored (issue 16, item 1)."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procure.accounts.models import Role

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
odd_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=20),
    st.builds(lambda n: "가\u200b\u202e" * n, st.integers(min_value=1, max_value=3000)),
)


@FUZZ
@given(name=odd_text, description=odd_text, phone=odd_text)
def test_the_enterprise_profile_form(client, make_user, name, description, phone):
    member = make_user(Role.ENTERPRISE)
    client.force_login(member)
    response = client.post(
        reverse("enterprises:profile_edit"), {"name": name, "description": description, "phone": phone, "address": ""}
    )
    assert response.status_code in (200, 302)
    member.enterprise.refresh_from_db()
    for value in (member.enterprise.description, member.enterprise.phone, member.enterprise.requested_name):
        assert not CONTROL.search(value)


@FUZZ
@given(query=odd_text)
def test_search_and_directory_queries(client, query):
    assert client.get(reverse("catalog:search"), {"q": query}).status_code == 200
    assert client.get(reverse("enterprises:directory"), {"q": query}).status_code == 200


@FUZZ
@given(title=odd_text, description=odd_text, budget=odd_text)
def test_the_quote_request_form(client, make_user, title, description, budget):
    buyer = make_user(Role.BUYER)
    client.force_login(buyer)
    response = client.post(
        reverse("buying:request_new"),
        {"title": title, "kind": "goods", "description": description, "budget": budget, "answer_by": "2099-01-02"},
    )
    assert response.status_code in (200, 302)
