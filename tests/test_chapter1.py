"""Chapters 0-1 show the trace's values: one-hot indices, CNN outputs, probabilities."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from model import trace
from scenes import ch0_intro, ch1_cnn
from scenes.ch0_intro import Intro
from scenes.ch1_cnn import ConvolutionLayers, LongRangeDependencies, OneHotWords
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import drawn_probabilities, lit_components, mismatches_vector

OTHER = "the lion saw that the fire was roaring"
SENTENCES = [OneHotWords.sentence, pytest.param(OTHER, marks=pytest.mark.slow)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_one_hot_cells_are_lit_at_the_trace_indices(sentence: str, media_dir: Path) -> None:
    scene = build_scene(OneHotWords, media_dir, sentence=sentence)
    t = trace(sentence, model="cnn")
    assert len(scene.one_hots) == t.n
    for k, vector in enumerate(scene.one_hots):
        assert lit_components(vector) == [int(np.argmax(t.one_hot[k]))]
        assert vector.index == int(t.ids[k])


def test_cnn_cells_are_the_trace_outputs(media_dir: Path) -> None:
    scene = build_scene(ConvolutionLayers, media_dir)
    t = trace(ConvolutionLayers.sentence, model="cnn")
    assert [len(c) for c in scene.layer_columns] == [len(layer) for layer in t.layers]
    for layer, columns in zip(t.layers, scene.layer_columns, strict=True):
        for p, column in enumerate(columns):
            assert column.shown_indices == scene.shown
            assert mismatches_vector(column, layer[p]) == []
    words, lengths, printed = drawn_probabilities(scene.chart)
    assert words == list(t.top_words[:3])
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)
    np.testing.assert_allclose(printed, np.round(t.top_probabilities[:3], 2))


def test_dog_and_tail_meet_only_at_the_top(media_dir: Path) -> None:
    scene = build_scene(LongRangeDependencies, media_dir)
    t = trace(LongRangeDependencies.sentence, model="cnn")
    dog, tail = t.tokens.index("dog"), t.tokens.index("tail")
    meets = [
        k
        for k, windows in enumerate(t.windows, start=1)
        if any(start <= dog and tail <= end for start, end in windows)
    ]
    assert meets[0] == len(t.windows)  # computed here from the trace's windows
    assert any(f"layer {meets[0]} of {len(t.windows)}" in cue.text for cue in scene.cues)
    top = scene.pyramid.node(len(t.windows), 0)
    assert top.get_color().to_hex().lower() == "#ffd54a"  # lit as the meeting point
    words, lengths, _ = drawn_probabilities(scene.chart)
    assert words[0] == t.answer
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)


def test_intro_teaser_is_the_transformers_answer(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    t = trace(Intro.sentence, model="transformer")
    words, lengths, _ = drawn_probabilities(scene.chart)
    assert words == list(t.top_words[:3])
    np.testing.assert_allclose(lengths, t.top_probabilities[:3], atol=1e-4)


def test_the_intro_is_narrated_end_to_end(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    lines = scene.voice_placements
    assert len(lines) >= 8
    # every subtitle is (a part of) a spoken line, within its clip, one after another
    assert " ".join(c.text for c in scene.cues) == " ".join(
        " ".join(p.written.split()) for p in lines
    )
    assert scene.cues[0].start == lines[0].start and scene.cues[-1].end == lines[-1].end
    assert all(b.start >= a.end - 1e-9 for a, b in itertools.pairwise(lines))
    t = trace(Intro.sentence, model="transformer")
    answer = next(p for p in lines if p.written.startswith("It answers"))
    assert f"“{t.top_words[0]}”" in answer.written  # the live value, from the trace
    from narration.spoken import percent, spoken_form

    written = percent(float(t.top_probabilities[0]))
    assert written in answer.written and spoken_form(written) in answer.speech


@pytest.mark.parametrize("scene_class", ch0_intro.SCENES + ch1_cnn.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
