"""Loanword spelling variation as rules (not word lists): two spellings of one borrowed word get one *key*, so a
query's 워크샵 finds the catalog's 워크숍 and 리더쉽 finds 리더십 without anyone listing either.

The rules follow the known alternations of Korean loanword spelling (외래어 표기법 against common usage):

1. tense for aspirated/plain initials: 까/카, 빠/파, 따/타, 짜/차, 싸/사 (써비스 → 서비스);
2. after ㅅ·ㅈ·ㅊ the y-glide is not written or written differently: 쥬/주, 쟈/자, 챠/차, 쇼·샤/사 (샵/숍),
   셰/세, 쉬/시 (쉽/십);
3. ㅐ and ㅔ are one vowel (레/래, 세트/새트);
4. "-er", "-al" and a final ㅏ/ㅓ: 렌탈/렌털, 디지탈/디지털, 센타/센터 (ㅏ/ㅓ in a syllable closed by ㄹ or last);
   "con-/com-": 컨/콘, 컴/콤;
5. i + e written as two syllables or one: 리에/레 (레크리에이션/레크레이션);
6. an ㅅ closing a syllable before another (셋트/세트);
7. f written ㅎ+w or ㅍ: 화/파, 홰·훼/패, 휘/피 (화일/파일); 후 before ㄹ and 프 (후라이/프라이);
8. a final -k/-p written as a syllable or as a closing letter: 케이크/케익, 컵/커프 (not -t: 세트 is no 셋);
9. a closing letter outside the seven the 표기법 allows is written as its plain one: ㅍ/ㅂ, ㅋ/ㄱ, ㅌ·ㄷ·ㅈ·ㅊ/ㅅ
   (샾/샵, 커피숖/커피숍, 인터넽/인터넷).

Only a query word the catalog does not know is keyed, and only to catalog words with the same key: a Korean word
that happens to collapse onto another (정비/장비 share no key: rule 4 only joins ㅏ/ㅓ before ㄹ or at the end)
needs two rules to meet."""

from __future__ import annotations

import re

_CHO, _JUNG, _JONG = 19, 21, 28
# indices in the Unicode syllable order
C_G, C_GG, C_D, C_DD, C_R, C_B, C_BB, C_S, C_SS, C_O, C_J, C_JJ, C_CH, C_K, C_T, C_P, C_H = (
    0, 1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
)  # fmt: skip
V_A, V_AE, V_YA, V_YAE, V_EO, V_E, V_YEO, V_YE, V_O, V_WA, V_WAE, V_OE, V_YO, V_U, V_WO, V_WE, V_WI, V_YU, V_EU = range(
    19
)
V_I = 20
J_NONE, J_G, J_N, J_R, J_M, J_B, J_S = 0, 1, 4, 8, 16, 17, 19
_PLAIN_FINAL = {26: J_B, 24: J_G, 25: J_S, 7: J_S, 22: J_S, 23: J_S}  # ㅍ ㅋ ㅌ ㄷ ㅈ ㅊ

_TENSE = {C_GG: C_K, C_DD: C_T, C_BB: C_P, C_SS: C_S, C_JJ: C_CH}
_SIBILANT = {C_S, C_J, C_CH}
_GLIDE_AFTER_SIBILANT = {V_YA: V_A, V_YO: V_A, V_YEO: V_EO, V_YU: V_U, V_YAE: V_E, V_YE: V_E, V_WI: V_I, V_WO: V_EO}
_F = {V_WA: V_A, V_WAE: V_E, V_WE: V_E, V_WI: V_I}
_FINAL_SYLLABLE = {(C_K, V_EU): J_G, (C_P, V_EU): J_B}
_HANGUL = re.compile(r"[가-힣]+")


def _syllables(word: str) -> list[list[int]]:
    out = []
    for char in word:
        code = ord(char) - 0xAC00
        out.append([code // (_JUNG * _JONG), code % (_JUNG * _JONG) // _JONG, code % _JONG])
    return out


def loanword_key(word: str) -> str | None:
    """The spelling-independent key of a Hangul word of two syllables or more (None otherwise)."""
    if len(word) < 2 or not _HANGUL.fullmatch(word):
        return None
    syllables = _syllables(word)
    # 8: a final 크/프 after an open syllable is that syllable's closing letter (케이크 → 케익)
    last = syllables[-1]
    if (
        len(syllables) >= 2
        and last[2] == J_NONE
        and (last[0], last[1]) in _FINAL_SYLLABLE
        and syllables[-2][2] == J_NONE
    ):
        syllables[-2][2] = _FINAL_SYLLABLE[(last[0], last[1])]
        syllables.pop()
    # 5: 리에 → 레 (a syllable ending in ㅣ, then 에/애 with no initial sound)
    merged: list[list[int]] = []
    for syllable in syllables:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous[1] == V_I
            and previous[2] == J_NONE
            and syllable[0] == C_O
            and syllable[1] in (V_E, V_AE)
        ):
            previous[1], previous[2] = V_E, syllable[2]
            continue
        merged.append(list(syllable))
    key = []
    for number, (cho, jung, jong) in enumerate(merged):
        cho = _TENSE.get(cho, cho)  # 1
        if cho in _SIBILANT:  # 2
            jung = _GLIDE_AFTER_SIBILANT.get(jung, jung)
        if cho == C_H and jung in _F:  # 7
            cho, jung = C_P, _F[jung]
        if cho == C_H and jung == V_U and jong == J_NONE and number + 1 < len(merged) and merged[number + 1][0] == C_R:
            cho, jung = C_P, V_EU
        if jung == V_AE:  # 3
            jung = V_E
        if jung == V_EO and (jong == J_R or (jong == J_NONE and number == len(merged) - 1)):  # 4
            jung = V_A
        if cho == C_K and jung == V_EO and jong in (J_N, J_M) and number == 0:
            jung = V_O
        jong = _PLAIN_FINAL.get(jong, jong)  # 9
        if jong == J_S and number + 1 < len(merged):  # 6
            jong = J_NONE
        key.append(chr(0xAC00 + (cho * _JUNG + jung) * _JONG + jong))
    return "".join(key)
