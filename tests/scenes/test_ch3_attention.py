"""Chapter 3 shows the trace's values, read back from what is drawn: pair vectors and their
column sums, the lengths that show a plain sum drowning the pair that matters, the same
vector for (fire, roaring) in both sentences, scores turned into importances in place, the
weighted sum, and the whole layer with each column's pick, the control model and the
answer's verdict."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from derived_transformer.model import VOCABULARY, links, read_metrics, trace
from derived_transformer.model.checkpoints import read_ablations
from derived_transformer.model.metrics import exact_share
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import verdict
from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes import ch3_attention
from derived_transformer.scenes.answers import rival_of
from derived_transformer.scenes.ch3_attention import (
    BlurryMess,
    ColumnSums,
    ContextMatters,
    ScoresCompared,
    SelfAttentionLayer,
    TwoNetworks,
)
from derived_transformer.scenes.ch3_attention.shared import LION, TREE
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import current_theme
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    drawn_numbers,
    drawn_probabilities,
    mismatches_grid,
    mismatches_heatmap,
    mismatches_vector,
)

OTHER = "the lion saw that the fire was roaring"


def named_columns(scene: SelfAttentionLayer, tokens: list[str]) -> list[tuple[int, int, int]]:
    """``(column, pick, target)`` of each column named beside the grid, read from its
    text: “word → pick (relation)”, or “(relation is target)” where the two differ."""
    labels = [short_word_at(tokens, i) for i in range(len(tokens))]
    named = []
    for finding in scene.findings:
        column, pick = finding[0].text.split(" → ")
        note = finding[1].text.strip("()")
        target = note.split(" is ")[-1] if " is " in note else pick
        named.append((labels.index(column), labels.index(pick), labels.index(target)))
    return named


@pytest.mark.parametrize(
    "sentence", [ColumnSums.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_column_sums_are_the_trace_sums(sentence: str, media_dir: Path) -> None:
    scene = build_scene(ColumnSums, media_dir, sentence=sentence)
    t = trace(sentence)
    assert mismatches_grid(scene.grid, t.pair_vectors) == []
    assert sorted(scene.sums) == list(range(t.n))
    for j, drawn in scene.sums.items():
        assert mismatches_vector(drawn, t.column_sums[j]) == []


@pytest.mark.parametrize(
    "sentence", [BlurryMess.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_the_plain_sum_drowns_the_pair_that_matters(sentence: str, media_dir: Path) -> None:
    scene = build_scene(BlurryMess, media_dir, sentence=sentence)
    t = trace(sentence)
    j = t.n - 1
    i = links(sentence).targets[-1]
    assert scene.focus == i and t.tokens[i] == t.expected
    for row, vector in zip(scene.rows, t.pair_vectors[:, j], strict=True):
        assert mismatches_vector(row, vector) == []
    pair = float(np.linalg.norm(t.pair_vectors[i, j]))
    rest = float(np.linalg.norm(t.pair_vectors[:, j].sum(axis=0) - t.pair_vectors[i, j]))
    _, lengths, printed = drawn_probabilities(scene.chart)
    np.testing.assert_allclose(printed, np.round([pair, rest], 1))
    np.testing.assert_allclose(lengths[0] / lengths[1], pair / rest, rtol=1e-3)
    assert rest > pair  # the claim the narration makes on the default sentence


def test_same_pair_same_vector_in_both_sentences(media_dir: Path) -> None:
    scene = build_scene(ContextMatters, media_dir)
    tree, lion = trace(TREE), trace(LION)
    assert np.array_equal(tree.pair_vectors[5, 9], lion.pair_vectors[5, 9])
    assert "=" in scene.seen_texts and "≠" not in scene.seen_texts
    assert mismatches_vector(scene.vectors[0], tree.pair_vectors[5, 9]) == []
    assert mismatches_vector(scene.vectors[1], lion.pair_vectors[5, 9]) == []


def test_worked_example_is_labelled_and_divides_by_the_column_total(media_dir: Path) -> None:
    scene = build_scene(ScoresCompared, media_dir)
    assert "a worked example: made-up scores" in scene.seen_texts
    tree, lion = (drawn_probabilities(panel[1]) for panel in scene.panels)
    np.testing.assert_allclose(tree[1], [0.0, 1.0], atol=1e-4)
    np.testing.assert_allclose(lion[1], [0.9, 0.1], atol=1e-4)
    assert [t.text for t in scene.total_labels] == ["column total 10", "column total 100"]


def test_scores_become_importances_and_the_weighted_sum(media_dir: Path) -> None:
    scene = build_scene(TwoNetworks, media_dir)
    t = trace(LION)
    j = t.n - 1
    column = scene.column
    assert column.stage == "importance"
    assert mismatches_vector(column, t.importances[:, j]) == []
    assert column.total_label.text.endswith(format_value(float(t.exp_scores[:, j].sum()), 3))
    # before exponentiating: the scores on screen divided by their own total, as the trace has
    # them, and the narration says which word that would make the most important
    raw = t.scores[:, j].astype(float)
    assert scene.raw_total.text.endswith(format_value(float(raw.sum()), 1))
    assert [s.text for s in scene.raw_shares] == [format_value(v) for v in raw / raw.sum()]
    spoken = " ".join(p.written for p in scene.voice_placements)
    assert f"add up to {format_value(float(raw.sum()), 1)}" in spoken
    if raw.sum() < 0:
        lowest = word_at(t.tokens, int(np.argmin(raw)))
        share = format_value(float(raw.min() / raw.sum()))
        assert f"{lowest}, the lowest score, would get the largest share, {share}" in spoken
    assert abs(sum(drawn_numbers(column).values()) - 1.0) <= 0.005 * t.n
    # the column "looks at" its top word only when it leads the next clearly
    first, second = np.sort(t.importances[:, j])[::-1][:2]
    top = word_at(t.tokens, int(np.argmax(t.importances[:, j])))
    if first >= TwoNetworks.clear_lead * second:
        assert f"this column looks at {top}." in spoken
    else:
        assert f"this column leans to {top}, but only just." in spoken
    for name, sentence in (("tree", TREE), ("lion", LION)):
        heat = scene.heatmaps[name][0]
        assert mismatches_heatmap(heat, trace(sentence).importances) == []
    # the same score for (fire, roaring) in both sentences, as 3.5 claimed
    scores = [note.text.split("score ")[1].split(",")[0] for note in scene.fire_notes]
    assert scores[0] == scores[1]
    assert trace(TREE).scores[5, 9] == pytest.approx(trace(LION).scores[5, 9])
    for row, vector in zip(scene.rows, t.importances[:, j, None] * t.pair_vectors[:, j],
                           strict=True):  # fmt: skip
        assert mismatches_vector(row, vector) == []
    assert mismatches_vector(scene.output, t.weighted_sums[j]) == []
    weighted = t.importances[:, j, None] * t.pair_vectors[:, j]
    i = int(np.argmax(t.importances[:, j]))
    _, kept, printed = drawn_probabilities(scene.kept_chart)
    # the chart of lengths stands clear of the weighted rows (and the outline round one)
    assert scene.kept_chart.get_left()[0] > scene.rows.get_right()[0] + 0.1
    # weighted, the pair that matters stands out more than in the plain sum of 3.3
    plain = t.pair_vectors[:, j]
    plain_ratio = np.linalg.norm(plain.sum(axis=0) - plain[i]) / np.linalg.norm(plain[i])
    assert kept[1] / kept[0] < plain_ratio
    said = "counts" if kept[0] > kept[1] else "no longer drowned out, but not alone"
    assert said in " ".join(p.written for p in scene.voice_placements)
    expected = [np.linalg.norm(weighted[i]), np.linalg.norm(weighted.sum(axis=0) - weighted[i])]
    np.testing.assert_allclose(printed, np.round(expected, 1))
    for note, s in zip(scene.fire_notes, (trace(TREE), trace(LION)), strict=True):
        fire = s.tokens.index("fire")
        assert f"importance {s.importances[fire, -1]:.2f}" in note.text


@pytest.mark.parametrize(
    "sentence", [SelfAttentionLayer.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_the_control_grid_labels_are_readable(sentence: str, media_dir: Path) -> None:
    """3.7: the control's grid names its rows and columns at the theme's label size (at
    480p about 10 pixels for a lowercase letter), the upright column labels shrunk at most
    a little to fit their columns, and no two labels overlap."""
    scene = build_scene(SelfAttentionLayer, media_dir, sentence=sentence)
    heat = scene.control_heat
    theme = current_theme()
    for row, column, word in zip(heat.row_labels, heat.col_labels, heat.labels, strict=True):
        full = flat_text(word, theme.sizes.label)
        assert row.height == pytest.approx(full.height, rel=0.01), word
        assert column.width >= 0.85 * full.height, word  # upright: its height is its width
    x_height = flat_text("x", theme.sizes.label).height * 480 / 8  # at 480p: 8 units high
    assert x_height >= 9.5
    for labels in (heat.row_labels, heat.col_labels):
        for a, b in itertools.pairwise(labels):
            apart = abs(a.get_center() - b.get_center())[:2]
            needed = np.array([a.width + b.width, a.height + b.height]) / 2
            assert np.any(apart >= needed - 0.02), (a.text, b.text)


@pytest.mark.parametrize(
    "sentence", [SelfAttentionLayer.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_whole_layer_for_any_sentence(sentence: str, media_dir: Path) -> None:
    scene = build_scene(SelfAttentionLayer, media_dir, sentence=sentence)
    t = trace(sentence)
    assert mismatches_heatmap(scene.heat, t.importances) == []
    targets = links(sentence).targets
    assert named_columns(scene, t.tokens)
    for j, pick, target in named_columns(scene, t.tokens):
        assert pick == int(np.argmax(t.importances[:, j]))
        assert target == targets[j] != j
    control = trace(sentence, model="attention_last")
    assert mismatches_heatmap(scene.control_heat, control.importances) == []
    hits = read_metrics()["models"]["attention"]["per_word_attention"]["layer 1"]
    kinds = {text: kind for kind, text in SelfAttentionLayer.kinds_shown}
    shown, rates, _ = drawn_probabilities(scene.hit_chart)
    assert shown
    np.testing.assert_allclose(rates, [hits[kinds[text]]["heads"] for text in shown], atol=1e-4)
    words, lengths, _ = drawn_probabilities(scene.chart)
    assert words[0] == t.top_words[0]  # the model's answer first, then the sentence's nouns
    assert rival_of(t, words[0]) in words  # the answer a reader weighs against the right one
    probabilities = [t.probabilities[VOCABULARY.index[w]] for w in words]
    np.testing.assert_allclose(lengths, probabilities, atol=1e-4)
    assert verdict(t) in scene.seen_texts
    one = read_ablations()["variants"]["attention_one_layer"]["new_sentences"]["overall"]
    spoken = " ".join(p.written for p in scene.voice_placements)
    assert f"{one['accuracy'] * 100:.1f}%" in spoken
    # the spoken figures are on screen too, read from the metrics
    models = read_metrics()["models"]
    shares = [
        models[m]["per_word_attention"]["layer 1"]["same_row_share"]
        for m in ("attention_last", "attention")
    ]
    assert f"control: {shares[0] * 100:.0f}%" in scene.seen_texts
    assert f"model at left: {shares[1] * 100:.0f}%" in scene.seen_texts
    shipped = models["attention"]["new_sentences"]["overall"]
    two = exact_share(shipped["accuracy"], shipped["count"])  # the share, rounded once
    alone = exact_share(one["accuracy"], one["count"])
    chart = scene.layers_chart
    assert [label.text for label in chart.word_labels] == ["one layer", "two layers"]
    assert [label.text for label in chart.value_labels] == [percent(alone), percent(two)]
    assert chart.drawn_value(0) == pytest.approx(one["accuracy"], abs=1e-4)
    assert chart.drawn_value(1) == pytest.approx(shipped["accuracy"], abs=1e-4)


def test_columns_named_by_position_where_a_word_repeats(media_dir: Path) -> None:
    scene = build_scene(SelfAttentionLayer, media_dir, sentence=LION)
    spoken = " ".join(p.written for p in scene.voice_placements)
    assert "the first “was”" in spoken and "was (2)" in " ".join(sorted(scene.seen_texts))


@pytest.mark.parametrize("scene_class", ch3_attention.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
