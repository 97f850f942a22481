"""Which category a purchase line is — and NONE where no social economy enterprise would supply it.

Learnt, not listed: a multinomial naive Bayes over the characters (2- and 3-grams) of what the catalog says
its offerings are (name three times, description once, the category's own name), of ledger lines bought from
registered enterprises (labelled with that enterprise's main category) and of what the public taxonomies call
each category (data/category_terms.csv: 한국표준산업분류 class names, 조달청 분류, the laws naming the
service — so a line may use a word no offering happens to use). A letter group weighs more the later it ends in
the title, and more again inside the title's head word (its last word once the words of how it is bought —
제작, 구입, 용역, 운영, 대행 … — are taken off). Nothing is learnt from the lines being classified or from an
evaluation set.

NONE has no examples in a catalog of what enterprises sell, so it comes from knowledge (`reference`, the data file
insights/data/out_of_reach.csv with the law or taxonomy of every entry): works and services that need a registration
or licence (건설산업기본법 업종 above the 경미한 건설공사 amounts, 전기·정보통신·소방, 승강기, 정화조, 저수조,
감정평가, 회계감사 …) are out of reach unless a registered enterprise holds the licence on the line's date — then
they are its work and it is named (under an entry's 경미한 건설공사 amount, another entry of the title that
needs a registration at any amount still decides: 주차선 도색 is road marking); statutory inspections
likewise; equipment the catalog does not sell; rents of what the catalog does not rent out (venues, vehicles
and the reference's equipment never — 정수기 렌탈 is a maker's; event equipment is EVENT, as the counting
conventions say); media placement, licences, fees, insurance, fuel, medicine, books. When several entries
match, the one whose word ends last decides (Korean noun phrases are head-final). Then facts of the ledger beside
the title when the catalog's evidence is not confident: 1억 or more of works, the contract method (goods from
the PPS shopping mall's MAS contracts and tenders restricted by licence or record are how special equipment is
bought), goods bought as a replacement (물품 … 교체), maintenance of something the catalog never mentions, and
lines that share too little with the catalog (these last are guesses: `Verdict.judged` is False and the finder
counts them apart).
A line bought from a registered enterprise is never NONE: its category is the one of that enterprise's categories
the title is most like. An officer's mark decides first (their institution's, else the district's).
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy

from procure.insights import reference

_NOISE = re.compile(r"[\s\-_·.,/()\[\]~!?'\"+&:;0-9]+")
LARGE_WORKS = 100_000_000  # 공사 of 1억 or more: large construction, not a small enterprise's repair job
# 계약방법 (ledger code or Korean label) that buy what the catalog rarely offers — decisive only under
# `soft_confidence`: enterprises do sell through the shopping mall too.
METHOD_REASONS = {
    "shopping_mall": "shopping_mall",
    "종합쇼핑몰": "shopping_mall",
    "restricted": "restricted_tender",
    "제한경쟁": "restricted_tender",
}
REPLACEMENT_WORD = "교체"
# A title's maintenance word: what stands before it is what is looked after (Korean is head-final).
MAINTENANCE_WORDS = ("유지보수", "유지관리", "점검", "정비")
_BRACKETED = re.compile(r"\([^)]*\)")
VENUE_RENT = "대관"
# Equipment an event firm sets up and rents out (stage, sound, lighting): renting it reads as EVENT (the conventions).
EVENT_EQUIPMENT = frozenset({"EQUIP_STAGE"})
RENT_MARKERS = ("임대", "대여", "렌탈", "렌트", "임차", "리스")
# Under this share of the probability mass a learnt category is a guess the finder says it cannot judge.
JUDGE_CONFIDENCE = 0.5
# A term of the public taxonomies (data/category_terms.csv) counts as much as this many words of an offering's name.
TERM_WEIGHT = 1

# Why a line was judged as it was, in the words an officer reads on the finder page.
REASON_LABELS = {
    "marked": "담당자가 고침",
    "marked_district": "구(區) 전체에 적용한 표시",
    "registered_supplier": "등록 기업의 분류",
    "licensed_holder": "면허 보유 관내 기업",
    "licence_nobody": "관내 기업 중 면허 보유 없음",
    "equipment": "관내 기업이 팔지 않는 장비",
    "rental": "관내 기업이 빌려주지 않는 것의 임차(장소·차량 포함)",
    "event_rental": "행사 장비 임차(행사 분류)",
    "placement": "매체 광고 게재",
    "fee": "요금·사용료·라이선스·보험·연료 등",
    "large_works": "1억 원 이상 공사",
    "no_model": "품목 자료 없음",
    "shopping_mall": "종합쇼핑몰 구매(품목과 닮은 데가 적음)",
    "restricted_tender": "제한경쟁(품목과 닮은 데가 적음)",
    "equipment_replacement": "물품 교체(장비로 봄)",
    "maintenance_unknown_to_catalog": "관내 기업 품목에 없는 것의 유지관리",
    "unlike_the_catalog": "관내 기업 품목과 닮은 데가 없음",
}
# Reasons that are guesses rather than knowledge: the finder counts such lines as "판단하지 못한 구매".
UNJUDGED_REASONS = {"unlike_the_catalog", "no_model"}


LICENSED_GROUPS = ("licensed_works", "licensed_service", "statutory_inspection")


def _minor_works(entry: reference.Entry, amount: int) -> bool:
    """경미한 건설공사 (건설산업기본법 시행령 §8): under the entry's amount no registration is needed."""
    return entry.minor_limit is not None and 0 < amount < entry.minor_limit


def normalize(text: str) -> str:
    return _NOISE.sub("", (text or "").lower())


# What changes between the recurrences of one purchase: the year, the month, the quarter or half, the round.
_PERIOD = re.compile(r"\d+\s*(?:년도?|월분?|분기|차|회차?)|[상하]반기|연간|\d+")


def title_key(title: str) -> str:
    """The title with its period taken out, normalised: "2024년 청사 승강기 유지관리(1분기)" and "청사 승강기
    유지관리 (3분기)" are one purchase to an officer's mark."""
    return normalize(_PERIOD.sub("", title or ""))


# Words of a title that say how a thing is bought, not what: the head of "…홍보 현수막 제작" is 현수막. 계약명 end with
# them by the 계약 사무 conventions (물품 …구입·구매·제작, 용역 …용역·위탁·대행·운영, 공사 …공사 — kept: a works word).
ACTION_WORDS = ("제작", "구입", "구매", "납품", "용역", "위탁", "대행", "운영", "사업", "및", "연간")
ACTION_WORDS += ("추진", "실시", "지원", "관련", "프로그램", "서비스")
_ACTION_TAIL = re.compile("(?:" + "|".join(ACTION_WORDS) + ")+$")


def head_word(title: str) -> str:
    """What a title buys: its last word once brackets, periods and the words of how it is bought are taken off
    ("자치회관 프로그램 안내 책자 제작" → "책자"; "청사 미화 용역" → "미화"); empty when nothing is left."""
    words = [w for w in _PERIOD.sub(" ", _BRACKETED.sub(" ", title or "")).split()]
    while words:
        word = _ACTION_TAIL.sub("", normalize(words[-1]))
        if word:
            return word
        words.pop()
    return ""


# One-letter words that say nothing of what is bought (등 = and so on, 외, 각 …): no feature.
_SMALL_WORDS = frozenset("및등외각별중후내시간용개명회건식대차년월일곳분기호부권장벌")


def one_letter_words(text: str) -> list[tuple[str, int]]:
    """The title's one-letter Hangul words (떡, 쌀, 꿀, 김) with where each ends in the normalised text: letter pairs
    never see them, so each is a feature of its own, written "<떡>"."""
    found, at = [], 0
    for word in (text or "").split():
        word = normalize(word)
        at += len(word)
        if len(word) == 1 and "가" <= word <= "힣" and word not in _SMALL_WORDS:
            found.append((f"<{word}>", at))
    return found


def grams(text: str) -> list[str]:
    words = [feature for feature, _ in one_letter_words(text)]
    text = normalize(text)
    return [text[i : i + n] for n in (2, 3) for i in range(len(text) - n + 1)] + words


@dataclass
class Verdict:
    category: str
    confidence: float  # the winning category's share of the probability mass among categories
    reason: str = ""
    detail: str = ""  # the reference entry's name (what the law calls the work), when one decided
    names: tuple[str, ...] = ()  # enterprises holding the licence the line needs, when one decided

    @property
    def judged(self) -> bool:
        """False for a guess: a learnt category under JUDGE_CONFIDENCE or a NONE from weak likeness alone."""
        if self.reason in UNJUDGED_REASONS:
            return False
        return self.reason != "" or self.confidence >= JUDGE_CONFIDENCE


class PurchaseClassifier:
    def __init__(
        self,
        examples: list[tuple[str, str, int]],
        *,
        smoothing: float = 1.0,
        min_evidence: float = 0.1,
        soft_confidence: float = 0.9,
        replacement_confidence: float = 0.5,
        head_weight: float = 2.0,
        head_bonus: float = 4.0,
        marked: dict[tuple[int | None, str], str] | None = None,
        rentals: list[str] | tuple[str, ...] = (),
        goods: list[str] | tuple[str, ...] = (),
        holders: Callable[[str, datetime.date | None], list[str]] | None = None,
    ):
        """examples: (text, category code, weight). marked: (institution id, or None for the whole district;
        normalised title) → category (NONE included) that officers set by hand (insights.CategoryMark); it decides
        before anything learnt, an institution's own mark before the district's. rentals: what the catalog's
        rental offerings say (name and description); goods: the names of the catalog's goods offerings — a rent or
        a piece of equipment is within reach only if the catalog rents or sells the same thing. holders: licence
        code, day → names of registered enterprises holding it (enterprises.selectors.licence_holders_on)."""
        self.rental_vocabulary = {g for text in rentals for g in grams(text)}
        self.goods_text = [normalize(text) for text in goods]
        self.holders = holders or (lambda code, day: [])
        self.counts: dict[str, Counter] = defaultdict(Counter)
        for text, code, weight in examples:
            if code and code != "NONE":
                for gram in grams(text):
                    self.counts[code][gram] += weight
        self.totals = {code: sum(c.values()) for code, c in self.counts.items()}
        self._codes = list(self.counts)
        self._logs: dict[str, numpy.ndarray] = {}  # letter group → its log-probability in each category, as asked
        self.vocabulary = set().union(*self.counts.values()) if self.counts else set()
        self.smoothing = smoothing
        self.min_evidence = min_evidence
        self.soft_confidence = soft_confidence
        self.replacement_confidence = replacement_confidence
        self.head_weight = head_weight
        self.head_bonus = head_bonus
        self.marked = marked or {}

    def scores(self, text: str) -> dict[str, float]:
        """Log-likelihood per category. Korean noun phrases are head-final — what is bought comes last
        (…안전교육 교재 인쇄, …분리배출 홍보 현수막 제작) — so a letter group weighs more the later it ends."""
        head = normalize(head_word(text))
        words = one_letter_words(text)
        text = normalize(text)
        length = max(len(text), 1)
        # The head word's span in the normalised text: its letter groups weigh `head_bonus` more.
        start = text.rfind(head) if len(head) >= 2 else -1
        end = start + len(head) if start >= 0 else -1

        def weight(i: int, n: int) -> float:
            in_head = start <= i and i + n <= end
            return 1 + self.head_weight * (i + n) / length + (self.head_bonus if in_head else 0.0)

        found = [
            (text[i : i + n], weight(i, n))
            for n in (2, 3)
            for i in range(len(text) - n + 1)
            if text[i : i + n] in self.vocabulary
        ]
        found += [
            (feature, 1 + self.head_weight * at / length + (self.head_bonus if feature == f"<{head}>" else 0.0))
            for feature, at in words
            if feature in self.vocabulary
        ]
        if not found or not self.counts:
            return {code: 0.0 for code in self.counts}
        rows = []
        for gram, _ in found:
            row = self._logs.get(gram)
            if row is None:
                size = len(self.vocabulary) or 1
                row = self._logs[gram] = numpy.log(
                    [
                        (self.counts[code][gram] + self.smoothing) / (self.totals[code] + self.smoothing * size)
                        for code in self._codes
                    ]
                )
            rows.append(row)
        sums = numpy.array([weight for _, weight in found]) @ numpy.vstack(rows)
        return dict(zip(self._codes, sums.tolist(), strict=True))

    def maintained_unknown(self, title: str) -> bool:
        """Whether the title maintains something (…유지보수, …유지관리, …점검, …정비) that nothing the model learnt
        from ever mentions: every three letters of the word before the maintenance word unknown to the catalog."""
        words = _BRACKETED.sub(" ", title or "").split()
        for i, word in enumerate(words[1:], start=1):
            if word.startswith(MAINTENANCE_WORDS):
                maintained = normalize(words[i - 1])
                if len(maintained) < 2:
                    return False
                n = 2 if len(maintained) == 2 else 3
                parts = [maintained[j : j + n] for j in range(len(maintained) - n + 1)]
                return not all(part in self.vocabulary for part in parts)
        return False

    def evidence(self, text: str) -> float:
        """The share of the text's letter pairs (and one-letter words) the catalog has ever used."""
        pairs = [g for g in grams(text) if len(g) == 2 or g.startswith("<")]
        return sum(g in self.vocabulary for g in pairs) / len(pairs) if pairs else 0.0

    def classify(
        self,
        title: str,
        *,
        kind: str = "",
        amount: int = 0,
        method: str = "",
        supplier_categories: frozenset[str] | set[str] = frozenset(),
        institution_id: int | None = None,
        day: datetime.date | None = None,
    ) -> Verdict:
        """`supplier_categories`: the categories of the line's supplier when it is a registered enterprise;
        `institution_id`: whose line it is (an officer's mark holds for their own institution's lines); `day`: the
        contract date (licences are held on a date)."""
        if self.marked:
            key = title_key(title)
            if (institution_id, key) in self.marked and institution_id is not None:
                return Verdict(self.marked[institution_id, key], 1.0, "marked")
            if (None, key) in self.marked:
                return Verdict(self.marked[None, key], 1.0, "marked_district")
        text = normalize(title)
        scores = self.scores(title)
        known = [code for code in supplier_categories if code in scores]
        if known:
            best = max(known, key=scores.get)
            return Verdict(best, self._confidence(scores, best), "registered_supplier")
        best = max(scores, key=scores.get) if scores else ""
        confidence = self._confidence(scores, best) if scores else 0.0
        stepped_aside = False
        for found in reference.matches(title, kind=kind):
            if stepped_aside and found.entry.group not in LICENSED_GROUPS:
                break
            verdict = self._by_reference(found, title, amount=amount, day=day, best=best, confidence=confidence)
            if verdict is not None:
                return verdict
            if not _minor_works(found.entry, amount):
                break  # the catalog sells or rents the thing: the category decides
            # 경미한 건설공사 under this entry's 업종; another licensed entry of the title may still need a registration
            # at any amount (노면표시 도색, 방화셔터 보수).
            stepped_aside = True
        if kind in ("works", "공사") and amount >= LARGE_WORKS:
            return Verdict("NONE", 1.0, "large_works")
        if not scores:
            return Verdict("NONE", 0.0, "no_model")
        if method in METHOD_REASONS and confidence < self.soft_confidence:
            return Verdict("NONE", 1.0 - confidence, METHOD_REASONS[method])
        if kind in ("goods", "물품") and REPLACEMENT_WORD in text and confidence < self.replacement_confidence:
            return Verdict("NONE", 1.0 - confidence, "equipment_replacement")
        if self.maintained_unknown(title):
            return Verdict("NONE", 1.0 - confidence, "maintenance_unknown_to_catalog")
        if self.evidence(title) < self.min_evidence:
            return Verdict("NONE", confidence, "unlike_the_catalog")
        return Verdict(reference.by_convention(title, best), confidence)

    def _by_reference(self, found, title, *, amount, day, best, confidence) -> Verdict | None:
        """What the reference knowledge says of the line, or None when it leaves the line to the catalog."""
        entry = found.entry
        if entry.group == "rental":
            if found.word == VENUE_RENT or reference.mentions_vehicle(title):
                return Verdict("NONE", 0.9, "rental", entry.what)  # venues and vehicles: never a supplier's work
            rented = reference.object_before(title, found.word)
            if rented and self._catalog_rents(rented):
                return None  # the catalog rents this out (몽골텐트 임대, 음향 장비 렌탈): the category decides
            if reference.names_equipment(title, besides=EVENT_EQUIPMENT):
                # 정수기·복합기·공기청정기 렌탈: goods makers rent out, whatever the words around them are like.
                return Verdict("NONE", 0.9, "rental", entry.what)
            if best == "EVENT":
                # The counting conventions: renting event equipment is EVENT (event firms rent out what they set up).
                return Verdict("EVENT", confidence, "event_rental", entry.what)
            return Verdict("NONE", 0.9, "rental", entry.what)
        if entry.group == "equipment":
            if any(found.word in offering for offering in self.goods_text):
                return None  # the catalog sells it
            return Verdict("NONE", 0.9, "equipment", entry.what)
        if entry.group in ("placement", "fee"):
            return Verdict("NONE", 0.95, entry.group, entry.what)
        # Licensed works and services, statutory inspections.
        if _minor_works(entry, amount):
            return None  # 경미한 건설공사: no registration needed, a small firm's repair stays in reach
        names: list[str] = []
        for code in entry.licences:
            names += [n for n in self.holders(code, day) if n not in names]
        if names:
            category = entry.category or best or "NONE"
            return Verdict(category, max(confidence, 0.9), "licensed_holder", entry.what, tuple(names))
        return Verdict("NONE", 0.95, "licence_nobody", entry.what)

    def _catalog_rents(self, rented: str) -> bool:
        n = 2 if len(rented) <= 2 else 3
        parts = [rented[j : j + n] for j in range(len(rented) - n + 1)]
        return bool(parts) and all(part in self.rental_vocabulary for part in parts)

    @staticmethod
    def _confidence(scores: dict[str, float], best: str) -> float:
        top = scores[best]
        return 1 / sum(math.exp(v - top) for v in scores.values())


def catalog_examples(category_names: dict[str, str], offerings) -> tuple[list, list, list, dict]:
    """What the model learns from a catalog: offerings are (name, description, category code, 사업자등록번호,
    구분 물품/용역). Returns the examples (category names ×3, offering names ×3, descriptions ×1), the texts of
    rental offerings, the names of goods offerings, and 사업자등록번호 → that enterprise's categories."""
    examples = [(name.replace("·", " "), code, 3) for code, name in category_names.items()]
    examples += [(term, code, TERM_WEIGHT) for code, term in reference.category_terms() if code in category_names]
    rentals, goods = [], []
    by_supplier: dict[str, set[str]] = defaultdict(set)
    for name, description, code, number, kind in offerings:
        examples += [(name, code, 3), (description, code, 1)]
        if any(marker in normalize(name) for marker in RENT_MARKERS):
            rentals.append(f"{name} {description}")
        if kind in ("goods", "물품"):
            goods.append(name)
        if number:
            by_supplier[number].add(code)
    return examples, rentals, goods, {n: frozenset(c) for n, c in by_supplier.items()}


def confusion(truth: list[str], predicted: list[str]) -> dict:
    """Accuracy, NONE precision and recall, and the confusion counts {truth: {predicted: n}}."""
    matrix: dict[str, Counter] = defaultdict(Counter)
    for t, p in zip(truth, predicted, strict=True):
        matrix[t][p] += 1
    correct = sum(matrix[c][c] for c in matrix)
    predicted_none = sum(row["NONE"] for row in matrix.values())
    actual_none = sum(matrix["NONE"].values())
    return {
        "rows": len(truth),
        "accuracy": round(correct / len(truth), 3) if truth else 0.0,
        "none_precision": round(matrix["NONE"]["NONE"] / predicted_none, 3) if predicted_none else None,
        "none_recall": round(matrix["NONE"]["NONE"] / actual_none, 3) if actual_none else None,
        "matrix": {t: dict(row) for t, row in sorted(matrix.items())},
    }


def keyword_baseline(title: str, category_names: dict[str, str]) -> str:
    """The baseline the report shows beside ours: the first category one of whose name words is in the title."""
    text = normalize(title)
    for code, name in category_names.items():
        for word in re.split(r"[·\s]+", name):
            if len(word) >= 2 and normalize(word) in text:
                return code
    return "NONE"
