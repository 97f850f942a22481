"""Every importer, fed generated files — encodings, BOMs, control characters, huge cells, formulas, wrong
headers, truncated workbooks — never raises (no 500), never writes part of a refused file, and refuses in
Korean (issue 16, item 1). Hypothesis keeps the failing example small when it finds one."""

import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from procure.core.imports import IMPORTERS, run_import
from procure.enterprises.models import Certification, Enterprise
from procure.institutions.models import Department, Institution
from procure.ledger.models import PurchaseRecord
from procure.performance.models import PurchasePlan, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("declared_units")]
HANGUL = re.compile(r"[가-힣]")
KINDS = sorted(IMPORTERS)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

cell_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "=1+1",
            "+A1",
            "-2",
            "@SUM(A1)",
            "관악구청",
            "총무과",
            "2024-05-01",
            "물품",
            "1,234,000",
            "220-81-62517",
            "¹",
            "１２３",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=5),
    st.builds(lambda n: "가" * n, st.integers(min_value=1000, max_value=40_000)),
)


def header_for(kind: str):
    names = [column.korean for column in IMPORTERS[kind].columns]
    return st.lists(st.sampled_from(names + ["비고", "", "﻿기관명"]), min_size=1, max_size=len(names) + 2)


@st.composite
def csv_file(draw, kind: str) -> bytes:
    header = draw(header_for(kind))
    rows = draw(st.lists(st.lists(cell_text, min_size=0, max_size=len(header) + 1), max_size=6))
    separator = draw(st.sampled_from([",", "\t"]))
    lines = [separator.join(header)] + [separator.join(cell.replace(separator, " ") for cell in row) for row in rows]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp949"]))
    return text.encode(encoding, errors="ignore")


@st.composite
def xlsx_file(draw, kind: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(draw(header_for(kind)))
    for row in draw(
        st.lists(st.lists(st.one_of(cell_text, st.integers(), st.floats(allow_nan=False)), max_size=8), max_size=5)
    ):
        sheet.append([re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    cut = draw(st.one_of(st.none(), st.integers(min_value=4, max_value=len(data) - 1)))
    return data if cut is None else data[:cut]  # a truncated zip too


any_bytes = st.one_of(st.binary(max_size=300), st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=200)))


def counts() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Institution, Department, Enterprise, Certification, PurchaseRecord, Target, PurchasePlan)
    )


def check(kind: str, data: bytes) -> None:
    before = counts()
    result = run_import(IMPORTERS[kind](), data, filename="fuzz")
    if not result.ok:
        assert counts() == before, "a refused file wrote something"
        for error in result.errors:
            assert isinstance(error["row"], int) and HANGUL.search(error["message"]), error


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_generated_csv_files_never_crash_or_write_half(kind, data):
    check(kind, data.draw(csv_file(kind)))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_generated_and_truncated_workbooks_never_crash_or_write_half(kind, data):
    check(kind, data.draw(xlsx_file(kind)))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(raw=any_bytes)
def test_arbitrary_bytes_are_refused_in_korean(kind, raw):
    check(kind, raw)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "안녕")
    result = run_import(IMPORTERS["ledger"](), buffer.getvalue())
    assert not result.ok and HANGUL.search(result.errors[0]["message"])


def test_digits_python_knows_but_int_refuses_are_refused_in_korean():
    """Found by the fuzzer above: '¹'.isdigit() is True, int('¹') raises an English ValueError."""
    from procure.core.tabular import parse_won

    with pytest.raises(ValueError, match="읽을 수 없습니다"):
        parse_won("¹")
    assert parse_won("１２３") == 123  # full-width digits, as a Korean keyboard may type them
