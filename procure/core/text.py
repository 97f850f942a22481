"""Text people type or files carry, made safe to keep and to export."""

import re

# C0 controls but tab, newline and carriage return; DEL; C1 controls. Spreadsheets refuse them
# (openpyxl raises IllegalCharacterError) and no screen shows them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    if text.isprintable():  # the common case, decided in C
        return text
    return _CONTROL.sub("", text)


# Korean particles that change with the word before them: (form after a final consonant, form after a vowel).
_PARTICLES = {
    "을/를": ("을", "를"),
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이라/라": ("이라", "라"),
    "아/야": ("아", "야"),
}
_PARTICLES.update({f"{b}/{a}": (a, b) for a, b in list(_PARTICLES.values())})  # either order
# How Korean reads a Latin letter on its own (acronyms: PDF → 에프, URL → 엘): True when the reading ends in a
# final consonant, "ㄹ" when that consonant is ㄹ (으로/로 takes 로 after ㄹ).
_LETTERS = {"l": "ㄹ", "r": "ㄹ", "m": True, "n": True}
# Digits as read in Sino-Korean: 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant (1, 7, 8 in ㄹ); 0 영 too.
_DIGITS = {"0": True, "1": "ㄹ", "3": True, "6": True, "7": "ㄹ", "8": "ㄹ"}
# A number ending in zeros is read by its unit: 10 십, 100 백, 1000 천, 1만, 1억, 1조.
_UNITS = {1: True, 2: True, 3: True, 4: True, 8: True, 12: False}


def _final_sound(word: str):
    """False (no final consonant), True (one), "ㄹ", or None when the reading cannot be told."""
    text = word.rstrip()
    # Closing quotes, brackets and punctuation are not read: ‘관악구청 (총무과)’ ends in 과.
    while text and not text[-1].isalnum():
        text = text[:-1].rstrip()
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "ㄹ" if final == 8 else bool(final)
    if last.isdigit() and last.isascii():
        digits = len(text) - len(text.rstrip("0123456789"))
        number = text[-digits:]
        zeros = len(number) - len(number.rstrip("0"))
        if zeros and zeros < len(number):
            unit = max((u for u in _UNITS if u <= zeros), default=1)
            return _UNITS[unit]
        return _DIGITS.get(last, False)
    if last.isascii() and last.isalpha():
        letters = len(text) - len(text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
        word_part = text[-letters:]
        if len(word_part) == 1 or word_part.isupper():  # read letter by letter: A4 → 에이, PDF → 에프, HTML → 엘
            return _LETTERS.get(last.lower(), False)
        lower = word_part.lower()
        if lower.endswith(("l", "le")):  # Excel 엑셀, table 테이블
            return "ㄹ"
        # program 프로그램, design 디자인, web 웹, book 북, group 그룹, limit 리밋; after another consonant a final
        # k, p or t is read 크/프/트 (desk 데스크, help 헬프, chart 차트), after two vowels t is 트 (seat 시트).
        vowels = "aeiou"
        if lower.endswith(("m", "n", "b")):
            return True
        if lower[-1] in "kp":
            return len(lower) > 1 and lower[-2] in vowels
        if lower[-1] == "t":
            return len(lower) > 2 and lower[-2] in vowels and lower[-3] not in vowels
        return False
    return None


def josa(word, particle: str) -> str:
    """The particle that reads right after `word`: josa("a4용지", "이/가") → "가", josa("연필", "으로/로") → "로".
    A word whose reading cannot be told (a symbol, Hanja) gets both forms: 을(를)."""
    with_final, without = _PARTICLES[particle]
    sound = _final_sound(str(word))
    if sound is None:
        return f"{with_final}({without})"
    if with_final == "으로":
        return without if sound in (False, "ㄹ") else with_final
    return with_final if sound else without


def quoted(word, particle: str) -> str:
    """‘word’ in quotes with its particle: quoted("완료 보고", "을/를") → "‘완료 보고’를"."""
    return f"‘{word}’{josa(word, particle)}"
