"""Chapters 0-1 show the trace's values: the task card's training examples, one-hot indices,
CNN outputs layer by layer with their keys, the pooled vector, answers judged by the
labeller, receptive fields named by a legend, and the measured evidence."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from derived_transformer.model import VOCABULARY, data, label, read_metrics, trace
from derived_transformer.narration.spoken import percent, spoken_form
from derived_transformer.narration.task import question, verdict
from derived_transformer.scenes import ch0_intro, ch1_cnn
from derived_transformer.scenes.ch0_intro import Intro
from derived_transformer.scenes.ch1_cnn import (
    CNNsAndText,
    ConvolutionLayers,
    LongRangeDependencies,
    OneHotWords,
    RelatedInputs,
)
from derived_transformer.scenes.ch1_cnn.order_examples import NoExampleError, order_examples
from derived_transformer.scenes.components import (
    ILLUSTRATION_PREFIX,
    OneHotStrip,
    ProbabilityBars,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import COLOUR_FIELDS, current_theme
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    mismatches_vector,
    offered_answer_mismatches,
    on_stage,
)

OTHER = "the lion saw that the fire was roaring"
SENTENCES = [OneHotWords.sentence, pytest.param(OTHER, marks=pytest.mark.render)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_one_hot_cells_are_lit_at_the_trace_indices(sentence: str, media_dir: Path) -> None:
    scene = build_scene(OneHotWords, media_dir, sentence=sentence)
    t = trace(sentence, model="cnn")
    one_hots = on_stage(scene, OneHotStrip)
    assert len(one_hots) == t.n
    size = len(VOCABULARY)
    for k, vector in enumerate(one_hots):
        index = int(np.argmax(t.one_hot[k]))
        assert vector.index == int(t.ids[k]) == index
        assert np.flatnonzero(vector.values).tolist() == [index]
        # the 1 stands at its real height in the whole vocabulary
        assert vector.lit_height() == pytest.approx((index + 0.5) / size, abs=0.03)
        assert vector.index_label.text == str(index)
        assert vector.value_scale == scene.key.value_scale == 1.0
    # each index, on its patch of background, hides no other strip
    for vector in one_hots:
        patch = vector.index_patch
        for other in one_hots:
            if other is not vector:
                apart = patch.get_right()[0] < other.frame.get_left()[0] or (
                    patch.get_left()[0] > other.frame.get_right()[0]
                )
                assert apart, (vector.index_label.text, other.index_label.text)
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"Our models know {size} words" in said
    assert f"is number {int(t.ids[-1])}" in said


def test_cnn_cells_are_the_trace_outputs(media_dir: Path) -> None:
    scene = build_scene(ConvolutionLayers, media_dir)
    t = trace(ConvolutionLayers.sentence, model="cnn")
    assert [len(c) for c in scene.layer_columns] == [len(layer) for layer in t.layers]
    # one key for the whole pyramid: each layer drawn as shares of its own largest value
    assert scene.key.value_scale == 1.0 and "÷ its largest" in scene.key.title.text
    # no output is negative (each passed a ReLU), so both keys run from 0 only
    assert all(float(np.min(layer)) >= 0 for layer in t.layers) and float(t.pooled.min()) >= 0
    assert scene.key.key_range == scene.top_key.key_range == "one-sided"
    largests = []
    for layer, columns in zip(t.layers, scene.layer_columns, strict=True):
        largest = max(abs(float(layer[p][k])) for p in range(len(layer)) for k in scene.shown)
        largests.append(largest)
        for p, column in enumerate(columns):
            assert column.shown_indices == scene.shown
            assert column.value_scale == scene.key.value_scale
            assert mismatches_vector(column, layer[p] / largest) == []
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"grow about {round(largests[-1] / largests[0])}-fold" in said
    # the two largest values the growth is read from, shown as it is said
    assert f"largest in layer 1: {largests[0]:.2f}" in scene.seen_texts
    assert f"in layer {len(largests)}: {largests[-1]:.2f}" in scene.seen_texts
    assert mismatches_vector(scene.pooled, t.pooled) == []  # pooled as the model pools
    # the top vector's own picture has its own key, in its real values
    assert scene.top_key.value_scale == scene.pooled.value_scale
    assert int(t.pooled_outputs.sum()) == 1
    assert offered_answer_mismatches(scene.chart, t) == []
    assert scene.chart.title.text == question(t.tokens)
    assert scene.judged.text == verdict(t)  # the labeller's verdict, not the model's


def test_dog_and_tail_meet_only_at_the_top(media_dir: Path) -> None:
    scene = build_scene(LongRangeDependencies, media_dir)
    t = trace(LongRangeDependencies.sentence, model="cnn")
    theme = current_theme()
    dog, tail = t.tokens.index("dog"), t.tokens.index("tail")
    meets = [
        k
        for k, windows in enumerate(t.windows, start=1)
        if any(start <= dog and tail <= end for start, end in windows)
    ]
    assert meets[0] == len(t.windows)  # computed here from the trace's windows
    assert any(f"layer {meets[0]} of {len(t.windows)}" in cue.text for cue in scene.cues)
    top = scene.pyramid.node(len(t.windows), 0)
    assert top.get_color().to_hex().lower() == theme.reach_both
    first = scene.pyramid.node(1, 0)  # window 0..2 covers "dog" only
    assert first.get_color().to_hex().lower() == theme.reach_first
    legend = dict(zip(scene.legend.colors, scene.legend.meanings, strict=True))
    assert legend[theme.reach_first] == "reaches “dog”"
    assert legend[theme.reach_second] == "reaches “tail”"
    assert legend[theme.reach_both] == "reaches both"
    # the layer labels stay legible and clear of the frame's edge
    smallest = flat_text("layer 1", theme.sizes.tiny).height
    half_width = scene.camera.frame_width / 2
    for text in scene.pyramid.layer_labels:
        assert text.height >= smallest * 0.99
        assert text.get_left()[0] >= -half_width + 0.45


def windows_of(words: tuple[str, ...], size: int) -> set[tuple[str, ...]]:
    return {words[k : k + size] for k in range(len(words) - size + 1)}


def test_live_examples_fail_for_the_stated_reason(media_dir: Path) -> None:
    """The rule, checked by another path than the one that picks the examples: the deciding
    words (where the labeller's answers stand in the twins) fit one window of the narrow
    CNN in the near example and not in the far one; the far twins have the same windows, so
    the CNN's outputs are equal, right on the twin and wrong on the sentence shown first."""
    scene = build_scene(LongRangeDependencies, media_dir)
    narrow, contrast = scene.narrow_model, scene.contrast_model
    depth = len(trace(scene.near.sentence, model=narrow).windows)
    field = 2 * depth + 1  # three-word windows, layer on layer
    trained = {e.text for e in data.training_set()}
    apart = {}
    for name, pair in (("near", scene.near), ("far", scene.far)):
        assert len(pair.words) <= scene.longest_example
        assert {pair.sentence, pair.twin_sentence}.isdisjoint(trained)
        answers = [label(pair.sentence).answer, label(pair.twin_sentence).answer]
        assert answers[0] != answers[1]
        deciding = sorted(pair.words.index(a) for a in answers)
        assert pair.twin == tuple(
            answers[1 - answers.index(w)] if w in answers else w for w in pair.words
        )
        apart[name] = deciding[1] - deciding[0]
    near = [trace(s, model=narrow) for s in (scene.near.sentence, scene.near.twin_sentence)]
    assert apart["near"] < field  # one window holds both words
    assert [t.answer for t in near] == [label(t.sentence).answer for t in near]
    far = [trace(s, model=narrow) for s in (scene.far.sentence, scene.far.twin_sentence)]
    assert apart["far"] >= field  # no window holds both
    assert windows_of(scene.far.words, field) == windows_of(scene.far.twin, field)
    np.testing.assert_array_equal(far[0].probabilities, far[1].probabilities)
    assert far[0].answer == far[1].answer == label(scene.far.twin_sentence).answer
    assert far[0].answer != label(scene.far.sentence).answer
    for sentence in (scene.far.sentence, scene.far.twin_sentence):
        assert trace(sentence, model=contrast).answer == label(sentence).answer
    # what is drawn and said is the models' own
    assert scene.near_answer.text == f"{scene.narrow_name} says {verdict(near[0])}"
    for drawn, t in zip(scene.answers, far, strict=True):
        assert drawn.text == f"{scene.narrow_name} says {verdict(t)}"
    for drawn, sentence in zip(
        scene.contrasts, (scene.far.sentence, scene.far.twin_sentence), strict=True
    ):
        assert (
            drawn.text == f"{scene.contrast_name} says {verdict(trace(sentence, model=contrast))}"
        )
    rows = [scene.near_row, *scene.far_rows]
    drawn_words = [" ".join(w.text for w in row.word_labels) for row in rows]
    assert drawn_words == [scene.near.sentence, scene.far.sentence, scene.far.twin_sentence]
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"It answers “{near[0].answer}”, which is right." in said
    assert f"It answers “{far[0].answer}” both times: wrong here, right on the twin." in said
    assert f"stand {apart['far']} words apart: no window of {field} holds both" in said
    # the box spans the field, and its top output reaches both words only in the near one
    theme = current_theme()
    both = scene.near.animals[1] - field + 1
    assert scene.window(scene.near_row, both, scene.near)[2][-1].get_color().to_hex().lower() == (
        theme.reach_both
    )
    for start in range(len(scene.far.words) - field + 1):
        box, _, nodes, _ = scene.window(scene.far_rows[0], start, scene.far)
        assert nodes[-1].get_color().to_hex().lower() != theme.reach_both
        inside = [w for w in scene.far_rows[0].word_labels if box.get_left()[0] < w.get_x()]
        assert len([w for w in inside if w.get_x() < box.get_right()[0]]) == field


def test_a_rule_no_sentence_fits_is_named() -> None:
    with pytest.raises(NoExampleError, match="at most 9 words"):
        order_examples("cnn2", "attention", longest=9)


def test_long_range_evidence_is_the_measurement(media_dir: Path) -> None:
    scene = build_scene(LongRangeDependencies, media_dir)
    models = read_metrics()["evidence"]["long_range"]["models"]
    (chart,) = on_stage(scene, ProbabilityBars)  # the measured chart stays to the end
    lengths = np.array([chart.drawn_value(k) for k in range(len(chart.bars))])
    for k, (name, shown_name) in enumerate(LongRangeDependencies.compared):
        rows = [models[name][str(r)] for r in (6, 7, 8)]
        expected = sum(r["accuracy"] * r["count"] for r in rows) / sum(r["count"] for r in rows)
        assert lengths[k] == pytest.approx(expected, abs=1e-4)
        assert chart.word_label(k).text == shown_name
        assert chart.value_label(k).text == f"{expected:.0%}"
    narrow = lengths[0]
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"right {narrow:.0%} of the time" in said
    assert lengths[0] <= 0.55 < lengths[2]  # a coin toss, against attention


def lab(colour: str) -> np.ndarray:
    """CIE L*a*b* of a ``#rrggbb`` colour (sRGB, D65)."""
    rgb = np.array([int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)])
    rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_colours_keep_one_meaning() -> None:
    """Every two colours that mean different things are told apart at a glance: at least 15
    apart in CIE L*a*b* (the background, the map's zero, outlines and text aside)."""
    theme = current_theme()
    meanings = COLOUR_FIELDS - {"background", "zero", "outline", "text"}
    colours = {name: getattr(theme, name) for name in meanings}
    assert len(set(colours.values())) == len(colours)
    close = [
        (a, b)
        for a in colours
        for b in colours
        if a < b and np.linalg.norm(lab(colours[a]) - lab(colours[b])) < 15
    ]
    assert close == []


def test_the_task_card_shows_real_training_examples(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    training = {e.text: e for e in data.training_set()}
    families = set()
    _, _, rows, _ = scene.card  # heading, question, the example rows, footer
    for example, row in zip(Intro.task_examples, rows, strict=True):
        (words, _), _, answer = row
        drawn = " ".join(w.text for w in words.word_labels)
        assert drawn == example.sentence and drawn in training
        assert answer.text == training[drawn].answer  # the label it was trained on
        families.add(training[drawn].family)
    assert families == {"roaring", "tail", "order"}  # one per family of the long sentences
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"{len(data.training_set()):,} training sentences" in said


def test_intro_teaser_is_the_transformers_answer(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    t = trace(Intro.sentence, model="transformer")
    _, _, chart, _ = scene.teaser_parts  # the sentence, the question, the answer, its verdict
    assert offered_answer_mismatches(chart, t) == []
    assert question(t.tokens) in scene.seen_texts and verdict(t) in scene.seen_texts


def test_the_intro_is_narrated_end_to_end(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    lines = scene.voice_placements
    assert len(lines) >= 10
    # every subtitle is (a part of) a spoken line, within its clip, one after another
    assert " ".join(c.text for c in scene.cues) == " ".join(
        " ".join(p.written.split()) for p in lines
    )
    assert scene.cues[0].start == lines[0].start and scene.cues[-1].end == lines[-1].end
    assert all(b.start >= a.end - 1e-9 for a, b in itertools.pairwise(lines))
    t = trace(Intro.sentence, model="transformer")
    answer = next(p for p in lines if p.written.startswith("It answers"))
    assert f"“{t.top_words[0]}”" in answer.written  # the live value, from the trace
    written = percent(float(t.top_probabilities[0]))
    assert written in answer.written and spoken_form(written) in answer.speech
    # the hook comes first: the answer is said within five seconds, and where the numbers
    # come from is a footer under it, not a line before it
    assert lines[0].start == 0 and answer.start < 5.0
    assert lines.index(answer) == 1
    footer = next(text for text in scene.seen_texts if text.startswith("every number drawn"))
    assert "trained for this video" in footer and "illustrations" in footer


@pytest.mark.parametrize("scene_class", [RelatedInputs, OneHotWords], ids=scene_id)
def test_illustrations_are_labelled(scene_class, media_dir: Path) -> None:
    scene = build_scene(scene_class, media_dir)
    assert any(text.startswith(ILLUSTRATION_PREFIX) for text in scene.seen_texts)


def test_the_history_is_told_over_a_picture_of_each_kind_of_input(media_dir: Path) -> None:
    """1.1: a picture of pixels with a window of 3 by 3 of them, and a row of words with a
    window of 3 words, each window moved along its input; the picture labelled."""
    scene = build_scene(CNNsAndText, media_dir)
    side = CNNsAndText.image_side
    assert len(scene.image_grid) == side * side
    pixel = scene.image_grid[0].width
    assert scene.image_window.width == pytest.approx(3 * pixel, rel=0.02)
    last = scene.image_grid[(side - 2) * side + 1]  # the window ends on a 3-by-3 block
    assert np.allclose(scene.image_window.get_center(), last.get_center(), atol=pixel / 2)
    words = CNNsAndText.text_example.split()
    assert [w.text for w in scene.word_row] == words
    first_of_last_three = scene.word_row[len(words) - 3]
    assert (
        scene.word_window.get_left()[0]
        < first_of_last_three.get_left()[0]
        < scene.word_window.get_right()[0]
    )
    assert scene.word_window.get_left()[0] > scene.word_row[len(words) - 4].get_left()[0]
    assert any(t.startswith(ILLUSTRATION_PREFIX) for t in scene.seen_texts)


def test_chapter_one_opens_with_the_road_map(media_dir: Path) -> None:
    scene = build_scene(CNNsAndText, media_dir)
    first = scene.voice_placements[0]
    assert first.written.startswith("The first stop")
    assert {"CNN", "self-attention", "transformer"} <= scene.seen_texts


def test_the_road_map_stays_where_chapters_open_it(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir)
    assert np.allclose(scene.road.get_center()[:2], [0, 0.3], atol=0.05)
    strengths = [box.frame.get_stroke_opacity() for box in scene.road.boxes]
    assert strengths == [0.3, 0.3, 0.3, 1.0]  # the last stop lit as the road is told


@pytest.mark.render
@pytest.mark.parametrize(
    "sentence", ["the fat cat", OTHER, "the dog spun around so fast that it caught its tail"]
)
def test_conv_layers_follow_other_sentences(sentence: str, media_dir: Path) -> None:
    scene = build_scene(ConvolutionLayers, media_dir, sentence=sentence)
    t = trace(sentence, model="cnn")
    for layer, columns in zip(t.layers, scene.layer_columns, strict=True):
        largest = max(abs(float(layer[p][k])) for p in range(len(layer)) for k in scene.shown)
        for p, column in enumerate(columns):
            assert mismatches_vector(column, layer[p] / largest) == []
    assert scene.judged.text == verdict(t)


@pytest.mark.render
def test_intro_follows_another_sentence(media_dir: Path) -> None:
    scene = build_scene(Intro, media_dir, sentence=OTHER)
    t = trace(OTHER, model="transformer")
    assert verdict(t) in scene.seen_texts


@pytest.mark.parametrize("scene_class", ch0_intro.SCENES + ch1_cnn.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)


def test_claims_without_a_measurement_are_labelled(media_dir: Path) -> None:
    history = build_scene(CNNsAndText, media_dir)
    assert any("not measured here" in text for text in history.seen_texts)
    related = build_scene(RelatedInputs, media_dir)
    first, second = RelatedInputs.unrelated_neighbours
    words = RelatedInputs.text_example.split()
    assert words.index(second) == words.index(first) + 1  # neighbours in the sentence
    assert "unrelated" in related.seen_texts  # “not always” is shown, not only said
    said = " ".join(p.written for p in related.voice_placements)
    assert f"“{first}” and “{second}”" in said
