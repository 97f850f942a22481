"""Uploaded files are served inertly, whatever their bytes and names claim (issue 9, item 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from procure.catalog.models import Category, Offering
from procure.enterprises.models import EnterprisePhoto

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def real_png(size=(8, 6), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def webp_script() -> bytes:
    """First bytes pass a WEBP check, the rest is JavaScript."""
    body = b"WEBPVP8 " + b";fetch('/accounts/me/').then(r=>r.text()).then(t=>document.title=t);//"
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def png_html(script_url: str) -> bytes:
    return PNG_SIGNATURE + f"<html><script src='{script_url}'></script></html>".encode()


def assert_inert(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    content_type = response["Content-Type"]
    assert not content_type.startswith(("text/html", "text/javascript", "application/javascript", "image/svg"))
    assert "sandbox" in response["Content-Security-Policy"]
    if not content_type.startswith("image/"):
        assert response["Content-Disposition"].startswith("attachment")


def test_script_and_html_disguised_as_photos_are_refused(client_for, enterprise_member):
    client = client_for(enterprise_member)
    for name, data in [("x.js", webp_script()), ("page.html", png_html("/enterprises/photos/1/"))]:
        response = client.post(
            reverse("enterprises:photo_upload"), {"image": SimpleUploadedFile(name, data), "caption": "공격"}
        )
        assert response.status_code == 200
        assert "파일을 열 수 없습니다" in response.content.decode()
    assert not EnterprisePhoto.objects.exists()


def test_real_photo_is_reencoded_and_stored_under_a_generated_name(client_for, enterprise_member):
    client = client_for(enterprise_member)
    # A real picture with a script appended after its end: the pixels survive, the script does not.
    data = real_png() + b"<script>alert(1)</script>"
    response = client.post(
        reverse("enterprises:photo_upload"), {"image": SimpleUploadedFile("page.html", data), "caption": "작업장"}
    )
    assert response.status_code == 302
    photo = EnterprisePhoto.objects.get()
    assert photo.image.name.endswith(".png") and "page" not in photo.image.name
    stored = photo.image.open("rb").read()
    assert b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).size == (8, 6)
    served = client.get(reverse("enterprises:photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/png"
    assert_inert(served)


def test_files_stored_before_the_fix_are_served_inertly(client_for, enterprise_member):
    """Uploads kept under their user's name (earlier versions) are served by what they are, not by name."""
    enterprise = enterprise_member.enterprise
    attacks = {
        "x.js": webp_script(),
        "page.html": png_html("/enterprises/photos/1/"),
        "plain.html": b"<html><script>alert(1)</script></html>",
    }
    client = client_for(enterprise_member)
    for name, data in attacks.items():
        photo = EnterprisePhoto.objects.create(enterprise=enterprise, image=SimpleUploadedFile(name, data))
        served = client.get(reverse("enterprises:photo", args=[photo.pk]))
        assert_inert(served)
        served_name = served["Content-Disposition"]
        assert ".js" not in served_name and ".html" not in served_name


def test_offering_photo_and_spec_sheet_are_served_inertly(client_for, enterprise_member):
    enterprise = enterprise_member.enterprise
    offering = Offering.objects.create(
        enterprise=enterprise,
        name="시험 물품",
        category=Category.objects.suppliable().first(),
        photo=SimpleUploadedFile("x.html", png_html("/catalog/1/photo/")),
        spec_sheet=SimpleUploadedFile("x.js", b"%PDF-1.4\nalert(1)"),
    )
    client = client_for(enterprise_member)
    for which in ("photo", "spec"):
        served = client.get(reverse("catalog:offering_file", args=[offering.pk, which]))
        assert served.status_code == 200
        assert_inert(served)
    assert client.get(reverse("catalog:offering_file", args=[offering.pk, "spec"]))["Content-Type"] == (
        "application/pdf"
    )


def test_pdf_that_is_not_a_document_is_refused(client_for, enterprise_member):
    client = client_for(enterprise_member)
    response = client.post(
        reverse("enterprises:certification_new"),
        {
            "type": "cooperative",
            "number": "제1호",
            "document": SimpleUploadedFile("cert.pdf", b"%PDF-1.4\n<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    assert "파일을 열 수 없습니다" in response.content.decode()


@pytest.mark.django_db
def test_scripts_may_load_only_from_the_static_path(client):
    policy = client.get("/")["Content-Security-Policy"]
    script_src = policy.split("script-src ")[1].split(";")[0]
    assert script_src == "http://testserver/static/"


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_reencoded_photo_keeps_none_of_its_comments_or_metadata(kind):
    """Issue 26 §8: a JPEG's comment segment (COM) came through the re-encoding with its HTML."""
    from PIL import PngImagePlugin

    from procure.core.uploads import reencode_image

    markup = b"<html><script>alert(document.cookie)</script></html>"
    buffer = io.BytesIO()
    image = Image.new("RGB", (16, 12), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = markup.decode()  # ImageDescription
    if kind == "JPEG":
        image.save(buffer, format=kind, comment=markup, exif=exif, icc_profile=markup)
    elif kind == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", markup.decode())
        image.save(buffer, format=kind, pnginfo=text, exif=exif)
    else:
        image.save(buffer, format=kind, exif=exif, xmp=markup)
    assert b"<script>" in buffer.getvalue()
    stored = reencode_image(buffer.getvalue(), {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}[kind])
    assert b"<script>" not in stored and b"alert" not in stored
    reopened = Image.open(io.BytesIO(stored))
    assert reopened.size == (16, 12) and "comment" not in reopened.info and "exif" not in reopened.info
