import pytest

from procure.core.exports import neutralize_cell


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(value):
    assert neutralize_cell(value) == "'" + value


def test_ordinary_text_and_numbers_are_left_alone():
    assert neutralize_cell("관악구청") == "관악구청"
    assert neutralize_cell(-1000) == -1000
