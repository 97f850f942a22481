import pytest
from django.template import Context, Template

from procure.core.text import josa, quoted


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("a4용지", "이/가", "가"),  # the issue's ‘a4용지’이
        ("완료 보고", "을/를", "를"),  # the issue's ‘완료 보고’을(를)
        ("검수", "을/를", "를"),
        ("계약", "을/를", "을"),
        ("관악구청", "은/는", "은"),
        ("협동조합", "과/와", "과"),
        ("관악구의회", "과/와", "와"),
        ("연필", "으로/로", "로"),  # ㄹ받침 takes 로
        ("집", "으로/로", "으로"),
        ("학교", "으로/로", "로"),
        ("관악구청 (총무과)", "이/가", "가"),  # closing brackets are not read
        ("PDF", "을/를", "를"),  # 피디에프
        ("URL", "으로/로", "로"),  # 유알엘
        ("Excel", "을/를", "을"),  # 엑셀
        ("design", "이/가", "이"),  # 디자인
        ("limit", "은/는", "은"),  # 리밋
        ("chart", "은/는", "는"),  # 차트
        ("desk", "을/를", "를"),  # 데스크
        ("year", "은/는", "는"),  # 이어
        ("2026", "은/는", "은"),  # 이천이십육
        ("2025", "은/는", "는"),  # 이천이십오
        ("2021", "으로/로", "로"),  # 이천이십일 (ㄹ)
        ("10", "을/를", "을"),  # 십
        ("1000", "이/가", "이"),  # 천
        ("계약", "를/을", "을"),  # either order of the pair
    ],
)
def test_particle_follows_the_reading_of_the_word(word, particle, expected):
    assert josa(word, particle) == expected


def test_a_word_that_cannot_be_read_keeps_both_forms():
    assert josa("★", "을/를") == "을(를)"
    assert quoted("★", "이/가") == "‘★’이(가)"


def test_quoted_puts_the_particle_after_the_closing_quote():
    assert quoted("완료 보고", "을/를") == "‘완료 보고’를"


def test_templates_have_the_josa_filter():
    html = Template('‘{{ name }}’{{ name|josa:"을/를" }} 삭제할까요?').render(Context({"name": "복사용지"}))
    assert html == "‘복사용지’를 삭제할까요?"


def test_no_generated_message_writes_both_particles():
    """Every message picks its particle (core.text.josa); 을(를) is left only for what cannot be read."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "procure"
    pattern = re.compile(r"을\(를\)|이\(가\)|은\(는\)|와\(과\)|과\(와\)|\(으\)로")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*")
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts and path.name != "text.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and "demo.py" not in path.name
    ]
    assert offenders == []
