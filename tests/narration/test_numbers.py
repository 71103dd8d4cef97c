"""Numbers worded for the script and for tables."""

from __future__ import annotations

import doctest

from derived_transformer.narration import numbers
from derived_transformer.narration.numbers import fraction_words, rounded_words, short_count


def test_examples() -> None:
    result = doctest.testmod(numbers)
    assert result.attempted > 0 and result.failed == 0


def test_counts_round_at_each_scale() -> None:
    assert [rounded_words(v) for v in (9_999, 10_000, 1_000_000)] == [
        "9,999",
        "10 thousand",
        "1 million",
    ]
    assert [short_count(v) for v in (999, 1000, 10**9)] == ["999", "1k", "1G"]


def test_differences_are_named_within_their_decade() -> None:
    assert fraction_words(1e-6) == "within a millionth"
    assert fraction_words(9.9e-6) == "within a hundred-thousandth"
    assert fraction_words(1.1e-5) == "within a ten-thousandth"
