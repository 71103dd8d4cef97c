"""Numbers worded for the script and for tables: exact and rounded counts, short counts for
a table's cells, how small a difference is, and a list of attention heads.

>>> count(393216), rounded_words(2_560_000), short_count(2_560_000)
('393,216', '2.6 million', '2.56M')
>>> fraction_words(3e-7), head_list([0, 3])
('within a millionth', 'heads 1 and 4')
"""

from __future__ import annotations

import math


def count(value: int) -> str:
    """A count written in full, thousands separated.

    >>> count(1200)
    '1,200'
    """
    return f"{value:,}"


def rounded_words(value: int) -> str:
    """A large count as the voice should say it: "2.6 million", "393 thousand".

    >>> rounded_words(393_216), rounded_words(2_560_000), rounded_words(3_100_000_000)
    ('393 thousand', '2.6 million', '3.1 billion')
    >>> rounded_words(9_999)
    '9,999'

    Rounded first, then named, so that a count just under a unit reads as that unit:

    >>> rounded_words(999_999), rounded_words(99_600_000)
    ('1 million', '100 million')
    """
    if value < 10**4:
        return f"{value:,}"
    # thousands to the nearest thousand, millions and more to two significant figures
    rounded = round(value, -3) if value < 10**6 else float(f"{value:.2g}")
    for unit, size in (("billion", 10**9), ("million", 10**6), ("thousand", 10**3)):
        if rounded >= size:
            return f"{rounded / size:g} {unit}"
    return f"{value:,}"


def short_count(value: int) -> str:
    """A large count for a table's cell: 2.56M, 393k.

    >>> short_count(393_216), short_count(2_560_000), short_count(512)
    ('393k', '2.56M', '512')
    """
    for unit, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return str(value)


_FRACTIONS = {
    3: "a thousandth",
    4: "a ten-thousandth",
    5: "a hundred-thousandth",
    6: "a millionth",
    7: "a ten-millionth",
    8: "a hundred-millionth",
}


def fraction_words(difference: float) -> str:
    """How small a difference is, for the voice: "within a millionth" (from a thousandth to a
    hundred-millionth), or "exactly".

    >>> fraction_words(0.0), fraction_words(4e-6), fraction_words(0.2), fraction_words(1e-12)
    ('exactly', 'within a hundred-thousandth', 'within a thousandth', 'within a hundred-millionth')
    """
    if difference <= 0:
        return "exactly"
    exponent = min(max(math.floor(-math.log10(difference)), 3), 8)
    return f"within {_FRACTIONS[exponent]}"


def head_list(heads: list[int]) -> str:
    """Attention heads named from 1 (``heads`` count from 0): "head 2", "heads 1 and 4",
    "heads 1, 2 and 4".

    >>> head_list([1]), head_list([0, 3]), head_list([0, 1, 3])
    ('head 2', 'heads 1 and 4', 'heads 1, 2 and 4')
    """
    names = [str(h + 1) for h in heads]
    if len(names) == 1:
        return f"head {names[0]}"
    return f"heads {', '.join(names[:-1])} and {names[-1]}"
