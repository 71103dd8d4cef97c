"""Chapter 2 shows the trace's values: pair vectors, equal outputs without positions and
different ones with them, counts from the sentence and the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model import trace
from scenes import ch2_pairwise
from scenes.ch2_pairwise import (
    GrowthProblem,
    OrderIsLost,
    PairsOfPairs,
    PairwiseLayer,
    PositionsAttached,
)
from scenes.components import squares_in
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    drawn_numbers,
    drawn_probabilities,
    mismatches_grid,
    mismatches_vector,
)

OTHER = "the lion saw that the fire was roaring"
SENTENCES = [PairwiseLayer.sentence, pytest.param(OTHER, marks=pytest.mark.slow)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_pair_grid_is_the_trace_pair_vectors(sentence: str, media_dir: Path) -> None:
    scene = build_scene(PairwiseLayer, media_dir, sentence=sentence)
    t = trace(sentence, model="pairwise")
    assert scene.grid.n == t.n
    assert mismatches_grid(scene.grid, t.pair_vectors) == []


def test_pairs_of_pairs_counts_and_values(media_dir: Path) -> None:
    scene = build_scene(PairsOfPairs, media_dir)
    t = trace("the fat cat", model="pairwise2")
    assert scene.quads.n == 9 and scene.quad_count.text.endswith("81 vectors")
    assert mismatches_grid(scene.quads, t.quad_vectors) == []
    assert mismatches_vector(scene.mean, t.mean) == []
    words, lengths, _ = drawn_probabilities(scene.chart)
    assert words == list(t.top_words[:3])
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)


def panel_values(panel) -> tuple[dict[int, float], list[str], np.ndarray]:
    words, lengths, _ = drawn_probabilities(panel.chart)
    return drawn_numbers(panel.mean), words, lengths


def test_fat_cat_equal_on_screen_without_positions(media_dir: Path) -> None:
    a, b = trace("the fat cat", model="pairwise"), trace("the cat fat", model="pairwise")
    assert np.max(np.abs(a.probabilities - b.probabilities)) <= 1e-6  # computed, not typed
    scene = build_scene(OrderIsLost, media_dir)
    left, right = panel_values(scene.left), panel_values(scene.right)
    assert left[0] == right[0] and left[1] == right[1]
    np.testing.assert_allclose(left[2], right[2], atol=1e-6)
    assert mismatches_vector(scene.left.mean, a.mean) == []
    assert mismatches_vector(scene.right.mean, b.mean) == []
    assert mismatches_grid(scene.right.grid, b.pair_vectors) == []


def test_fat_cat_differ_on_screen_with_positions(media_dir: Path) -> None:
    a = trace("the fat cat", model="pairwise_positions")
    b = trace("the cat fat", model="pairwise_positions")
    scene = build_scene(PositionsAttached, media_dir)
    left, right = panel_values(scene.left), panel_values(scene.right)
    assert left[0] != right[0]  # the averages differ
    assert left[1][0] == a.answer and right[1][0] == b.answer  # the answers, as measured
    said = " ".join(c.text for c in scene.cues)
    if a.answer == b.answer:  # said plainly when the model cannot tell them apart
        assert f"still answers “{a.answer}” for both" in said
    else:
        assert f"“{a.answer}” and “{b.answer}”" in said
    assert mismatches_vector(scene.left.mean, a.mean) == []
    assert mismatches_vector(scene.right.mean, b.mean) == []


def test_growth_counts_follow_the_sentence(media_dir: Path) -> None:
    scene = build_scene(GrowthProblem, media_dir, sentence="the dog chased its tail")
    counts = [squares_in(group[0]) for group in scene.groups]
    assert counts == [5, 25, 625]


@pytest.mark.parametrize("scene_class", ch2_pairwise.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
