"""Small cells: no page or export shows a count under five people, or one that can be computed back from the
totals (complementary suppression); written answers only from five responses, with a warning."""

import io
import random
import re

import openpyxl
import pytest
from django.urls import reverse

from procure.surveys import selectors, services
from procure.surveys.disclosure import MIN_CELL, UNDER, WITHHELD, Grid
from procure.surveys.models import Answer, Audience, QuestionKind, Response, SurveyStatus

pytestmark = pytest.mark.django_db

INSTITUTIONS = ["관악구청", "관악구의회", "관악문화재단"]


def test_a_small_cell_and_the_cell_that_would_give_it_back_are_withheld():
    grid = Grid()
    grid.cell("n", 14)
    cells = [grid.cell(("c", i), value) for i, value in enumerate([1, 6, 7])]
    grid.add_sum("n", cells)
    assert [str(grid.shown(c)) for c in cells] == [UNDER, WITHHELD, "7"]  # 14 − 6 − 7 would be 1
    assert str(grid.shown("n")) == "14"


def test_a_cross_tab_column_is_protected_against_the_whole_survey_s_count():
    """One group's cell under five, the others' visible, the option's survey-wide count published: the
    smallest other cell of that column is withheld too."""
    grid = Grid()
    grid.cell("total", 30)
    groups = {"관악구청": (20, 10), "관악구의회": (3, 0), "관악문화재단": (7, 5)}  # (answered, chose)
    for group, (answered, chose) in groups.items():
        grid.cell(("n", group), answered)
        grid.cell(("c", group), chose)
        grid.add_sum(("n", group), [("c", group), grid.cell(("nc", group), answered - chose, published=False)])
    grid.cell("c", 15)
    grid.add_sum("c", [("c", group) for group in groups])
    grid.add_sum("total", [("n", group) for group in groups])
    shown = {group: str(grid.shown(("c", group))) for group in groups}
    assert shown == {"관악구청": "10", "관악구의회": UNDER, "관악문화재단": WITHHELD}
    assert str(grid.shown(("n", "관악구의회"))) == UNDER and str(grid.shown(("n", "관악문화재단"))) == WITHHELD


def _survey(center_staff, *, institution=True, role=False):
    survey = services.survey_create(actor=center_staff, title="인식 설문", audience=Audience.ALL_OFFICERS)
    services.question_add(actor=center_staff, survey=survey, code="aware", text="알고 있다", kind="scale")
    services.question_add(
        actor=center_staff, survey=survey, code="bought", text="구매 경험", kind="single", options=["있다", "없다"]
    )
    services.question_add(
        actor=center_staff, survey=survey, code="barriers", text="어려움", kind="multiple",
        options=["제품 없음", "찾기 어려움", "절차 번거로움"],
    )  # fmt: skip
    services.question_add(actor=center_staff, survey=survey, code="note", text="의견", kind="long", required=False)
    if institution:
        services.question_add(
            actor=center_staff, survey=survey, code="institution", text="소속 기관", kind="single",
            options=INSTITUTIONS, required=False,
        )  # fmt: skip
    if role:
        services.question_add(
            actor=center_staff, survey=survey, code="role", text="역할", kind="single",
            options=["구매담당자", "지원센터 담당자"], required=False,
        )  # fmt: skip
    services.survey_set_status(actor=center_staff, survey=survey, status=SurveyStatus.OPEN)
    return survey


def _store(survey, rows):
    """Released responses as the pool would leave them: rows of {code: value}."""
    questions = {q.code: q for q in survey.questions.all()}
    for row in rows:
        response = Response.objects.create(survey=survey)
        for code, value in row.items():
            question = questions[code]
            if question.kind in (QuestionKind.SHORT, QuestionKind.LONG):
                Answer.objects.create(response=response, question=question, text=value)
            else:
                Answer.objects.create(
                    response=response, question=question, choices=value if isinstance(value, list) else [value]
                )


def _twelve(survey, *, notes=0):
    """8 of 관악구청, 1 of 관악구의회 (a cell of one person), 3 who do not say."""
    rows = []
    for index in range(12):
        row = {"aware": str(1 + index % 5), "bought": "있다" if index % 3 else "없다", "barriers": ["찾기 어려움"]}
        if index < 8:
            row["institution"] = "관악구청"
        elif index == 8:
            row["institution"] = "관악구의회"
            row["bought"] = "없다"
        if index < notes:
            row["note"] = f"관악구의회 계약팀에서 일하는 사람 {index}"
        rows.append(row)
    _store(survey, rows)


def _table_rows(page: str, caption: str) -> dict:
    """The rows of the table with that caption: {row header: [cells]}."""
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S).group(1)
    rows = {}
    for header, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        rows[header] = re.findall(r'<td class="site-num">(.*?)</td>', cells)
    return rows


def test_the_cross_tab_by_institution_withholds_the_one_person_s_row(client_for, center_staff):
    survey = _survey(center_staff)
    _twelve(survey)
    page = client_for(center_staff).get(reverse("surveys:results", args=[survey.pk]) + "?by=institution")
    rows = _table_rows(page.content.decode(), "구매 경험")
    assert rows["관악구의회"] == [UNDER, UNDER, UNDER]  # one person: answered 1, 있다 0, 없다 1
    assert rows["답하지 않음"][0] == UNDER  # three did not say
    cells = [cell for row in rows.values() for cell in row]
    assert all(cell in (UNDER, WITHHELD) or int(cell.replace(",", "")) >= MIN_CELL for cell in cells)
    # the whole survey's 없다 (5) minus 관악구청's would give 관악구의회's and the others': withheld too
    assert rows["관악구청"][0] == "8" and WITHHELD in rows["관악구청"][1:]


def test_the_cross_tab_by_role_and_the_one_page_of_results(client_for, center_staff):
    survey = _survey(center_staff, institution=False, role=True)
    _store(survey, [{"aware": "3", "bought": "있다", "barriers": ["제품 없음"], "role": "구매담당자"}] * 6
           + [{"aware": "3", "bought": "없다", "barriers": ["제품 없음"], "role": "지원센터 담당자"}])  # fmt: skip
    client = client_for(center_staff)
    page = client.get(reverse("surveys:results", args=[survey.pk]) + "?by=role").content.decode()
    rows = _table_rows(page, "구매 경험")
    assert rows["구매담당자"] == [WITHHELD, WITHHELD, UNDER]
    assert rows["지원센터 담당자"] == [UNDER, UNDER, UNDER]
    assert "5명 미만인 칸은" in page
    # the overall counts: 있다 6 and 없다 1 — one person; its complement goes with it, and so does the
    # scale's mean (its empty options are withheld)
    published = {p.question.code: p for p in selectors.published(survey).questions}
    assert [str(row["count"]) for row in published["bought"].rows] == [WITHHELD, UNDER]
    assert published["aware"].mean is None and published["aware"].mean_withheld
    assert "평균 비공개" in page


def test_a_mean_is_shown_when_no_count_of_the_scale_is_withheld(center_staff):
    survey = _survey(center_staff, institution=False)
    _store(survey, [{"aware": str(1 + i % 5), "bought": "있다" if i % 2 else "없다", "barriers": ["제품 없음"]}
                    for i in range(25)])  # fmt: skip
    published = {p.question.code: p for p in selectors.published(survey).questions}
    assert published["aware"].mean == 3
    assert [row["count"].display for row in published["aware"].rows] == [5, 5, 5, 5, 5]


def test_written_answers_wait_for_five_responses_and_come_with_a_warning(client_for, center_staff):
    survey = _survey(center_staff)
    _store(survey, [{"aware": "3", "bought": "있다", "barriers": ["제품 없음"], "note": f"의견 {i}"} for i in range(4)])
    client = client_for(center_staff)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "의견 0" not in page and "서술형 답을 보여 주지 않습니다" in page
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("surveys:results_xlsx", args=[survey.pk])).content))
    assert not any("의견" in str(c.value) for row in workbook["서술형"].iter_rows(min_row=3) for c in row)
    _store(survey, [{"aware": "3", "bought": "있다", "barriers": ["제품 없음"], "note": "의견 4"}])
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert all(f"의견 {i}" in page for i in range(5)) and "알아볼 수 있는 내용" in page
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("surveys:results_xlsx", args=[survey.pk])).content))
    sheet = [[c.value for c in row] for row in workbook["서술형"].iter_rows()]
    assert "알아볼 수 있는" in sheet[0][0] and sum(1 for row in sheet if row[0] == "note") == 5


def test_the_export_withholds_the_same_cells(client_for, center_staff):
    survey = _survey(center_staff)
    _twelve(survey)
    response = client_for(center_staff).get(reverse("surveys:results_xlsx", args=[survey.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    options = [[c.value for c in row] for row in workbook["보기별"].iter_rows()]
    counts = [row[3] for row in options if row[0] in {"aware", "bought", "barriers", "institution"}]
    assert UNDER in counts and all(c is None or c in (UNDER, WITHHELD) or c >= MIN_CELL for c in counts)
    assert ["institution", "소속 기관", "관악구의회", UNDER, None] in options  # no share of a withheld count
    cross = [[c.value for c in row] for row in workbook["교차표"].iter_rows()]
    council = [row for row in cross if row[1] == "관악구의회"]
    assert council and {row[5] for row in council} == {UNDER}
    assert all(row[5] in (UNDER, WITHHELD) or row[5] >= MIN_CELL for row in cross[3:])
    page = client_for(center_staff).get(reverse("surveys:results", args=[survey.pk])).content.decode()
    published = selectors.published(survey)
    for figures in published.questions:  # the page and the export show the same figures
        for row in figures.rows:
            assert [figures.question.code, figures.question.text, row["label"], row["count"].display] in [
                r[:4] for r in options
            ]
    assert "5명 미만" in page


def test_before_and_after_shows_no_share_of_a_small_count(client_for, center_staff):
    before = _survey(center_staff)
    _twelve(before)
    after = services.survey_copy(actor=center_staff, survey=before, title="사후")
    _store(after, [{"aware": "4", "bought": "있다", "barriers": ["제품 없음"]}] * 9
           + [{"aware": "5", "bought": "없다", "barriers": ["제품 없음"]}])  # fmt: skip
    page = (
        client_for(center_staff)
        .get(reverse("surveys:compare"), {"before": before.pk, "after": after.pk})
        .content.decode()
    )
    changes = {(c.code, c.label): c for c in selectors.compare(before, after)}
    assert changes["bought", "없다"].after is None and changes["bought", "없다"].after_note == UNDER
    assert changes["bought", "있다"].after is None and changes["bought", "있다"].after_note == WITHHELD
    assert changes["bought", "있다"].delta is None
    assert UNDER in page and WITHHELD in page and "90.0" not in page  # 9 of 10 would give the one back


def _check_published(survey):
    """An independent reading of what is published: no visible count under five, and no withheld count that is
    a published total minus visible counts (rows, columns, a multiple choice's 'did not choose')."""
    published = selectors.published(survey)
    by_code = {p.question.code: p for p in published.questions}

    def visible(cell):
        return cell.visible is not None

    def check_row(kind, answered, cells):
        assert not visible(answered) or answered.value >= MIN_CELL
        for cell in cells:
            assert not visible(cell) or cell.value >= MIN_CELL
        if not visible(answered):
            return
        if kind == QuestionKind.MULTIPLE:
            for cell in cells:
                assert not visible(cell) or answered.value - cell.value >= MIN_CELL
        else:
            assert sum(1 for cell in cells if not visible(cell)) != 1

    assert not visible(published.total) or published.total.value >= MIN_CELL
    for figures in published.questions:
        if figures.question.kind in selectors.CHOICE_KINDS:
            check_row(figures.question.kind, figures.answered, list(figures.cells.values()))
            if figures.mean is not None:
                assert all(visible(cell) for cell in figures.cells.values())
    for by in published.groupings:
        for table in published.crosstabs[by.code]:
            question = table["question"]
            for row in table["rows"]:
                check_row(question.kind, row["answered"], row["cells"])
                if question.required and row["group"] in by_code[by.code].cells:
                    assert visible(row["answered"]) == visible(by_code[by.code].cells[row["group"]])
            overall = by_code[question.code]
            if visible(overall.answered):
                assert sum(1 for row in table["rows"] if not visible(row["answered"])) != 1
            for index, label in enumerate(table["columns"]):
                if visible(overall.cells[label]):
                    assert sum(1 for row in table["rows"] if not visible(row["cells"][index])) != 1
    return published


@pytest.mark.parametrize("seed", range(6))
def test_no_published_figure_is_small_or_can_be_computed_back(center_staff, seed):
    rng = random.Random(seed)
    survey = _survey(center_staff, role=True)
    options = ("제품 없음", "찾기 어려움", "절차 번거로움")
    rows = []
    for _ in range(rng.choice([7, 20, 45, 90])):
        row = {
            "aware": str(rng.choices(range(1, 6), weights=[1, 3, 5, 3, 1])[0]),
            "bought": rng.choice(["있다", "없다"]),
            "barriers": [o for o in options if rng.random() < 0.4] or ["제품 없음"],
        }
        if rng.random() < 0.85:
            row["institution"] = rng.choices(INSTITUTIONS, weights=[20, 1, 3])[0]
        if rng.random() < 0.5:
            row["role"] = rng.choices(["구매담당자", "지원센터 담당자"], weights=[9, 1])[0]
        rows.append(row)
    _store(survey, rows)
    published = _check_published(survey)
    exact = {r.question.code: r for r in selectors.results(survey)}
    for figures in published.questions:  # what is shown is the exact figure
        for label, cell in figures.cells.items():
            assert cell.value == exact[figures.question.code].counts[label]
