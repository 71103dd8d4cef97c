"""Chapter 3 shows the trace's values: scores, importances summing to 1 per column, the
roaring column picking fire in the tree sentence and lion in the lion sentence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model import trace
from scenes import ch3_attention
from scenes.ch3_attention import (
    LION,
    TREE,
    BlurryMess,
    ColumnSums,
    ContextMatters,
    SelfAttentionLayer,
    TwoNetworks,
)
from scenes.text import parse_value
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    drawn_numbers,
    drawn_probabilities,
    fill_hex,
    mismatches_grid,
    mismatches_heatmap,
    mismatches_vector,
)

OTHER = "the lion saw that the fire was roaring"


@pytest.mark.parametrize(
    "sentence", [ColumnSums.sentence, pytest.param(OTHER, marks=pytest.mark.slow)]
)
def test_column_sums_are_the_trace_sums(sentence: str, media_dir: Path) -> None:
    scene = build_scene(ColumnSums, media_dir, sentence=sentence)
    t = trace(sentence)
    assert mismatches_grid(scene.grid, t.pair_vectors) == []
    assert sorted(scene.sums) == list(range(t.n))
    for j, drawn in scene.sums.items():
        assert mismatches_vector(drawn, t.column_sums[j]) == []


def test_blurry_measure_is_computed_from_the_trace(media_dir: Path) -> None:
    scene = build_scene(BlurryMess, media_dir)
    t = trace(BlurryMess.sentence)
    j = t.n - 1
    total = t.pair_vectors[:, j].sum(axis=0)
    expected = [
        float(p @ total / np.linalg.norm(p) / np.linalg.norm(total)) for p in t.pair_vectors[:, j]
    ]
    printed = [parse_value(v.text) for v in scene.chart.value_labels]
    np.testing.assert_allclose(printed, np.round(expected, 2))
    assert t.tokens[scene.focus] == "lion"


def test_same_pair_same_vector_in_both_sentences(media_dir: Path) -> None:
    scene = build_scene(ContextMatters, media_dir)
    tree, lion = trace(TREE), trace(LION)
    assert np.array_equal(tree.pair_vectors[5, 9], lion.pair_vectors[5, 9])
    assert "=" in scene.seen_texts and "≠" not in scene.seen_texts
    assert mismatches_vector(scene.vectors[0], tree.pair_vectors[5, 9]) == []
    assert mismatches_vector(scene.vectors[1], lion.pair_vectors[5, 9]) == []


def test_scores_exponentials_and_importances_on_screen(media_dir: Path) -> None:
    scene = build_scene(TwoNetworks, media_dir)
    t = trace(LION)
    j = t.n - 1
    panel = scene.panel
    assert mismatches_vector(panel.scores, t.scores[:, j], digits=1) == []
    assert mismatches_vector(panel.exps, t.exp_scores[:, j], digits=1) == []
    assert mismatches_vector(panel.importances, t.importances[:, j]) == []
    drawn = drawn_numbers(panel.importances)
    assert abs(sum(drawn.values()) - 1.0) <= 0.005 * t.n
    for name, sentence, picked in (("tree", TREE, "fire"), ("lion", LION, "lion")):
        t = trace(sentence)
        box = scene.heatmaps[name]
        assert mismatches_heatmap(box[0], t.importances) == []
        # each drawn column total reads 1, as in the trace
        assert (
            [parse_value(s.text) for s in box.sums]
            == [round(float(v), 1) for v in t.importances.sum(axis=0)]
            == [1.0] * t.n
        )
        # the roaring column picks the deciding word on screen: its brightest cell
        column = [fill_hex(box[0].cell(i, t.n - 1)) for i in range(t.n)]
        brightest = max(
            range(t.n), key=lambda i: sum(int(column[i][k : k + 2], 16) for k in (1, 3, 5))
        )
        assert t.tokens[brightest] == picked == t.tokens[box.focus]
    lion = trace(LION)
    focus = int(np.argmax(lion.importances[:, -1]))
    kept, pair = lion.weighted_sums[-1], lion.pair_vectors[focus, -1]
    plain = lion.column_sums[-1]
    cosine = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cosine(kept, pair) > cosine(plain, pair) + 0.1  # weighting keeps the pair
    assert mismatches_vector(scene.output, trace(LION).weighted_sums[-1]) == []


@pytest.mark.parametrize(
    "sentence", [SelfAttentionLayer.sentence, pytest.param(OTHER, marks=pytest.mark.slow)]
)
def test_whole_layer_for_any_sentence(sentence: str, media_dir: Path) -> None:
    scene = build_scene(SelfAttentionLayer, media_dir, sentence=sentence)
    t = trace(sentence)
    assert mismatches_heatmap(scene.heat, t.importances) == []
    for j, vector in enumerate(scene.outputs):
        assert mismatches_vector(vector, t.weighted_sums[j]) == []
    words, lengths, _ = drawn_probabilities(scene.chart)
    assert words == list(t.top_words[:3])
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)


@pytest.mark.parametrize("scene_class", ch3_attention.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
