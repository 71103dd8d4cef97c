"""Each component built from an array holds exactly that array's values, read back from the
drawn objects (fill colours, texts, bar lengths)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import FadeIn

from derived_transformer.model import VOCABULARY, trace
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.components import (
    ConvPyramid,
    Heatmap,
    LayerGrid,
    NetworkGlyph,
    OneHotStrip,
    OneHotVector,
    PairGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import parse_value
from derived_transformer.scenes.theme import Theme, current_theme, use_theme, value_to_color
from tests.support.harness import build_scene
from tests.support.truth import (
    drawn_probabilities,
    fill_hex,
    lit_components,
    mismatches_grid,
    mismatches_heatmap,
    mismatches_vector,
)

LION = "there was a lion on fire and it was roaring"


def test_value_to_color_is_diverging_and_read_at_call_time() -> None:
    theme = current_theme()
    assert value_to_color(0.0) == theme.zero
    assert value_to_color(2.0, value_scale=2.0) == theme.positive
    assert value_to_color(-5.0, value_scale=2.0) == theme.negative
    assert value_to_color(0.5) != value_to_color(-0.5)
    with use_theme(Theme(positive="#00ff00")):
        column = VectorColumn([1.0, 0.0])
        assert fill_hex(column.cell(0)) == "#00ff00"
    assert fill_hex(VectorColumn([1.0, 0.0]).cell(0)) == theme.positive


def test_token_row_shows_the_tokens() -> None:
    row = TokenRow(LION.split())
    assert [w.text for w in row.word_labels] == LION.split()
    xs = [w.get_x() for w in row.word_labels]
    assert xs == sorted(xs)


def test_vector_column_shows_exactly_the_values() -> None:
    values = np.array([0.5, -1.25, 0.0, 2.0])
    column = VectorColumn(values, show_numbers=True)
    assert column.shown_indices == (0, 1, 2, 3)
    assert mismatches_vector(column, values) == []
    assert [parse_value(column.number_label(k).text) for k in range(4)] == [0.5, -1.25, 0.0, 2.0]
    assert mismatches_vector(column, values + 0.1)  # the check can fail


def test_vector_column_partial_view_says_which_components() -> None:
    values = np.linspace(-1, 1, 16)
    column = VectorColumn(values, max_cells=6, show_numbers=True)
    assert column.partial
    assert column.shown_indices == (0, 1, 2, 3, 4, 15)
    assert [t.text for t in column.index_labels] == ["0", "1", "2", "3", "4", "15"]
    assert len(column.ellipses) == 1
    assert mismatches_vector(column, values) == []
    with pytest.raises(KeyError, match="not drawn"):
        column.cell(7)


def test_one_hot_lights_the_words_index() -> None:
    t = trace(LION)
    for k, word_id in enumerate(t.ids):
        vector = OneHotVector(int(word_id), len(VOCABULARY))
        assert lit_components(vector) == [int(np.argmax(t.one_hot[k]))]
        lit_label = vector.index_labels[vector.shown_indices.index(int(word_id))]
        assert lit_label.text == str(int(word_id))
        assert lit_label.get_color().to_hex().lower() == current_theme().highlight


def test_one_hot_strip_puts_the_1_at_its_height_in_the_vocabulary() -> None:
    size = len(VOCABULARY)
    first, last = OneHotStrip(0, size), OneHotStrip(size - 1, size)
    assert first.lit_cell.get_top()[1] == pytest.approx(first.frame.get_top()[1])
    assert last.lit_cell.get_bottom()[1] == pytest.approx(last.frame.get_bottom()[1])
    t = trace(LION)
    strips = [OneHotStrip(int(word_id), size, height=3.0) for word_id in t.ids]
    for strip, word_id in zip(strips, t.ids, strict=True):
        assert np.flatnonzero(strip.values).tolist() == [int(word_id)]
        assert strip.lit_height() == pytest.approx((int(word_id) + 0.5) / size, abs=0.01)
        assert strip.index_label.text == str(int(word_id))
    with pytest.raises(ValueError, match="outside a vocabulary"):
        OneHotStrip(size, size)


def test_pair_grid_cells_are_the_trace_pair_vectors() -> None:
    t = trace(LION)
    grid = PairGrid(t.pair_vectors, t.tokens)
    assert mismatches_grid(grid, t.pair_vectors) == []
    assert [lab.text for lab in grid.row_labels] == list(t.tokens)
    assert [lab.text for lab in grid.col_labels] == list(t.tokens)
    column = grid.column(t.n - 1)
    assert len(column) == t.n
    assert column[3] is grid.cell(3, t.n - 1)
    assert f"components 0–3 of {t.pair_vectors.shape[-1]}" in grid.caption.text
    other = t.pair_vectors.copy()
    other[2, 5, 1] += 5
    assert mismatches_grid(grid, other)


def test_heatmap_cells_and_numbers_are_the_matrix() -> None:
    t = trace(LION)
    heat = Heatmap(t.importances, t.tokens)
    assert mismatches_heatmap(heat, t.importances) == []
    assert parse_value(heat.number_label(3, t.n - 1).text) == round(float(t.importances[3, -1]), 2)
    assert len(heat.row(2)) == len(heat.column(4)) == t.n


def test_layer_grid_draws_its_matrix_and_each_rows_vectors() -> None:
    """Each row's strips hold that row's vectors, one kind per array, the first nearest the
    grid and the words left of them all; the heatmap holds the matrix; the numbers beside
    the last column are the values given, row by row."""
    t = trace(LION, model="transformer")
    grid = LayerGrid(
        t.scores[1], t.tokens, [t.keys[1], t.values[1]], ["key", "value"],
        shown=(0, 1, 2), vector_scale=1.5, cell=0.3,
    )  # fmt: skip
    assert mismatches_heatmap(grid.heat, t.scores[1]) == []
    for kind, vectors in zip(grid.strips, (t.keys[1], t.values[1]), strict=True):
        for i, strip in enumerate(kind):
            assert strip.value_scale == 1.5
            assert mismatches_vector(strip, vectors[i]) == []
            assert strip.get_y() == pytest.approx(grid.heat.cell(i, 0).get_y())
    keys, values = grid.strips
    assert grid.heat.entries.get_left()[0] > keys.get_right()[0] > values.get_right()[0]
    assert values.get_left()[0] > grid.heat.row_labels.get_right()[0] - 1e-6
    assert [label.text for label in grid.strip_labels] == ["key", "value"]
    beside = grid.numbers_beside(t.importances[1][:, -1])
    assert [parse_value(n.text) for n in beside] == [
        round(float(v), 2) for v in t.importances[1][:, -1]
    ]
    assert all(n.get_left()[0] > grid.heat.entries.get_right()[0] for n in beside)


def test_bar_chart_is_the_probabilities() -> None:
    t = trace(LION)
    chart = ProbabilityBars(t.top_words, t.top_probabilities)
    words, lengths, printed = drawn_probabilities(chart)
    assert words == list(t.top_words)
    np.testing.assert_allclose(lengths, t.top_probabilities, atol=1e-4)
    np.testing.assert_allclose(printed, np.round(t.top_probabilities, 2))


def test_conv_pyramid_follows_the_windows() -> None:
    t = trace("the dog spun around so fast that it caught its tail", model="cnn")
    pyramid = ConvPyramid(t.tokens, t.windows)
    assert [len(layer) for layer in pyramid.layers] == [len(w) for w in t.windows]
    for k, windows in enumerate(t.windows, start=1):
        for p, (start, end) in enumerate(windows):
            assert pyramid.covered(k, p) == (start, end)
            assert len(pyramid.edges_into(k, p)) == 3
    top = len(t.windows)
    nodes, _ = pyramid.cone(top, 0)
    assert len(nodes) == sum(len(w) for w in t.windows)


def test_network_glyph_layers() -> None:
    glyph = NetworkGlyph(layers=(2, 5, 3), caption="scores")
    assert [len(layer) for layer in glyph.nodes] == [2, 5, 3]
    assert len(glyph.edges) == 2 * 5 + 5 * 3
    assert glyph.caption.text == "scores"


class AnimatedComponents(DerivedScene):
    """Plays each component's own animations, then leaves them on screen."""

    beats = (Beat("t.1", "test"),)

    def construct(self) -> None:
        self.beat("t.1", "components animate")
        t = self.trace
        heat = Heatmap(t.scores, t.tokens, digits=1, max_width=6, max_height=5)
        self.play(FadeIn(heat))
        self.play(heat.animate_values(t.importances, value_scale=1.0, digits=2))
        self.heat = heat
        column = VectorColumn(t.weighted_sums[0], max_cells=5, show_numbers=True)
        column.to_edge([1, 0, 0], buff=0.8)
        self.play(FadeIn(column))
        self.play(column.animate_values(t.weighted_sums[-1]))
        self.column = column
        chart = ProbabilityBars(t.top_words[:3], t.top_probabilities[:3])
        chart.to_edge([-1, 0, 0], buff=current_theme().layout.margin)
        for step in chart.animate_reveal([[0], [1, 2]]):
            self.play(step)
        settle(self, chart)
        self.chart = chart


def test_component_animations_end_on_the_new_values(media_dir: Path) -> None:
    scene = build_scene(AnimatedComponents, media_dir)
    t = scene.trace
    assert mismatches_heatmap(scene.heat, t.importances) == []
    assert mismatches_vector(scene.column, t.weighted_sums[-1]) == []
    # the animated components were not split apart on the scene
    assert scene.heat in scene.mobjects and scene.column in scene.mobjects
    # the chart revealed bar by bar ends whole, every bar at its probability
    assert scene.chart in scene.mobjects
    _, lengths, printed = drawn_probabilities(scene.chart)
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)
    np.testing.assert_allclose(printed, np.round(t.top_probabilities[:3], 2))


def test_a_reveal_shows_each_bar_once() -> None:
    chart = ProbabilityBars(["a", "b", "c"], [0.2, 0.5, 0.9])
    assert len(chart.animate_reveal([[0], [1], [2]])) == 4  # the frame, then a step per bar
    with pytest.raises(ValueError, match="at most once"):
        chart.animate_reveal([[0, 1], [1]])
    with pytest.raises(ValueError, match="at most once"):
        chart.animate_reveal([[3]])


def test_components_take_plain_numpy_arrays() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(4, 4))
    heat = Heatmap(matrix, list("abcd"))
    assert mismatches_heatmap(heat, matrix) == []
    vectors = rng.normal(size=(3, 3, 6))
    assert mismatches_grid(PairGrid(vectors, ["x", "y", "z"]), vectors) == []
