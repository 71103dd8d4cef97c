"""The components of chapters 3-4 draw exactly the arrays they are given, at every stage of
their own animations: a column of scores turned into importances in place, bars that change
length in place, and a line chart of accuracies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import FadeIn

from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.components import LineChart, ProbabilityBars, SoftmaxColumn
from tests.support.harness import build_scene
from tests.support.truth import drawn_probabilities, mismatches_vector

SCORES = np.array([-2.4, -4.15, -10.7, 0.5])
EXPS = np.exp(SCORES)
IMPORTANCES = EXPS / EXPS.sum()


class SoftmaxStages(DerivedScene):
    """Plays a column's exponentiate, total and divide, recording what is drawn after each,
    and a bar chart changing its values."""

    beats = (Beat("t.1", "test"),)

    def construct(self) -> None:
        self.beat("t.1", "stages")
        column = SoftmaxColumn(
            SCORES, EXPS, IMPORTANCES, ["lion", "fire", "was", "it"], total=float(EXPS.sum())
        )
        self.play(FadeIn(column))
        self.stages = [(column.stage, mismatches_vector(column, SCORES, digits=1))]
        self.play(column.animate_exponentiate())
        self.stages.append((column.stage, mismatches_vector(column, EXPS, digits=3)))
        self.play(column.animate_total())
        self.play(column.animate_divide())
        self.stages.append((column.stage, mismatches_vector(column, IMPORTANCES, digits=2)))
        self.column = column
        bars = ProbabilityBars(["a", "b"], [0.1, 0.9]).to_edge([1, 0, 0], buff=0.6)
        self.play(FadeIn(bars))
        self.play(bars.animate_values([0.75, 0.25]))
        self.bars = bars


def test_softmax_column_draws_each_stage_in_place(media_dir: Path) -> None:
    scene = build_scene(SoftmaxStages, media_dir, check_layout=False)
    assert scene.stages == [("score", []), ("exp", []), ("importance", [])]
    assert scene.column.total_label.text == f"column total  {EXPS.sum():.3f}"
    # each stage's numbers cross-fade in: the old ones are kept, faded out, never morphed
    assert len(scene.column.retired) == 2 * len(SCORES)
    assert all(old.get_fill_opacity() == 0 for old in scene.column.retired)
    with pytest.raises(RuntimeError):
        scene.column.animate_exponentiate()  # a stage runs once, in order
    _, lengths, printed = drawn_probabilities(scene.bars)
    np.testing.assert_allclose(lengths, [0.75, 0.25], atol=1e-4)
    np.testing.assert_allclose(printed, [0.75, 0.25])


def test_line_chart_draws_its_values_and_gaps() -> None:
    values = np.array([[0.5, np.nan, 0.9], [1.0, 0.25, 0.0]])
    chart = LineChart(["3", "4", "5"], ["a", "b"], values, ["#ff0000", "#00ff00"])
    chart.scale(0.7).shift([1.0, -0.5, 0])
    assert chart.drawn_value(0, 2) == pytest.approx(0.9)
    assert chart.drawn_value(1, 1) == pytest.approx(0.25)
    assert len(chart.line(0)) == 0  # both segments of series 0 touch the missing value
    assert len(chart.line(1)) == 2
    mark = chart.mark(1.5, "field", "#ffffff", up_to=0.5)
    axis = chart.axes[0]
    expected = axis.get_start()[0] + 0.75 * axis.width
    assert mark[0].get_start()[0] == pytest.approx(expected)
    assert mark[0].get_top()[1] == pytest.approx(axis.get_start()[1] + 0.5 * chart.axes[1].height)
    assert [label[1].text for label in chart.end_labels] == ["a", "b"]
    assert chart.end_labels[0][0].get_x() > chart.dot(0, 2).get_x()


def test_repeated_words_are_named_by_position() -> None:
    tokens = ["there", "was", "a", "lion", "on", "fire", "and", "it", "was", "roaring"]
    assert word_at(tokens, 1) == "the first “was”"
    assert word_at(tokens, 8) == "the second “was”"
    assert word_at(tokens, 3) == "“lion”"
    assert short_word_at(tokens, 8) == "was (9)"
