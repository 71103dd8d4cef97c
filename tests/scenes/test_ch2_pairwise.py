"""Chapter 2 shows the trace's values: pair vectors on one keyed scale, pairs chosen by the
labeller, equal outputs without positions and different ones with them, positions as the
model counts them, the measured figures, and counts from the sentence and the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import Square

from derived_transformer.model import read_metrics, trace
from derived_transformer.model.vocab import VOCABULARY
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import question, verdict
from derived_transformer.scenes import ch2_pairwise
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.ch2_pairwise import (
    GrowthProblem,
    OrderIsLost,
    PairsOfPairs,
    PairwiseLayer,
    PermutationView,
    PositionsAttached,
)
from derived_transformer.scenes.ch2_pairwise.shared import NEAR_TIE, related_pair
from derived_transformer.scenes.components import (
    ILLUSTRATION_PREFIX,
    ColorKey,
    ProbabilityBars,
    VectorColumn,
    squares_in,
)
from derived_transformer.scenes.theme import current_theme
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    drawn_colors,
    drawn_numbers,
    drawn_probabilities,
    fill_hex,
    mismatches_grid,
    mismatches_vector,
    on_stage,
)

OTHER = "the lion saw that the fire was roaring"
SENTENCES = [PairwiseLayer.sentence, pytest.param(OTHER, marks=pytest.mark.render)]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_pair_grid_is_the_trace_pair_vectors(sentence: str, media_dir: Path) -> None:
    scene = build_scene(PairwiseLayer, media_dir, sentence=sentence)
    t = trace(sentence, model="pairwise")
    assert scene.grid.n == t.n
    assert mismatches_grid(scene.grid, t.pair_vectors) == []
    assert scene.grid.value_scale == scene.key.value_scale  # the one pair drawn shares it
    # the grid names the components it draws
    shown = scene.grid.shown_indices
    assert f"component {shown[0]} of {t.pair_vectors.shape[-1]}" in scene.grid.caption.text
    # the pair goes in as its two one-hot vectors: each 1 at its word's row of the inputs
    pair = related_pair(t)
    for strip, k in zip(scene.one_hots, (pair.i, pair.j), strict=True):
        assert strip.index == int(np.argmax(t.one_hot[k])) and len(strip.values) == len(
            t.one_hot[k]
        )


def test_the_pair_pointed_at_is_the_labellers_not_the_models() -> None:
    t = trace("the lion saw that the fire was roaring", model="pairwise")
    assert t.answer == "lion"  # the position-free model is wrong here
    pair = related_pair(t)
    assert (t.tokens[pair.i], t.tokens[pair.j]) == ("fire", "roaring") and pair.answer
    phrase = related_pair(trace("the fat cat", model="pairwise"))
    assert (phrase.i, phrase.j, phrase.answer) == (0, 2, False)  # a noun names itself
    assert "first and the last" in phrase.described(("the", "fat", "cat"))


def test_pairs_of_pairs_counts_and_values(media_dir: Path) -> None:
    scene = build_scene(PairsOfPairs, media_dir)
    t = trace("the fat cat", model="pairwise2")
    assert scene.quads.n == 9 and scene.quad_count.text.endswith("81 vectors")
    assert mismatches_grid(scene.grid, t.pair_vectors) == []
    assert mismatches_grid(scene.quads, t.quad_vectors) == []
    (mean,) = [m for m in scene.mobjects if isinstance(m, VectorColumn)]  # the average
    (chart,) = on_stage(scene, ProbabilityBars)
    (key,) = on_stage(scene, ColorKey)  # one key: the second layer's, the average's too
    assert mismatches_vector(mean, t.mean) == []
    assert mean.value_scale == scene.quads.value_scale  # compared, so one scale
    words, lengths, _ = drawn_probabilities(chart)
    assert words == answer_options(t)[0]
    np.testing.assert_allclose(
        lengths, [t.probabilities[VOCABULARY.index[w]] for w in words], atol=1e-4
    )
    # a phrase is asked what it names: its last word, a noun, names itself, so the question
    # quotes the whole phrase, not the word that answers it
    assert chart.title.text == question(t.tokens, phrase=True)
    assert all(word in chart.title.text for word in t.tokens)
    assert key.value_scale == scene.quads.value_scale
    assert any("two-layer pairwise model" in text for text in scene.seen_texts)


def check_orderings(scene: PermutationView, sentence: str) -> None:
    """Every row is an ordering of the sentence's words, the first its own order, and in one
    of them the related pair sits side by side."""
    words = sentence.split()
    rows = [[w.text for w in row.word_labels] for row in scene.rows]
    assert rows[0] == words
    assert all(sorted(row) == sorted(words) for row in rows)
    assert len({tuple(row.order) for row in scene.rows}) == len(rows)
    assert any(abs(row.order.index(scene.i) - row.order.index(scene.j)) == 1 for row in scene.rows)


def test_permutations_show_orderings_where_the_pair_meets(media_dir: Path) -> None:
    scene = build_scene(PermutationView, media_dir)
    check_orderings(scene, PermutationView.sentence)
    t = trace(PermutationView.sentence, model="pairwise")
    said = " ".join(p.written for p in scene.voice_placements)
    assert f"“{t.tokens[scene.i]}” and “{t.tokens[scene.j]}” sit side by side" in said


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
    assert mismatches_grid(scene.left.grid, a.pair_vectors) == []
    assert mismatches_grid(scene.right.grid, b.pair_vectors) == []
    # the key names the components each part draws: the grids' and the averages'
    size = a.pair_vectors.shape[-1]
    cells, means = scene.left.grid.shown_indices, scene.left.mean.shown_indices
    assert f"components {cells[0]}–{cells[-1]} of {size}" in scene.grid_key.title.text
    assert f"averages, {means[0]}–{means[-1]} of {size}" in scene.grid_key.title.text
    where = {w: k for k, w in enumerate(b.tokens)}  # the moved pairs are the same vectors
    for i in range(a.n):
        for j in range(a.n):
            moved = scene.right.grid.cell(where[a.tokens[i]], where[a.tokens[j]])
            assert drawn_colors(moved) == drawn_colors(scene.left.grid.cell(i, j))
    assert scene.left.judged.text == verdict(a) and scene.right.judged.text == verdict(b)
    said = " ".join(p.written for p in scene.voice_placements)
    # a near tie is said as one (the two likeliest answers and their probabilities);
    # otherwise the one answer both get, judged against each phrase's own
    (first, second), (p1, p2) = a.top_words[:2], a.top_probabilities[:2]
    if p1 - p2 < NEAR_TIE:
        assert f"splits almost evenly, “{first}” {percent(p1)} and “{second}” {percent(p2)}" in said
    else:
        right = next(t for t in (a, b) if t.expected == a.answer)
        wrong = next(t for t in (a, b) if t.expected != a.answer)
        assert (
            f"For both it answers “{a.answer}”: right for “{right.sentence}”, "
            f"wrong for “{wrong.sentence}”." in said
        )
    # each phrase asked what it names, and what each names said by the labeller's answers
    for panel, t in ((scene.left, a), (scene.right, b)):
        assert panel.chart.title.text == f"what does “{t.sentence}” name?"
    assert f"“{a.sentence}” names the {a.expected}, “{b.sentence}” the {b.expected}" in said
    assert a.expected != b.expected


def test_fat_cat_differ_on_screen_with_positions(media_dir: Path) -> None:
    a = trace("the fat cat", model="pairwise_positions")
    b = trace("the cat fat", model="pairwise_positions")
    scene = build_scene(PositionsAttached, media_dir)
    left, right = panel_values(scene.left), panel_values(scene.right)
    assert left[0] != right[0]  # the averages differ
    assert left[1][0] == a.answer and right[1][0] == b.answer  # the answers, as measured
    said = " ".join(p.written for p in scene.voice_placements)
    if a.answer == b.answer:  # said plainly when the model cannot tell them apart
        assert f"For both it answers “{a.answer}”" in said or "splits almost evenly" in said
    else:
        assert f"“{a.answer}” and “{b.answer}”" in said
    assert mismatches_vector(scene.left.mean, a.mean) == []
    assert mismatches_vector(scene.right.mean, b.mean) == []
    assert scene.left.judged.text == verdict(a) and scene.right.judged.text == verdict(b)
    # the averages are drawn where they differ most, and the difference said is measured
    difference = np.abs(a.mean - b.mean)
    most = sorted(np.argsort(-difference)[: PositionsAttached.mean_cells].tolist())
    assert sorted(left[0]) == most and sorted(right[0]) == most
    assert (
        f"by up to {difference.max():.2f}" in said or f"by at most {difference.max():.2f}" in said
    )
    assert any(text.startswith("the one-layer pairwise model, with") for text in scene.seen_texts)
    # the labeller's reading of "the cat fat" is said and shown whatever the model answers
    assert b.expected == "fat"
    assert "the fat of a cat" in said
    shown = " ".join(line.text for line in scene.reading)
    assert shown == f"({PositionsAttached.other_reading})"
    assert all(line.text in scene.seen_texts for line in scene.reading)


def test_positions_are_drawn_as_the_model_reads_them(media_dir: Path) -> None:
    scene = build_scene(PositionsAttached, media_dir)
    for sentence in ("the fat cat", "the cat fat"):
        t = trace(sentence, model="pairwise_positions")
        k = t.tokens.index("cat")
        assert f"position {int(t.position_index[k])}" in scene.seen_texts
    assert "position 0" in scene.seen_texts and "position 1" in scene.seen_texts  # from the end
    assert any(text.startswith(ILLUSTRATION_PREFIX) for text in scene.seen_texts)


def test_word_order_figures_are_the_measurement(media_dir: Path) -> None:
    scene = build_scene(PositionsAttached, media_dir)
    models = read_metrics()["evidence"]["word_order"]["models"]
    (chart,) = on_stage(scene, ProbabilityBars)  # the measured chart stays to the end
    for k, (name, _) in enumerate(PositionsAttached.compared):
        # whole sentences only: every pair but the phrases, whose share 2.5 gives apart
        phrases = models[name]["both_right_by_family"]["phrase"]
        right = round(models[name]["pairs_both_right"] * models[name]["pairs"]) - round(
            phrases["accuracy"] * phrases["count"]
        )
        count = models[name]["pairs"] - phrases["count"]
        assert chart.drawn_value(k) == pytest.approx(right / count, abs=1e-4)
        assert chart.value_label(k).text == percent(right / count)
        assert f"on {count:,} pairs of new sentences" in " ".join(scene.seen_texts)
    # the example under the chart is a pair of whole sentences, as measured, not a phrase
    first, second = read_metrics()["evidence"]["word_order"]["sentence_examples"][0].split(" / ")
    assert f"e.g. “{first}”" in scene.seen_texts and f"and “{second}”" in scene.seen_texts
    assert len(first.split()) > 3 and sorted(first.split()) == sorted(second.split())


def test_growth_counts_follow_the_sentence(media_dir: Path) -> None:
    scene = build_scene(GrowthProblem, media_dir, sentence="the dog chased its tail")
    counts = [squares_in(group[0]) for group in scene.groups[0]]
    assert counts == [5, 25, 625]
    attention = current_theme().attention.lower()
    collapsed = [m for m in on_stage(scene, Square) if fill_hex(m) == attention]
    assert len(collapsed) == 5  # the pair vectors end as one vector per word


def test_growth_counts_squares_and_labels_the_passage(media_dir: Path) -> None:
    scene = build_scene(GrowthProblem, media_dir)
    assert any(text.startswith(ILLUSTRATION_PREFIX) for text in scene.seen_texts)
    n = scene.trace.n
    assert f"{n}² = {n**2}" in scene.seen_texts and f"{n**2}² = {n**4}" in scene.seen_texts


@pytest.mark.render
@pytest.mark.parametrize("sentence", ["the fat cat", OTHER, "a dog and a cat ran"])
def test_permutations_follow_other_sentences(sentence: str, media_dir: Path) -> None:
    scene = build_scene(PermutationView, media_dir, sentence=sentence)
    check_orderings(scene, sentence)


@pytest.mark.render
@pytest.mark.parametrize("sentence", ["the fat cat", OTHER])
def test_growth_follows_other_sentences(sentence: str, media_dir: Path) -> None:
    scene = build_scene(GrowthProblem, media_dir, sentence=sentence)
    n = len(sentence.split())
    assert [squares_in(group[0]) for group in scene.groups[0]] == [n, n**2, n**4]


@pytest.mark.parametrize("scene_class", ch2_pairwise.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)


def test_positions_say_the_measured_reason_sentences_fail(media_dir: Path) -> None:
    scene = build_scene(PositionsAttached, media_dir)
    raw = read_metrics()["evidence"]["word_order"]["models"]["pairwise_positions"]
    shift = raw["average_shift"]
    said = " ".join(p.written for p in scene.voice_placements)
    phrase, sentence = shift["phrase"], shift["sentence"]
    assert f"a phrase's pairs by {percent(phrase['median_shift'], 0)} of its length" in said
    assert f"{sentence['median_words']}-word sentences" in said
    assert f"it moves {percent(sentence['median_shift'], 0)}" in said
    assert phrase["median_shift"] > 2 * sentence["median_shift"]  # the contrast said
    # the pairs a swap changes, counted on the screen: a row and a column for each word
    for kind, part in (("phrase", phrase), ("sentence", sentence)):
        n = part["median_words"]
        changed = sum(1 for i in range(n) for j in range(n) if {i, j} & {0, 1})
        assert any(
            text.startswith(f"a {n}-word {kind}: a swap changes {changed} of {n * n} pairs")
            for text in scene.seen_texts
        )
