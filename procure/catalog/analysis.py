"""Korean text analysis for the catalog search.

Two halves, on purpose in different processes:

- **Offerings, at index time** (`analyse`, `neighbours`): the morphological analyser kiwipiepy (its model ships
  in the PyPI package; ~530 MB once loaded) turns names and descriptions into terms — nouns of any length (떡,
  꽃 included), foreign words, roots of verbs (깎기 → 깎) — and finds, with its `cong` model's word vectors,
  catalog words near each other in meaning. It runs where the analyser fits: the task worker, the import
  (CLI or worker) and `search_reindex`; never in a web worker.
- **Queries, at search time** (`query_words`): no analyser. A query is read against the catalog's own
  vocabulary (the terms the analyser found): particles are peeled off by grammar, a compound typed without
  spaces is split into catalog terms (코딩교육 → 코딩 + 교육), and a word the catalog does not know is mapped
  to the nearest catalog word by jamo distance (에어콘 → 에어컨) or by the precomputed word vectors. What
  stays unknown is still searched as letters (the bigram field), so nothing is silently dropped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

_NOISE = re.compile(r"[\s\-_·.,/()\[\]~!?'\"+&:;]+")
# Kiwi tags kept as search terms: common and proper nouns, foreign words, hanja, roots; verb and adjective stems.
NOUN_TAGS = {"NNG", "NNP", "SL", "SH", "XR"}
STEM_TAGS = {"VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
# Grammar, not rows: Korean particles and endings that follow a noun in a query (longest first).
PARTICLES = sorted(
    [
        "을",
        "를",
        "이",
        "가",
        "은",
        "는",
        "의",
        "들",  # the plural, alone or before a particle (구민들이, 직원들한테)
        "들이",
        "들을",
        "들은",
        "들의",
        "들도",
        "들에게",
        "들한테",
        "한테",
        "께서",
        "에",
        "에서",
        "에게",
        "께",
        "으로",
        "로",
        "와",
        "과",
        "랑",
        "이랑",
        "하고",
        "도",
        "만",
        "부터",
        "까지",
        "처럼",
        "보다",
        "용",
        "입니다",
        "합니다",
        "해요",
        "하는",
        "할",
        "하기",
        "해주세요",
        "주세요",
        "필요합니다",
        "필요해요",
        "있나요",
        "있는",
        "없나요",
        "되나요",
        "가능한",
        "가능",
    ],
    key=len,
    reverse=True,
)
MIDDLE, LAST = 21, 28

_LOCK = threading.Lock()
_KIWI = None


def normalize(text: str) -> str:
    return _NOISE.sub("", (text or "").lower())


def split_words(text: str) -> list[str]:
    return [w for w in _NOISE.split((text or "").lower()) if w]


def jamo(text: str) -> str:
    """Hangul syllables → their letters (현 → ㅎㅕㄴ), so that one slipped key is one letter apart."""
    letters = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            letters.append(chr(0x1100 + code // (MIDDLE * LAST)))
            letters.append(chr(0x1161 + code % (MIDDLE * LAST) // LAST))
            if code % LAST:
                letters.append(chr(0x11A7 + code % LAST))
        else:
            letters.append(char)
    return "".join(letters)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


# --- index time: the analyser -----------------------------------------------------------------------


def analyser():
    """The process's kiwipiepy analyser (loaded once, ~1–2 s; the default `cong` model, which also carries the
    word vectors `neighbours` reads). Only index-time code calls this."""
    global _KIWI
    if _KIWI is None:
        with _LOCK:
            if _KIWI is None:
                from kiwipiepy import Kiwi

                _KIWI = Kiwi(model_type="cong")
    return _KIWI


def terms_of(tokens) -> list[str]:
    terms = []
    for token in tokens:
        if token.tag in NOUN_TAGS or token.tag in STEM_TAGS:
            form = token.form.lower()
            if form and not form.isdigit():
                terms.append(form)
    return terms


def analyse(texts: list[str]) -> list[list[str]]:
    """The search terms of each text, in order (batch: ~10k short texts a second)."""
    if not texts:
        return []
    kiwi = analyser()
    return [terms_of(tokens) for tokens in kiwi.tokenize([t or "" for t in texts])]


def neighbours(terms: Iterable[str], vocabulary: set[str], *, top_n: int = 50, threshold: float = 0.7, mutual: int = 5):
    """(word, catalog term, similarity), both ways, for pairs of catalog terms close in meaning (떡 ↔ 인절미,
    집기 ↔ 비품): each among the other's `mutual` nearest catalog terms and at least `threshold` apart. Common
    nouns only, read as nouns (떡 the rice cake, not the adverb). Words outside the catalog are left out, and
    so are one-sided pairs: rare words have degenerate vectors (measured: dozens of unrelated words at 0.98 to
    one another), and mutual nearness is what filters such hubs out."""
    kiwi = analyser()
    terms = set(terms)
    nearest: dict[str, list[tuple[str, float]]] = {}

    def near(term: str) -> list[tuple[str, float]]:
        if term not in nearest:
            try:
                similar = kiwi.most_similar_morphemes((term, "NNG"), top_n=top_n)
            except (ValueError, KeyError, RuntimeError):
                similar = []  # not a common noun the model knows
            nearest[term] = [
                (entry[0].lower(), float(entry[-1]))
                for entry in similar
                if entry[1] in ("NNG", "NNP") and entry[0].lower() in vocabulary and entry[0].lower() != term
            ][:mutual]
        return nearest[term]

    rows = []
    for term in sorted(terms):
        for form, score in near(term):
            if score >= threshold and any(back == term for back, _ in near(form)):
                rows.append((form, term, score))
                rows.append((term, form, score))
    return rows


# --- search time: the query against the catalog's vocabulary ---------------------------------------------


# A 하다/되다 verb or adjective (출력하다, 따뜻하다, 정리되다) conjugated: the syllable of 하/되 as a conjugation
# leaves it, then at least one syllable of endings only (출력하면, 따뜻하게, 정리해서; 고장났는데 is not one: 났 is
# another verb; 사물함, 유통기한 and 자연재해 end in such a syllable but are nouns).
_HADA = set("하해했할한함합되돼됐될된됨")
_HADA_ENDINGS = set("면고는게서야요니까며려기도록지세시실주줄줘드릴립다데던든은을를것때라어아요였었겠")


def strip_hada(word: str) -> str:
    """The noun or root before a 하다/되다 ending (출력하면 → 출력, 따뜻하게 → 따뜻), when it has two syllables or
    more; otherwise the word unchanged."""
    for i in range(2, len(word) - 1):  # an ending must follow: 사물함, 유통기한, 자연재해 are nouns
        if word[i] in _HADA and all(char in _HADA_ENDINGS for char in word[i + 1 :]):
            return word[:i]
    return word


def strip_particle(word: str, vocabulary) -> str:
    """Peel one particle or ending off a word the catalog does not know (세트를 → 세트, 답례용 → 답례,
    출력하면 → 출력)."""
    if word in vocabulary:
        return word
    for particle in PARTICLES:
        if len(word) > len(particle) and word.endswith(particle):
            stem = word[: -len(particle)]
            if stem in vocabulary or len(stem) >= 2:
                return stem
    return strip_hada(word)


def segment(word: str, vocabulary, max_length: int = 8) -> list[str]:
    """Split a compound typed without spaces into catalog terms, covering as many of its letters as possible
    with as few pieces as possible (코딩교육 → 코딩, 교육; 잔디깎기 → 잔디, 깎). Letters no term covers are left
    out; an empty list means no part is a catalog term."""
    n = len(word)
    # best[i] = (letters covered, -pieces, pieces) for word[:i]
    best: list[tuple[int, int, list[str]]] = [(0, 0, [])] + [(-1, 0, [])] * n
    for i in range(n):
        covered, pieces, parts = best[i]
        if covered < 0:
            continue
        # skip a letter
        if (covered, pieces) > best[i + 1][:2]:
            best[i + 1] = (covered, pieces, parts)
        for j in range(i + 1, min(n, i + max_length) + 1):
            piece = word[i:j]
            if piece in vocabulary:
                candidate = (covered + len(piece), pieces - 1, [*parts, piece])
                if candidate[:2] > best[j][:2]:
                    best[j] = candidate
    return best[n][2]


def nearest_by_spelling(word: str, vocabulary_by_length: dict[int, list[str]]) -> str | None:
    """The catalog word closest in jamo to a word the catalog does not know: one letter apart for short
    words, two for words of four syllables or more (프랑카드 → 플래카드); ties go to the alphabetically first."""
    if len(word) < 2 or not re.fullmatch(r"[가-힣]+", word):
        return None
    limit = 1 if len(word) < 4 else 2
    letters = jamo(word)
    best, best_distance = None, limit + 1
    for length in (len(word), len(word) - 1, len(word) + 1):
        for candidate in vocabulary_by_length.get(length, ()):
            distance = edit_distance(letters, jamo(candidate), limit)
            if distance < best_distance or (distance == best_distance and best is not None and candidate < best):
                best, best_distance = candidate, distance
    return best if best_distance <= limit else None
