"""Chapter 4 shows the trace's values and counts that follow from the model sizes; the
drawn sides of 4.5 and 4.8 come from independent computations and agree; the evidence
chart's bars are the stored metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from model import model_config, read_metrics, trace
from model.costs import representation_cost, scoring_cost
from scenes import ch4_optimisations
from scenes.ch4_optimisations import (
    Evidence,
    LayerInTwoSteps,
    LinearRepresentation,
    MultiHead,
    NetworkAfterAttention,
    QueryKeyValue,
    Redundancy,
    ScoringChoices,
)
from scenes.components import squares_in
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import drawn_numbers, drawn_probabilities, mismatches_vector

OTHER = "the lion saw that the fire was roaring"


def texts(group) -> list[list[str]]:
    return [[cell.text for cell in row] for row in group]


@pytest.mark.parametrize(
    "sentence", [LinearRepresentation.sentence, pytest.param(OTHER, marks=pytest.mark.slow)]
)
def test_operation_counts_follow_the_model_sizes(sentence: str, media_dir: Path) -> None:
    scene = build_scene(LinearRepresentation, media_dir, sentence=sentence)
    n = len(sentence.split())
    attention, transformer = model_config("attention"), model_config("transformer")
    here = representation_cost(n, attention, transformer)
    passage = representation_cost(1000, attention, transformer)
    rows = texts(scene.table)
    assert rows[1][1:] == [f"{here[0]:,}", f"{here[1]:,}"]
    assert rows[2][1:] == [f"{passage[0]:,}", f"{passage[1]:,}"]


def test_scoring_variants_show_their_metrics_and_costs(media_dir: Path) -> None:
    scene = build_scene(ScoringChoices, media_dir)
    models = read_metrics()["models"]
    _, lengths, _ = drawn_probabilities(scene.chart)
    expected = [
        models[m]["new_wordings"]["overall"]["accuracy"]
        for m in ("transformer_network", "transformer")
    ]
    np.testing.assert_allclose(lengths, expected, atol=1e-4)
    network, bilinear = scoring_cost(
        len(ScoringChoices.sentence.split()), model_config("transformer")
    )
    assert [row[1] for row in texts(scene.counts)[1:]] == [f"{network:,}", f"{bilinear:,}"]


def test_big_network_runs_n_squared_then_n(media_dir: Path) -> None:
    scene = build_scene(LayerInTwoSteps, media_dir, sentence=OTHER)
    assert [squares_in(group[0]) for group in scene.fields] == [64, 8]


def test_network_after_attention_shows_real_vectors(media_dir: Path) -> None:
    scene = build_scene(NetworkAfterAttention, media_dir)
    t = trace(NetworkAfterAttention.sentence, model="transformer")
    for j in range(t.n):
        assert mismatches_vector(scene.before[j], t.combined[j]) == []
        assert mismatches_vector(scene.after[j], t.outputs[j]) == []


def test_both_forms_of_the_own_word_term_agree_on_screen(media_dir: Path) -> None:
    scene = build_scene(Redundancy, media_dir)
    t = trace(Redundancy.sentence, model="transformer")
    j = t.n - 1
    assert mismatches_vector(scene.pairwise, t.combined_pairwise_form[j], digits=3) == []
    assert mismatches_vector(scene.optimised, t.combined[j], digits=3) == []
    assert drawn_numbers(scene.pairwise) == drawn_numbers(scene.optimised)


def test_multi_head_patterns_are_the_heads(media_dir: Path) -> None:
    from tests.support.truth import mismatches_heatmap

    scene = build_scene(MultiHead, media_dir)
    t = trace(MultiHead.sentence, model="transformer")
    for h, (heat, _) in enumerate(scene.maps):
        assert mismatches_heatmap(heat, t.importances[h]) == []
    for h, part in enumerate(scene.parts):
        assert mismatches_vector(part, t.head_outputs[h][scene.column]) == []


def test_sdpa_and_weighted_sum_agree_on_screen(media_dir: Path) -> None:
    scene = build_scene(QueryKeyValue, media_dir, sentence=OTHER)
    t = trace(OTHER, model="transformer")
    importances, weights, ours, theirs = scene.columns
    assert mismatches_vector(importances, t.importances[0][:, -1], digits=3) == []
    assert mismatches_vector(weights, t.sdpa_weights[0][-1], digits=3) == []
    assert mismatches_vector(ours, t.head_outputs[0][-1], digits=3) == []
    assert mismatches_vector(theirs, t.sdpa_outputs[0][-1], digits=3) == []
    assert drawn_numbers(ours) == drawn_numbers(theirs)
    assert drawn_numbers(importances) == drawn_numbers(weights)
    assert np.max(np.abs(t.head_outputs[0][-1] - t.sdpa_outputs[0][-1])) <= 1e-5


def test_evidence_bars_are_the_stored_metrics(media_dir: Path) -> None:
    scene = build_scene(Evidence, media_dir)
    models = read_metrics()["models"]
    for s_index, name in enumerate(Evidence.models):
        for g, key in enumerate(scene.keys):
            entry = models[name]["new_wordings"].get(key)
            if entry is None:
                continue
            assert abs(scene.chart.drawn_value(s_index, g) - entry["accuracy"]) < 1e-4


@pytest.mark.parametrize("scene_class", ch4_optimisations.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
