"""Korean catalog search: a query read against the catalog's own words, scored with BM25F, where each typed
word's stand-ins share its weight instead of adding to it.

1. **Reading the query** (`read_query`, no analyser in the web process — see `analysis.py`): numbers and filler
   words go; particles are peeled off; a word the catalog knows is a term; a compound typed without spaces is
   split into catalog terms (or, when the catalog knows neither half, two halves the thesaurus knows); a
   sentence's function words, adverbs and helping verbs go, and a 하다 verb reads as its noun; an unknown word is
   kept as letters and may stand for the catalog word nearest in spelling (jamo) or in meaning (the analyser's
   word vectors, precomputed per catalog word).
2. **Forms and shares**: each query word becomes a few *forms* — the typed word (share 1), its synonyms from
   the district's list (`SHARE_SYNONYM`, 0.6, between a listed term and its variants; two variants of one term
   are siblings, at the thesaurus's 관련 share), its spelling fix (`SHARE_SPELLING`, 0.9), its neighbours in meaning
   (`SHARE_NEIGHBOUR`, 0.5 × similarity) — and a
   document's score for that word is the **best** of its forms, never their sum. So the many synonyms of a
   common word (교육) cannot outweigh a rare word that carries the intent (드론), and the typed word weighs most.
3. **Scoring** (`candidates`): BM25F over the analyser's terms (name × 3, category × 1.5, description × 1); the
   letters of a word (bigrams, or one syllable) for what the analyser did not see, at a lower share.
4. **Intent**: which categories the query's words point to, learnt from the offerings' own words, nudges
   ties and answers a dead end with "이 분류에서 찾아보세요" (`suggest_categories`).
5. **Meaning** (issue 30): the procurement thesaurus (`thesaurus.py`, a data file with sources, plus synonyms
   staff reviewed on the analytics page; kinds and related things weigh less than words of the same meaning, and a
   conjugated verb reads as its -기 entry) and loanword spelling rules (`loanwords.py`, also one slipped key inside
   another spelling: `_loanword_typo`) add forms like synonyms do;
   a word spread over many categories (행사, 사무실) is context and weighs less than one that names a thing
   (티셔츠) — measured on the catalog, not on queries.
6. **Query understanding** (`query_understanding.py`): a unit-price ceiling or floor in the request is a filter,
   a quantity demotes offerings whose minimum order is larger, and a category-style request ("청소 업체") ranks
   the category whose name holds the word first.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np

from procure.catalog import thesaurus
from procure.catalog.analysis import edit_distance, jamo, normalize, segment, split_words, strip_particle
from procure.catalog.models import Offering, SearchCategoryHint, SearchSynonym
from procure.catalog.query_understanding import understand
from procure.catalog.search_index import (  # noqa: F401 (the search API other modules import from here)
    FIELD_WEIGHTS,
    K1,
    CatalogIndex,
    bigrams,
    build_document,
    current_index,
    index_changed,
)

_NUMBERS = re.compile(r"\d+(개|세트|명|식|회|건|원|인분|부|장|박스|인|벌|켤레|병|kg|g|m)?")
# Words that say "I want to buy" rather than what: language, not any one query.
STOPWORDS = {
    "주문", "구입", "구매", "문의", "필요", "관련", "업체", "제작업체", "해주실", "곳", "쓸", "위한", "및", "등",
    "좀", "요청", "희망", "찾습니다", "찾아요", "원합니다", "다음", "주", "이번", "내일", "오늘", "급히", "급함",
}  # fmt: skip
# One-syllable words that name no thing (표준국어대사전's parts of speech): adverbs and negation (안 들리는, 잘, 더),
# bound nouns and counters (몇 년 치, 한 번, 할 줄), pronouns and determiners. A one-syllable noun (꽃, 떡, 옷) is
# looked for inside longer catalog nouns (꽃 → 꽃바구니); these would only find 안 in 안내 and 년 in 청년.
FUNCTION_WORDS = set(
    "안못잘더또꼭다막늘참꽤왜뭐뭘몇좀딱쭉확됨해할한된될된것거걸게수줄때번년월일치개명분건째쯤씩간측상중내외"
    "나너저제내네그이우뿐만듯척체양채"
) | {  # adverbs of how often, how much, when and how (부사): a sentence's, not a thing's
    "자꾸", "너무", "많이", "빨리", "정말", "진짜", "항상", "계속", "조금", "다시", "먼저", "모두", "어떻게", "얼마나",
    "이렇게", "그렇게", "그냥", "아주", "매우", "제일", "가장", "미리", "혹시", "같이", "함께", "이미", "아직", "벌써",
    "바로", "직접", "자주", "서로", "언제", "어디", "무엇", "무슨", "어떤", "우리", "저희",
    # 하다·있다·없다·되다·싶다 standing alone, and the helping verbs of a wish or a purpose (보조 용언)
    "하는", "하고", "하면", "해서", "해요", "했는데", "할", "한", "있는", "있어요", "있게", "없는", "없게", "되는",
    "된", "될", "싶어요", "싶음", "싶은", "싶다", "싶습니다", "알고", "같은", "위해", "위해서", "통해", "대해", "대한",
    "관한",
}  # fmt: skip
SHARE_SYNONYM = 0.6
SHARE_SPELLING = 0.9
SHARE_NEIGHBOUR = 0.5
SHARE_PART = 0.5  # a catalog term inside an unknown compound
SHARE_INSIDE = 0.8  # a catalog noun that holds a one-syllable word the catalog does not have on its own
SHARE_LETTERS_KNOWN = 0.5  # the letters of a word the catalog knows (offerings not analysed yet, compounds)
SHARE_LOANWORD = 0.95  # another spelling of the same borrowed word (loanwords.py)
INTENT_WEIGHT = 0.3
CONTEXT_FLOOR = 0.4  # the weight of a word spread evenly over every category (1 for a word of one category)
CATEGORY_CORE = 0.3  # a category-style request: the boost of the category whose name holds the word
STAND_IN_CAP = False  # a stand-in form never weighs more than the typed word's own rarity would
QUANTITY_SHORT = 0.7  # an offering whose minimum order is more than the request's quantity
# Words that make a request category-style ("청소 업체", "인쇄 용역"): who sells it, not what.
CATEGORY_MARKERS = {"업체", "용역", "서비스", "회사", "업소", "전문업체", "기업"}
# Words that say the thing is to be made or delivered, not which thing: a request of a thing and one of them
# ("굿즈 제작") is as category-style as one word alone.
MAKING_WORDS = {"제작", "납품", "구매", "구입", "주문", "대행", "맞춤", "제작업체"}
RERANK = 30


@dataclass
class QueryWord:
    typed: str
    forms: dict[tuple[str, str], float] = field(default_factory=dict)  # ("t", term) / ("s", letters) → share

    def add(self, kind: str, text: str, share: float) -> None:
        key = (kind, text)
        self.forms[key] = max(share, self.forms.get(key, 0.0))


@dataclass
class Hit:
    offering_id: int
    name: str
    enterprise: str
    score: float
    matched: list[str] = field(default_factory=list)
    offering: Offering | None = None


_MEMO: dict[str, tuple[float, object]] = {}
MEMO_SECONDS = 60.0


def _memo(key: str, load):
    """Lists every search reads and staff rarely change: kept per process for a minute (a change made in this
    process is seen at once: `forget_lists`). Not keyed on the database's identity (core.dbidentity): a process
    serves one database, and a restore, done with the processes stopped, starts them afresh."""
    now = time.monotonic()
    held = _MEMO.get(key)
    if held is None or now - held[0] > MEMO_SECONDS:
        held = _MEMO[key] = (now, load())
    return held[1]


def forget_lists() -> None:
    _MEMO.clear()


def _synonym_groups() -> list[list[str]]:
    return _memo(
        "synonyms",
        lambda: [[normalize(w) for w in s.words()] for s in SearchSynonym.objects.filter(is_active=True)],
    )


def _synonym_words() -> list[str]:
    """The district's synonym words are known words too (a misspelt 플랭카드 is near one of them)."""
    return [w for group in _synonym_groups() for w in group]


def _category_hints() -> dict[str, str]:
    return _memo(
        "hints",
        lambda: {normalize(w): code for w, code in SearchCategoryHint.objects.values_list("word", "category__code")},
    )


def _nearest_by_spelling(word: str, index: CatalogIndex) -> str | None:
    """The catalog word closest in jamo to an unknown word: one letter apart for words of up to three syllables,
    two for longer ones (프랑카드 → 플래카드); ties go to the alphabetically first."""
    if len(word) < 2 or not re.fullmatch(r"[가-힣]+", word):
        return None
    limit = 1 if len(word) < 4 else 2
    letters = jamo(word)
    best, best_distance = None, limit + 1
    for candidate in index.spelling_candidates(word) + _synonym_words():
        if abs(len(candidate) - len(word)) > 1:
            continue
        distance = edit_distance(letters, jamo(candidate), limit)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best if best_distance <= limit else None


_HANGUL_WORD = re.compile(r"[가-힣]{3,10}")


def _loanword_typo(word: str, index: CatalogIndex) -> list[str]:
    """Catalog terms one letter (jamo) away from another spelling of `word`: each syllable in turn is changed by
    one letter (its initial, vowel or final) and the result keyed by the loanword rules. Only for words of three
    syllables or more (a short Korean word one letter from a catalog word is another word, not a typo); when
    several terms answer, none is taken (ambiguous)."""
    if not _HANGUL_WORD.fullmatch(word):
        return []
    found: set[str] = set()
    for position, char in enumerate(word):
        code = ord(char) - 0xAC00
        initial, vowel, final = code // 588, code % 588 // 28, code % 28
        changed = [(i, vowel, final) for i in range(19) if i != initial]
        changed += [(initial, v, final) for v in range(21) if v != vowel]
        changed += [(initial, vowel, f) for f in range(28) if f != final]
        for i, v, f in changed:
            candidate = word[:position] + chr(0xAC00 + i * 588 + v * 28 + f) + word[position + 1 :]
            if candidate in index.vocabulary:
                found.add(candidate)
            found.update(index.loanword_variants(candidate))
            if len(found) > 1:
                return []
    return sorted(found)


def read_query(query: str, index: CatalogIndex, groups: list[list[str]] | None = None) -> list[QueryWord]:
    """The query's words, each with its forms and their shares."""
    groups = _synonym_groups() if groups is None else groups
    words: list[QueryWord] = []
    raws = [w for w in split_words(_NUMBERS.sub(" ", query)) if w not in STOPWORDS]
    if len(raws) > 1:  # a function word alone is still searched
        raws = [w for w in raws if w not in FUNCTION_WORDS] or raws
    content = [w for w in raws if w not in CATEGORY_MARKERS]
    raws = content or raws  # "용역" alone is still searched
    for raw in _phrases(raws):
        entry = None if raw in index.vocabulary else thesaurus.lookup(raw)
        entry = entry or thesaurus.lookup(strip_particle(raw, index.vocabulary))
        if entry:
            words.append(_forms(raw if raw in index.vocabulary else entry, index, groups))
            continue
        word, pieces = _read_word(raw, index)
        if not word or word in STOPWORDS:
            continue
        for piece in pieces:
            if piece not in STOPWORDS:
                words.append(_forms(piece, index, groups))
    return words


def _phrases(raws: list[str]) -> list[str]:
    """Two words the thesaurus knows as one (사무실 이전 → 사무실이전) are read as one."""
    out: list[str] = []
    i = 0
    while i < len(raws):
        if i + 1 < len(raws) and thesaurus.known(raws[i] + raws[i + 1]):
            out.append(raws[i] + raws[i + 1])
            i += 2
        else:
            out.append(raws[i])
            i += 1
    return out


def _add_meaning(result: QueryWord, word: str, index: CatalogIndex, share: float) -> None:
    """The thesaurus's words for `word`, as forms at `share` × their own share."""
    vocabulary = index.vocabulary
    for other, part in thesaurus.expansions(word).items():
        if other in vocabulary:
            result.add("t", other, share * part)
        elif len(other) >= 2:
            result.add("s", other, share * part)


def _read_word(raw: str, index: CatalogIndex) -> tuple[str, list[str]]:
    """(the word, the words it stands for): itself when the catalog knows it; its catalog parts when it is a
    compound; the word without its particle when that reads better (세트를 → 세트, but 행사용다과 → 행사, 다과)."""
    vocabulary = index.vocabulary

    def reading(word: str) -> tuple[int, list[str]]:
        if word in vocabulary or len(word) == 1:
            return 0, [word]
        pieces = segment(word, vocabulary, index.max_term_length)
        return len(word) - sum(len(p) for p in pieces), pieces

    options = [(raw, *reading(raw))]
    stripped = strip_particle(raw, vocabulary)
    if stripped != raw:
        options.append((stripped, *reading(stripped)))
    word, uncovered, pieces = min(options, key=lambda option: (option[1], len(option[0])))
    if uncovered == 0 and len(pieces) == 1:
        return word, pieces
    halves = _known_halves(word, vocabulary) if uncovered else ()
    if halves:  # 홀몸노인 → 홀몸, 노인 (a thesaurus word) rather than 홀몸 + 인 with 노 left over
        return word, list(halves)
    # A compound of catalog terms (잔디깎기 → 잔디, 깎) — unless it is cut into single syllables and one slipped key
    # away from a catalog word (방층망 → 방, 층, 망 but also 방충망): then it is left whole, for the spelling fix.
    syllables = sum(len(p) == 1 for p in pieces)
    if len(pieces) > 1 and uncovered <= 1 and (syllables <= 1 or not _nearest_by_spelling(word, index)):
        return word, pieces
    return word, [word]


def _known_halves(word: str, vocabulary) -> tuple[str, ...]:
    """Two halves of a compound the catalog does not know, each a word the catalog or the thesaurus knows
    (독거노인 → 독거, 노인): the split with the longest first half."""
    for i in range(len(word) - 2, 1, -1):
        left, right = word[:i], word[i:]
        if all(half in vocabulary or thesaurus.known(half) for half in (left, right)):
            return left, right
    return ()


def _forms(word: str, index: CatalogIndex, groups: list[list[str]]) -> QueryWord:
    vocabulary = index.vocabulary
    result = QueryWord(word)
    if word in vocabulary:
        result.add("t", word, 1.0)
        result.add("s", word, SHARE_LETTERS_KNOWN)
    elif len(word) == 1:
        for term in index.terms_containing(word):  # 꽃 inside 꽃바구니: the nouns that hold the syllable
            result.add("t", term, SHARE_INSIDE)
    else:
        result.add("s", word, 1.0)
        part = segment(word, vocabulary, index.max_term_length) if len(word) > 2 else []
        if len(part) == 1 and len(part[0]) >= 2 and len(part[0]) >= len(word) - 1:
            result.add("t", part[0], SHARE_SPELLING)  # 방한복 → 방한: most of the word is a catalog term
        elif 2 * sum(len(p) for p in part) >= len(word):
            for piece in part:  # an unknown compound answers from its known half (새이름인쇄소 → 인쇄)
                if len(piece) >= 2:
                    result.add("t", piece, SHARE_PART)
        for piece in _known_halves(word, vocabulary):  # 독거노인 → 독거, 노인 → 노인's 같은말 어르신
            _add_meaning(result, piece, index, SHARE_PART)
        variants = index.loanword_variants(word)
        for variant in variants:  # 워크샵 → 워크숍: the same word spelt another way
            result.add("t", variant, SHARE_LOANWORD)
            _add_meaning(result, variant, index, SHARE_LOANWORD)
        # a word the thesaurus knows is a word, not a typo of a catalog word (창고 is not 창호)
        known = thesaurus.known(word)
        fixed = None if variants or known else _nearest_by_spelling(word, index)
        # a slipped key inside a borrowed word spelt another way (레크레이숀)
        if not variants and not fixed and not known:
            for variant in _loanword_typo(word, index):
                result.add("t", variant, SHARE_SPELLING * SHARE_LOANWORD)
                _add_meaning(result, variant, index, SHARE_SPELLING * SHARE_LOANWORD)
        if fixed:
            _add_meaning(result, fixed, index, SHARE_SPELLING)
            result.add("t" if fixed in vocabulary else "s", fixed, SHARE_SPELLING)
            for group in groups:  # the fixed word's own synonyms (프랑카드 → 플래카드 → 현수막)
                if fixed in group:
                    for other in group:
                        if other != fixed:
                            result.add("t" if other in vocabulary else "s", other, SHARE_SYNONYM * SHARE_SPELLING)
    for group in groups:
        if word in group:
            for other in group:
                if other != word:
                    # the list names a term and its variants: a variant stands for the term; two variants of one
                    # term are siblings (사무용품: 복사용지, 토너), related as the thesaurus's 관련 is, not the same
                    share = SHARE_SYNONYM if group[0] in (word, other) else thesaurus.SHARE_RELATED
                    result.add("t" if other in vocabulary else "s", other, share)
    _add_meaning(result, word, index, 1.0)
    for term, similarity in index.neighbours.get(word, ()):
        result.add("t", term, SHARE_NEIGHBOUR * similarity)
    return result


def _specificity(word: QueryWord, index: CatalogIndex) -> float:
    """How much a word names a thing rather than its context: a catalog word whose offerings sit in one category
    weighs 1, one spread evenly over all of them CONTEXT_FLOOR (learnt from the offerings)."""
    if ("t", word.typed) not in word.forms:
        return 1.0
    spread = index.intent(word.typed)
    if not spread:
        return 1.0
    return CONTEXT_FLOOR + (1 - CONTEXT_FLOOR) * max(spread.values())


def _core_categories(query: str, words: list[QueryWord], index: CatalogIndex) -> set[str]:
    """A category-style request ("청소 업체", or a word that is part of a category's name on its own): the
    categories whose names hold its words (청소 → 청소·방역·소독)."""
    typed = [w.typed for w in words if w.typed not in MAKING_WORDS]
    said = split_words(query)
    styled = any(w in CATEGORY_MARKERS for w in said) or len(typed) == 1
    if not styled or not typed:
        return set()
    named = set(typed)
    for word in typed:  # the category's name may use another word of the same meaning (굿즈 → 기념품)
        named.update(other for other, share in thesaurus.expansions(word).items() if share >= thesaurus.SHARE_SAME)
    found = set()
    for code, label in index.category_label.items():
        parts = {normalize(p) for p in label.replace("·", " ").split()}
        if named & parts:
            found.add(code)
    return found


def _form_scores(index: CatalogIndex, kind: str, text: str, *, letters_where=None) -> tuple[np.ndarray, np.ndarray]:
    """(positions, score) of one form, before its share. Letters are scored where every bigram of the word is
    present (one syllable: the syllable); `letters_where` limits them to some offerings (the unanalysed)."""
    if kind == "t":
        positions, weights = index.terms.get_weighted(text)
        if not len(positions):
            return positions, weights
        return positions, weights * index.idf(len(positions))
    positions = index.containing(text)
    if letters_where is not None and len(positions):
        positions = positions[letters_where[positions]]
    if not len(positions):
        return positions, np.empty(0, dtype=np.float32)
    if len(text) > 1:
        in_name = np.isin(positions, index.containing(text, in_name=True), assume_unique=True)
    else:
        in_name = np.zeros(len(positions), dtype=bool)
    tf = np.where(in_name, FIELD_WEIGHTS["name"], FIELD_WEIGHTS["body"])
    return positions, (tf * (K1 + 1) / (tf + K1)).astype(np.float32) * index.idf(len(positions))


def candidates(query: str, *, index: CatalogIndex | None = None) -> tuple[np.ndarray, list[QueryWord], dict]:
    """The index part of a search: (score per position, the query's words, its intent per category code)."""
    scores, words, intent, _found = _candidates(query, index or current_index())
    return scores, words, intent


def _candidates(query: str, index: CatalogIndex) -> tuple[np.ndarray, list[QueryWord], dict, np.ndarray | None]:
    """`candidates`, with the positions that have a score when the intent step already listed them (None when it
    did not): every part of a score is positive, and the boosts multiply, so the list stays true."""
    words = read_query(query, index)
    scores = np.zeros(index.size, dtype=np.float32)
    intent: dict[str, float] = {}
    hints = _category_hints()
    unanalysed = ~index.analysed if not index.analysed.all() else None
    for word in words:
        found_positions, found_values = [], []
        typed_df = len(index.terms.get(word.typed)) if ("t", word.typed) in word.forms else 0
        typed_idf = index.idf(typed_df) if typed_df else None
        for (kind, text), share in word.forms.items():
            if kind == "s" and share == SHARE_LETTERS_KNOWN and unanalysed is None:
                continue  # a known word's letters only matter for offerings the analyser has not read yet
            where = unanalysed if kind == "s" and share == SHARE_LETTERS_KNOWN else None
            positions, values = _form_scores(index, kind, text, letters_where=where)
            if STAND_IN_CAP and len(positions) and typed_idf is not None and text != word.typed:
                # a stand-in is never more telling than the word typed (배너 is rarer than 현수막, not better)
                values = values * min(1.0, typed_idf / index.idf(len(positions)))
            if len(positions):
                found_positions.append(positions)
                found_values.append(values * share)
            if kind == "t":
                for code, part in index.intent(text).items():
                    intent[code] = intent.get(code, 0.0) + share * part
        if word.typed in hints:
            intent[hints[word.typed]] = intent.get(hints[word.typed], 0.0) + 2.0
        weight = _specificity(word, index)
        if weight != 1.0:
            found_values = [values * weight for values in found_values]
        if len(found_positions) == 1:
            if len(found_positions[0]) == index.size:  # every offering (positions are 0…n-1): a plain add
                scores += found_values[0]
            else:
                scores[found_positions[0]] += found_values[0]
        elif found_positions:  # the best form per offering, never the sum
            best = np.zeros(index.size, dtype=np.float32)
            for positions, values in zip(found_positions, found_values, strict=True):
                best[positions] = np.maximum(best[positions], values)
            scores += best
    found = None
    if intent:
        top = max(intent.values())
        intent = {code: value / top for code, value in intent.items()}
        boost = np.array([intent.get(code, 0.0) for code in index.category_order], dtype=np.float32)
        found = np.flatnonzero(scores)  # only offerings with a score: the boost of a zero is zero
        if len(found) > index.size // 4:  # most of the catalog: whole arrays are cheaper than gathering
            scores *= 1 + INTENT_WEIGHT * boost[index.category_ids]
        else:
            scores[found] *= 1 + INTENT_WEIGHT * boost[index.category_ids[found]]
    for code in _core_categories(query, words, index):
        found = np.flatnonzero(scores)
        inside = found[index.category_ids[found] == index.category_order.index(code)]
        scores[inside] *= 1 + CATEGORY_CORE
    return scores, words, intent, found


def search(
    query: str,
    *,
    limit: int | None = 10,
    kind: str = "",
    category: str = "",
    visible_only: bool = True,
    max_price: int | None = None,
    enterprise_type: str = "",
) -> list[Hit]:
    index = current_index()
    if not index.size:
        return []
    asked = understand(query)
    if asked.max_price is not None:
        max_price = asked.max_price if max_price is None else min(max_price, asked.max_price)
    min_price = asked.min_price
    query = asked.text if (asked.max_price is not None or asked.min_price is not None) else query
    if query.strip():
        scores, words, _intent, found = _candidates(query, index)
        if found is None:
            found = np.flatnonzero(scores > 0)
        if asked.quantity is not None and index.min_quantities is not None and len(found):
            # the demotion on the offerings found only: a zero stays zero (whole-catalog arrays cost more)
            scores[found[index.min_quantities[found] > asked.quantity]] *= QUANTITY_SHORT
    else:  # browsing a category (the dead end's "이 분류에서 찾아보세요"): everything it holds, by name
        scores, words = np.ones(index.size, dtype=np.float32), []
        found = np.arange(index.size)
    # The filters on the offerings found, not on the whole catalog (each keeps `found` in its order).
    if visible_only:
        found = found[index.visible()[found]]
    if kind:
        found = found[index.kind_ids[found] == index.kind_order.index(kind)] if kind in index.kind_order else found[:0]
    if category:
        if category in index.category_order:
            found = found[index.category_ids[found] == index.category_order.index(category)]
        else:
            found = found[:0]
    if max_price is not None or min_price is not None:
        prices = index.prices[found]
        keep = np.ones(len(found), dtype=bool)
        if max_price is not None:
            keep &= (prices >= 0) & (prices <= max_price)
        if min_price is not None:
            keep &= prices >= min_price
        found = found[keep]
    if enterprise_type:
        found = found[index.of_type(enterprise_type)[found]]
    if limit is not None and len(found) > max(RERANK, limit * 2):
        keep_count = max(RERANK, limit * 2)
        found = found[np.argpartition(-scores[found], keep_count - 1)[:keep_count]]
    # Ranked on (score, name, id); the enterprise and the highlights only for the hits kept.
    ranked = sorted(
        (
            (-round(score, 3), index.name(p), offering_id, p)
            for p, score, offering_id in zip(
                found.tolist(), scores[found].tolist(), index.ids[found].tolist(), strict=True
            )
        ),
    )
    if limit is not None:
        ranked = ranked[:limit]
    typed = [w.typed for w in words]
    hits = []
    for negative, name, offering_id, p in ranked:
        normalized = normalize(name)
        hits.append(
            Hit(
                offering_id,
                name,
                index.enterprise_name(p),
                -negative,
                [t for t in typed if t in normalized],  # what the result's name highlights
            )
        )
    return hits


def suggest_categories(query: str, *, limit: int = 3) -> list[tuple[str, str]]:
    """For a search with no result: the categories the query's words point to, as (code, name)."""
    index = current_index()
    if not index.size:
        return []
    _scores, words, intent = candidates(query, index=index)
    if not intent:  # nothing known: the categories whose words share letters with the query
        for word in words:
            for term in index.vocabulary:
                if len(word.typed) >= 2 and (bigrams(word.typed) & bigrams(term)):
                    for code, part in index.intent(term).items():
                        intent[code] = intent.get(code, 0.0) + part
    ranked = sorted(intent.items(), key=lambda item: -item[1])[:limit]
    return [(code, index.category_label.get(code, code)) for code, _ in ranked if code in index.category_label]


def suggest_names(text: str, *, limit: int = 8) -> list[str]:
    """Offering names containing what was typed so far (the search box's suggestions)."""
    text = normalize(text)
    if len(text) < 2:
        return []
    index = current_index()
    visible = index.visible()
    positions = [p for p in index.containing(text, in_name=True) if visible[p]]
    names = (index.name(p) for p in positions)
    return sorted({name for name in names if text in normalize(name)})[:limit]


def attach_offerings(hits: list[Hit]) -> list[Hit]:
    """Load the offerings of the hits shown on a page (one query)."""
    loaded = Offering.objects.with_enterprise().in_bulk([h.offering_id for h in hits])
    for hit in hits:
        hit.offering = loaded.get(hit.offering_id)
    return [h for h in hits if h.offering is not None]


def facet_counts(hits: list[Hit]) -> dict[str, list[tuple[str, int]]]:
    """How the hits spread over 분류 and 구분 (read from the index, no query)."""
    from collections import Counter

    from procure.catalog.models import OfferingKind

    index = current_index()
    positions = np.searchsorted(index.ids, [h.offering_id for h in hits]) if hits else []
    return {
        "분류": Counter(index.category_label[index.category_code(p)] for p in positions).most_common(),
        "구분": Counter(OfferingKind(index.kind(p)).label for p in positions).most_common(),
    }
