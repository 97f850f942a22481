"""공공구매 안내: staff write Markdown, readers get HTML with nothing that can run; forms download as files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procure.core.models import AuditEvent
from procure.guides.markdown import render_markdown
from procure.guides.models import Guide
from tests.sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def test_markdown_keeps_structure_and_drops_everything_that_runs():
    html = render_markdown(
        "## 절차\n\n- **찾기**\n- [안내](https://example.org)\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '[나쁜 링크](javascript:alert(1)) <a href="#" onclick="x()">클릭</a>'
    )
    assert "<h2>절차</h2>" in html and "<strong>찾기</strong>" in html
    assert 'href="https://example.org"' in html
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in html


def test_staff_edit_a_guide_and_it_is_audited(client_for, center_staff):
    client = client_for(center_staff)
    client.post(
        reverse("guides:new"),
        {"title": "검수 요령", "slug": "inspection", "body": "## 검수\n\n기한 안에", "order": 4, "is_published": "on"},
    )
    guide = Guide.objects.get(slug="inspection")
    assert AuditEvent.objects.filter(action="guides.guide.created").exists()
    page = client.get(reverse("guides:detail", args=[guide.slug])).content.decode()
    assert "<h2>검수</h2>" in page


def test_a_buyer_cannot_edit_guides(client_for, buyer):
    assert client_for(buyer).get(reverse("guides:new")).status_code == 403


def test_an_unpublished_guide_is_hidden_from_the_public(client):
    Guide.objects.create(slug="draft", title="초안", body="x", is_published=False)
    assert client.get(reverse("guides:detail", args=["draft"])).status_code == 404


def test_forms_upload_as_pdf_only_and_download_as_attachments(client_for, center_staff, client):
    guide = Guide.objects.create(slug="forms", title="서식", body="서식")
    staff = client_for(center_staff)
    refused = staff.post(
        reverse("guides:edit", args=["forms"]),
        {"add_file": "1", "title": "가짜", "file": SimpleUploadedFile("x.pdf", b"<html><script>1</script>")},
    )
    assert refused.status_code == 200 and not guide.files.exists()
    staff.post(
        reverse("guides:edit", args=["forms"]),
        {"add_file": "1", "title": "견적 요청서", "file": SimpleUploadedFile("q.pdf", pdf_bytes())},
    )
    attached = guide.files.get()
    response = client.get(reverse("guides:file", args=[attached.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_home_page_and_events_link_the_guides(client):
    assert reverse("guides:list") in client.get(reverse("site:home")).content.decode()
    assert reverse("guides:list") in client.get(reverse("events:list")).content.decode()
