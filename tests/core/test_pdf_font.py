"""The PDFs carry their own Korean font (procure/core/pdf.py): a server without system CJK fonts still sends
contracts whose Hangul is drawn, not empty boxes."""

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from procure.core import pdf

# A PDF font that WeasyPrint embeds from the @font-face is named after its family: "ABCDEF+Procure-Noto-Sans-KR".
EMBEDDED_NAME = pdf.PDF_FONT_FAMILY.replace(" ", "-")


def contract_html() -> str:
    """buying/contract_pdf.html, with the context the contract view builds (documents.contract_context), over
    stand-ins for the models."""
    from procure.buying.documents import contract_context
    from procure.buying.models import Regime

    enterprise = SimpleNamespace(
        name="햇살협동조합", business_no_display="123-45-67890", representative="김하늘", address="관악구", phone=""
    )
    institution, department = SimpleNamespace(name="관악구청"), SimpleNamespace(name="일자리경제과")
    officer = SimpleNamespace(display_name="김담당")
    request = SimpleNamespace(
        title="구청 행사 답례품",
        institution=institution,
        department=department,
        description="답례품 세트 400개",
        delivery_place="관악구청 본관",
        deliver_by=datetime.date(2026, 5, 29),
        estimated_price=48_000_000,
        requested_by=officer,
        tax_status="taxable",
        get_tax_status_display=lambda: "과세",
    )
    quote = SimpleNamespace(
        pk=7,
        enterprise=enterprise,
        supply_amount=48_000_000,
        vat=4_800_000,
        amount=52_800_000,
        request=request,
        terms="",
        valid_until=datetime.date(2026, 6, 3),
        submitted_at=datetime.datetime(2026, 5, 1, 10, 0),
    )
    contract = SimpleNamespace(
        number="01-2026-0001",
        title="구청 행사 답례품",
        kind="goods",
        route_label="1인 견적 수의계약",
        basis="지방계약법 시행령 제30조제1항제2호나목",
        contract_date=datetime.date(2026, 5, 4),
        amount=52_800_000,
        supply_amount=48_000_000,
        enterprise=enterprise,
        institution=institution,
        department=department,
        request=request,
        quote=quote,
        created_by=officer,
    )
    context = contract_context(contract, Regime.LOCAL)
    return render_to_string("buying/contract_pdf.html", {**context, "today": datetime.date(2026, 5, 4)})


def embedded_fonts(document: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(document))
    return sorted(
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    )


def test_the_font_is_resolved_from_the_installed_package_and_covers_hangul():
    path = pdf.korean_font_path()
    assert path is not None and path.is_file()
    # from the installed package, never a copy in the repository
    # From the installed package (site-packages, wherever the venv lives), never a copy in the project's code.
    assert "site-packages" in path.parts
    assert not path.is_relative_to(Path(settings.BASE_DIR) / "procure")
    assert not path.is_relative_to(Path(settings.BASE_DIR) / "templates")
    assert f'url("{path.as_uri()}")' in pdf.font_face_css() and path.as_uri().startswith("file:///")
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    assert all(ord(char) in cmap for char in "계약서공급가액관악구청햇살협동조합")
    assert "fvar" in font  # one variable font: the PDFs' bold (th, h1) is real bold, not the regular weight


def test_the_contract_template_asks_for_the_packaged_font_first_and_the_system_font_after_it():
    html = contract_html()
    family = html.split("font-family:", 1)[1].split(";", 1)[0]
    assert family.strip().startswith(f'"{pdf.PDF_FONT_FAMILY}", "Noto Sans CJK KR"')
    monitoring = (Path(settings.BASE_DIR) / "procure/performance/templates/performance/monitoring_pdf.html").read_text()
    assert f'font-family: "{pdf.PDF_FONT_FAMILY}", "Noto Sans CJK KR"' in monitoring


# Renders the HTML on standard input to the PDF named in argv[1]; prints the warnings WeasyPrint gave.
RENDER = """
import json, sys, warnings
from procure.core.pdf import render_pdf
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    document = render_pdf(sys.stdin.read())
open(sys.argv[1], "wb").write(document)
print(json.dumps([str(warning.message) for warning in caught]))
"""


def test_a_machine_without_system_fonts_still_embeds_the_packaged_font_and_draws_the_hangul(tmp_path):
    # fontconfig reads FONTCONFIG_FILE: a configuration that names no font directory leaves the process with no
    # system font at all, as on a server without fonts-noto-cjk (or any font package).
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'fontconfig-cache'}</cachedir></fontconfig>\n"
    )
    target = tmp_path / "contract.pdf"
    finished = subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", RENDER, str(target)],
        input=contract_html(),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    warnings = json.loads(finished.stdout.strip().splitlines()[-1])
    # The simulation holds: WeasyPrint found no system font in that process.
    assert any("No fonts configured" in warning for warning in warnings), warnings

    document = target.read_bytes()
    fonts = embedded_fonts(document)
    # Every font in the PDF is the packaged one, subset and embedded (a system font could not have this name),
    # the headings in its bold instance.
    assert fonts and all(font.split("+", 1)[-1].startswith(EMBEDDED_NAME) for font in fonts), fonts
    assert any(font.endswith(f"+{EMBEDDED_NAME}") for font in fonts) and any(font.endswith("-Bold") for font in fonts)
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text().replace(" ", "")
    assert "계약서" in text and "햇살협동조합" in text and "52,800,000원" in text
