"""The spoken form of a written line: numbers, percentages and symbols as a voice says them.

Subtitles show the written form ("It reaches 99%."); the voice reads the spoken form
("It reaches ninety-nine percent."). The rules here cover what the explainer writes; a line
whose spoken form they get wrong passes its own (``Line(written, spoken=...)``).

>>> spoken_form("It reaches 99%.")
'It reaches ninety-nine percent.'
>>> spoken_form("n² pairs, 1.5 s, 50,000 words")
'n squared pairs, one point five s, fifty thousand words'
>>> number_words(2017, year=True)
'twenty seventeen'
>>> percent(0.9994), percent(0.25), percent(0.9, 0), percent(1.0, 0)
('99.9%', '25%', '90%', '100%')
"""

from __future__ import annotations

import re

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))

POWERS = {"²": "squared", "³": "cubed", "⁴": "to the fourth"}
"""Superscript powers and how they are read ("n²": "n squared")."""

SYMBOLS = {
    "×": "times",
    "=": "equals",
    "≈": "is about",
    "→": "to",
    "+": "plus",
    "&": "and",
    "−": "minus",
    "·": "dot",
}
"""Symbols standing between words, and the words read for them."""

ABBREVIATIONS = {"e.g.": "for example", "i.e.": "that is", "vs.": "versus"}


def number_words(n: int, year: bool = False) -> str:
    """``n`` (a whole number, 0 to under a trillion) in words; ``year`` reads 1100-2099 as
    a year ("twenty seventeen")."""
    if n < 0:
        return "minus " + number_words(-n)
    if year and 1100 <= n < 2100 and n % 100 != 0 and not 2000 <= n < 2010:
        return f"{number_words(n // 100)} {_two_digits(n % 100, year=True)}"
    if n < 100:
        return _two_digits(n)
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            words = f"{number_words(high)} {name}"
            return words if rest == 0 else f"{words} {_below_thousand_joined(rest)}"
    hundreds, rest = divmod(n, 100)
    words = f"{_ONES[hundreds]} hundred"
    return words if rest == 0 else f"{words} and {_two_digits(rest)}"


def _below_thousand_joined(n: int) -> str:
    return f"and {number_words(n)}" if n < 100 else number_words(n)


def _two_digits(n: int, year: bool = False) -> str:
    if n < 10 and year:
        return f"oh {_ONES[n]}"
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] if ones == 0 else f"{_TENS[tens]}-{_ONES[ones]}"


def decimal_words(text: str) -> str:
    """A written number ("0.31", "-2", "50,000") in words ("zero point three one")."""
    negative = text.startswith(("-", "−"))
    text = text.lstrip("-−").replace(",", "")
    whole, _, fraction = text.partition(".")
    words = number_words(int(whole or "0"))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return f"minus {words}" if negative else words


_NUMBER = r"(?<![\w.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\w)|(?<![\w.])[-−]?\d+(?:\.\d+)?(?!\w)"
_PERCENT = re.compile(rf"({_NUMBER})\s?%")
_YEAR = re.compile(r"\b((?:[Ii]n|[Aa]round|[Ss]ince|[Uu]ntil|[Bb]y|[Oo]f) )(1[1-9]\d\d|20\d\d)\b")
_POWER = re.compile(r"(\w)(?:\^(\d)|([²³⁴]))")


def spoken_form(written: str) -> str:
    """How the voice reads ``written``: percentages, numbers, powers and symbols in words."""
    text = written
    for short, long in ABBREVIATIONS.items():
        text = text.replace(short, long)
    text = _POWER.sub(_power_words, text)
    text = _PERCENT.sub(lambda m: decimal_words(m.group(1)) + " percent", text)
    text = _YEAR.sub(lambda m: m.group(1) + number_words(int(m.group(2)), year=True), text)
    text = re.sub(_NUMBER, lambda m: decimal_words(m.group(0)), text)
    for symbol, words in SYMBOLS.items():
        text = re.sub(rf"\s*{re.escape(symbol)}\s*", f" {words} ", text)
    return re.sub(r"\s+", " ", text).strip()


def _power_words(match: re.Match[str]) -> str:
    base, caret, superscript = match.groups()
    power = superscript or {"2": "²", "3": "³", "4": "⁴"}.get(caret, "")
    if not power:
        return f"{base} to the power {number_words(int(caret))}"
    return f"{base} {POWERS[power]}"


def percent(p: float, digits: int = 1) -> str:
    """A probability as a written percentage that never rounds a near-certainty up to
    100% or a small chance down to 0% ("over 99.9%", "under 0.1%")."""
    value = float(f"{p * 100:.{digits}f}")
    step = 10.0**-digits
    if p < 1 and value >= 100:
        return f"over {100 - step:.{digits}f}%"
    if p > 0 and value <= 0:
        return f"under {step:.{digits}f}%"
    text = f"{value:.{digits}f}"
    if "." in text:  # "98.10" is "98.1", but "90" stays "90"
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def percent_span(low: float, high: float, digits: int = 1) -> str:
    """Two probabilities as a written range of percentages, one percentage when both are
    written the same.

    >>> percent_span(0.46, 1.0, 0), percent_span(0.4995, 0.5, 0)
    ('46%–100%', '50%')
    """
    first, last = percent(low, digits), percent(high, digits)
    return first if first == last else f"{first}–{last}"
