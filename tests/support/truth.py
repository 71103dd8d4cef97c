"""Reading drawn components back, to compare what is on screen with the trace.

These read the *drawn* objects (fill colours, texts, bar lengths), not the arrays the
components were given.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from manim import Mobject, Scene, VMobject

from derived_transformer.model.tracing import Trace
from derived_transformer.model.vocab import VOCABULARY
from derived_transformer.scenes.components import Heatmap, PairGrid, ProbabilityBars, VectorColumn
from derived_transformer.scenes.text import parse_value
from derived_transformer.scenes.theme import value_to_color
from tests.support.layout_check import TEXT_TYPES


def drawn_texts(scene: Scene) -> list[str]:
    """The strings of the texts on screen at the end of the scene."""
    return [
        m.text for root in scene.mobjects for m in root.get_family() if isinstance(m, TEXT_TYPES)
    ]


Drawn = TypeVar("Drawn", bound=Mobject)


def on_stage(scene: Scene, kind: type[Drawn]) -> list[Drawn]:
    """The objects of ``kind`` on screen at the end of the scene, in the order they are drawn
    (each once, wherever it stands in the scene's tree)."""
    found: dict[int, Drawn] = {}
    for root in scene.mobjects:
        for m in root.get_family():
            if isinstance(m, kind):
                found.setdefault(id(m), m)
    return list(found.values())


def fill_hex(mobject: VMobject) -> str:
    return mobject.get_fill_color().to_hex().lower()


def drawn_numbers(column: VectorColumn) -> dict[int, float]:
    """Component index -> the number drawn beside it."""
    return {k: parse_value(column.number_label(k).text) for k in column.numbered_indices}


def drawn_colors(column: VectorColumn) -> dict[int, str]:
    return {k: fill_hex(column.cell(k)) for k in column.shown_indices}


def mismatches_vector(column: VectorColumn, values: np.ndarray, digits: int = 2) -> list[str]:
    """Where the drawn vector differs from ``values`` (colour and, if drawn, number)."""
    values = np.asarray(values, dtype=float).ravel()
    out = []
    for k, color in drawn_colors(column).items():
        expected = value_to_color(values[k], column.value_scale)
        if color != expected:
            out.append(f"component {k}: colour {color}, expected {expected}")
    for k, number in drawn_numbers(column).items():
        if abs(number - round(float(values[k]), digits)) > 0.5 * 10**-digits + 1e-9:
            out.append(f"component {k}: number {number}, expected {values[k]:.{digits}f}")
    return out


def lit_components(column: VectorColumn) -> list[int]:
    """The drawn components whose colour is a value's full colour (a one-hot's 1)."""
    full = value_to_color(1.0, column.value_scale)
    return [k for k, c in drawn_colors(column).items() if c == full]


def drawn_heatmap_numbers(heat: Heatmap) -> np.ndarray:
    return np.array(
        [[parse_value(heat.number_label(i, j).text) for j in range(heat.n)] for i in range(heat.n)]
    )


def mismatches_heatmap(heat: Heatmap, matrix: np.ndarray) -> list[str]:
    matrix = np.asarray(matrix, dtype=float)
    out = []
    for i in range(heat.n):
        for j in range(heat.n):
            expected = value_to_color(matrix[i, j], heat.value_scale)
            if fill_hex(heat.cell(i, j)) != expected:
                out.append(
                    f"cell ({i}, {j}): colour {fill_hex(heat.cell(i, j))}, expected {expected}"
                )
    if heat.numbered:
        drawn = drawn_heatmap_numbers(heat)
        bad = np.abs(drawn - np.round(matrix, heat.digits)) > 0.5 * 10**-heat.digits + 1e-9
        out += [
            f"cell ({i}, {j}): number {drawn[i, j]}, expected {matrix[i, j]}"
            for i, j in zip(*np.nonzero(bad), strict=True)
        ]
    return out


def mismatches_grid(grid: PairGrid, vectors: np.ndarray) -> list[str]:
    out = []
    for i in range(grid.n):
        for j in range(grid.n):
            out += [
                f"pair ({i}, {j}) {m}" for m in mismatches_vector(grid.cell(i, j), vectors[i, j])
            ]
    return out


def parse_printed(text: str) -> float:
    """A chart's printed number, as a fraction (``26.7%`` is 0.267). A bound ("under 0.1%",
    "over 99.9%") reads as the middle of what it allows (0.0005, 0.9995): within half a step
    of any value it stands for, as a rounded number is."""
    for word, side in (("under ", 0.0), ("over ", 1.0)):
        if text.startswith(word):
            return (parse_printed(text[len(word) :]) + side) / 2
    if text.endswith("%"):
        return parse_value(text[:-1]) / 100
    return parse_value(text)


def drawn_probabilities(chart: ProbabilityBars) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words, the probabilities the bar lengths stand for, and the printed numbers (as
    fractions, also when printed in percent)."""
    words = [w.text for w in chart.word_labels]
    lengths = np.array([chart.drawn_value(k) for k in range(len(words))])
    printed = np.array([parse_printed(v.text) for v in chart.value_labels])
    return words, lengths, printed


def offered_answer_mismatches(chart: ProbabilityBars, t: Trace, rival: str = "fire") -> list[str]:
    """What an answer chart gets wrong against the trace: the model's most likely answers
    first (the last place given to ``rival`` when the sentence holds it and the model ranks
    it lower), each bar and printed number that word's probability in the trace."""
    words, lengths, printed = drawn_probabilities(chart)
    expected = list(t.top_words[: len(words)])
    if rival in t.tokens and rival not in expected:
        expected[-1] = rival
    problems = [] if words == expected else [f"words {words}, expected {expected}"]
    for word, length, number in zip(words, lengths, printed, strict=True):
        p = float(t.probabilities[VOCABULARY.index[word]])
        if abs(length - p) > 1e-4 or abs(number - p) > 6e-4:
            problems.append(f"{word}: bar {length:.4f}, printed {number:.4f}, model {p:.4f}")
    return problems
