"""The text table and wrapped text keep their texts, aligned and within their width."""

from __future__ import annotations

import doctest

from derived_transformer.scenes import text
from derived_transformer.scenes.components import TextTable, table
from derived_transformer.scenes.text import wrapped
from derived_transformer.scenes.theme import current_theme


def test_examples() -> None:
    for module in (table, text):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_table_aligns_first_column_left_and_the_rest_right() -> None:
    rows = [["n", "pairwise", "optimised"], ["4", "512", "96"], ["24", "18,432", "576"]]
    drawn = TextTable(rows)
    assert [[cell.text for cell in row] for row in drawn] == rows
    assert len({round(drawn.cell(r, 0).get_left()[0], 6) for r in range(3)}) == 1
    for c in (1, 2):
        assert len({round(drawn.cell(r, c).get_right()[0], 6) for r in range(3)}) == 1
    gap = drawn.cell(0, 2).get_left()[0] - drawn.cell(1, 1).get_right()[0]
    assert gap >= current_theme().gaps.large - 1e-6
    assert drawn.cell(0, 0).get_y() > drawn.cell(1, 0).get_y() > drawn.cell(2, 0).get_y()


def test_wrapped_lines_stay_within_the_width_and_keep_every_word() -> None:
    words = "the cost of one layer against sentence length from four to twenty four words"
    lines = wrapped(words, 22, "#ffffff", 4.0)
    assert len(lines) > 1 and all(line.width <= 4.0 for line in lines)
    assert " ".join(line.text for line in lines) == words
