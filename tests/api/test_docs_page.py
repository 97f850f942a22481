"""/api/docs is a page of the site (issue 28 §4): Korean, in the KRDS layout, every operation of the schema listed
with its parameters — not Swagger UI (no lang, low contrast, buttons inside buttons)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_lists_every_operation_in_korean(client):
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html and "swagger" not in html.lower()
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in html
    assert "<code>year</code>" in html and "2000 이상" in html  # /api/contracts' bounded year
    assert 'href="/api/openapi.json"' in html
