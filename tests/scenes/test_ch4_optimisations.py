"""Chapter 4 shows the trace's values and counts that follow from the model sizes; the
drawn sides of 4.5 and 4.8 come from independent computations and agree; 4.6 boxes each
head's largest importance; the evidence and the recap show the stored metrics."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from manim import VGroup

from derived_transformer.model import MAX_WORDS, model_config, read_metrics, trace
from derived_transformer.model.costs import (
    COST_WIDTH,
    PLOT_LENGTHS,
    compared_layers,
    scoring_cost,
)
from derived_transformer.model.heads import heads_that_differ
from derived_transformer.model.metrics import exact_share
from derived_transformer.model.timings import layer_timings
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import verdict
from derived_transformer.scenes import ch4_optimisations
from derived_transformer.scenes.ch2_pairwise import GrowthProblem
from derived_transformer.scenes.ch4_optimisations import (
    LinearRepresentation,
    MultiHead,
    NetworkAfterAttention,
    QueryKeyValue,
    Recap,
    Redundancy,
    ScoringChoices,
    TheTransformer,
)
from derived_transformer.scenes.ch4_optimisations.shared import (
    CONVENTION,
    sentences,
    speed,
    timing_text,
    timings_shown,
)
from derived_transformer.scenes.text import parse_value
from derived_transformer.scenes.theme import current_theme, value_to_color
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly, scene_id
from tests.support.truth import (
    drawn_numbers,
    drawn_probabilities,
    fill_hex,
    mismatches_heatmap,
    mismatches_vector,
    offered_answer_mismatches,
)

OTHER = "the lion saw that the fire was roaring"


def texts(group) -> list[list[str]]:
    return [[cell.text for cell in row] for row in group]


def counted_by_hand(n: int) -> dict[int, int]:
    """Multiply-adds of each compared layer on ``n`` words (index as on the plot), counted
    from the configs apart from ``model.costs``: products per word, per pair (or pair of
    pairs), once."""
    q, a, t = (model_config(m) for m in ("pairwise2", "attention", "transformer"))
    w = COST_WIDTH
    return {
        0: n**4 * (2 * w * q.hidden + q.hidden * q.pair_dim + q.pair_dim),
        1: n * n * (2 * w * a.score_hidden + a.score_hidden)
        + n * n * (2 * w * a.hidden + a.hidden * a.pair_dim + a.pair_dim),
        2: n * (t.heads * w * 2 * (t.head_dim + t.key_dim))
        + n * (t.heads * t.head_dim * t.hidden + t.hidden * t.hidden)
        + n * n * t.heads * (t.key_dim + t.head_dim),
    }


def check_cost_plot(plot) -> None:
    """The plot's points are ``model.costs``'s counts, two of them recomputed by hand; each
    line has its own colour and marker, and its end label both."""
    layers = compared_layers()
    # each line named with how it grows, as the voice says it: n⁴, n², nearly n
    growths = ["n⁴", "n²", "nearly n"]
    assert [label[1].text for label in plot.end_labels] == [
        f"{layer.name}: {growth}" for layer, growth in zip(layers, growths, strict=True)
    ]
    for s_index, layer in enumerate(layers):
        for k, n in enumerate(PLOT_LENGTHS):
            assert plot.drawn_value(s_index, k) == pytest.approx(layer.at(n), rel=1e-9)
    for n in (4, 16):
        for s_index, expected in counted_by_hand(n).items():
            k = PLOT_LENGTHS.index(n)
            assert plot.drawn_value(s_index, k) == pytest.approx(expected, rel=1e-9)
    colors = [line[0].get_stroke_color().to_hex().lower() for line in plot.lines]
    shapes = [type(markers[0]) for markers in plot.markers]
    assert len(set(colors)) == len(set(shapes)) == len(layers)
    for s_index, (marker, name) in enumerate(plot.end_labels):
        assert type(marker) is shapes[s_index]
        assert fill_hex(marker) == fill_hex(name) == colors[s_index]
    assert plot.x_title.text == "words in the sentence"
    assert plot.y_title.text == "multiply-adds in one layer"


@pytest.mark.parametrize(
    "sentence", [LinearRepresentation.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_the_cost_plot_is_the_counted_layers(sentence: str, media_dir: Path) -> None:
    scene = build_scene(LinearRepresentation, media_dir, sentence=sentence)
    check_cost_plot(scene.cost_plot)
    n = len(sentence.split())
    _, attention, transformer = compared_layers()
    fewer = attention.at(n) / transformer.at(n)  # the factor said, written at the mark
    factor = f"{fewer:.1f}× fewer" if fewer > 1 else f"{1 / fewer:.1f}× as many"
    assert [m[1].text for m in scene.cost_plot.marks] == [f"this sentence: {n} words, {factor}"]
    spoken = " ".join(p.written for p in scene.voice_placements)
    ratio = transformer.at(n) / attention.at(n)
    said = (
        f"{ratio:.1f} times as many multiply-adds as"
        if ratio > 1
        else f"{1 / ratio:.1f} times fewer multiply-adds than"
    )
    assert f"the transformer layer takes {said} pairwise self-attention" in spoken
    assert " ".join(line.text for line in scene.convention) == CONVENTION
    timings = layer_timings()
    assert timing_text(timings) in spoken
    plot, source = scene.timing_plot
    batch = max(timings.batches)
    rows = sorted((r for r in timings.rows if r.batch == batch), key=lambda r: r.words)
    for k, row in enumerate(rows):
        assert plot.drawn_value(0, k) == pytest.approx(row.attention_seconds * 1e3, rel=1e-9)
        assert plot.drawn_value(1, k) == pytest.approx(row.transformer_seconds * 1e3, rel=1e-9)
    assert [label[1].text for label in plot.end_labels] == [
        "pairwise self-attention",
        "transformer layer",
    ]
    assert f"{batch} sentences" in plot.y_title.text
    won = timings.at(batch, MAX_WORDS)  # where it wins, marked at the longest sentence
    assert [m[1].text for m in plot.marks] == [speed(won)]
    at = [r.words for r in rows].index(MAX_WORDS)  # the mark stands on that length's points
    assert plot.marks[0][0].get_x() == pytest.approx(plot.marker(1, at).get_x(), abs=0.01)
    source = " ".join(line.text for line in source)
    assert timings.machine in source and timings.measured_on in source


def test_the_timings_said_are_the_committed_ones(media_dir: Path) -> None:
    """Where the transformer layer wins on the largest batch of the longest sentences shown
    and where it loses, from the committed file."""
    timings = layer_timings()
    line = timing_text(timings)
    batch = max(timings.batches)
    for row in timings_shown(timings):
        if row.transformer_wins and (row.batch, row.words) == (batch, MAX_WORDS):
            assert f"{row.speed_up:.1f} times faster on {sentences(row)}" in line
        elif not row.transformer_wins:
            assert f"{row.words}" in line.split("it is slower on")[1]
    lost = any(not r.transformer_wins for r in timings_shown(timings))
    assert ("it is slower on" in line) == lost


def test_no_storyboard_numbers_or_code_on_screen_or_in_the_voice(media_dir: Path) -> None:
    """Neither the screen nor the voice shows storyboard numbers ("(4.3)"), code names
    ("Linear(", "SDPA") or numbers in code notation ("1e-08"); the voice never reads a
    short count ("2.95M")."""
    for scene_class in (*ch4_optimisations.SCENES, GrowthProblem):
        scene = build_scene(scene_class, media_dir)
        spoken = [p.speech for p in scene.voice_placements]
        for text in spoken:
            assert not re.search(r"\d(\.\d+)?[kMG]\b", text), (scene_class.short_name, text)
        for text in [*scene.seen_texts, *spoken]:
            assert "SDPA" not in text, (scene_class.short_name, text)
            assert not re.search(r"\d[eE][-+]?\d", text), (scene_class.short_name, text)
            assert not re.search(r"\(\d\.\d+\b", text), (scene_class.short_name, text)
            assert "Linear(" not in text and "*" not in text, (scene_class.short_name, text)


def test_scoring_variants_show_their_metrics_and_costs(media_dir: Path) -> None:
    scene = build_scene(ScoringChoices, media_dir)
    models = read_metrics()["models"]
    _, lengths, _ = drawn_probabilities(scene.chart)
    expected = [
        models[m]["new_structures"]["overall"]["accuracy"]
        for m in ("transformer_network", "transformer")
    ]
    np.testing.assert_allclose(lengths, expected, atol=1e-4)
    n = len(ScoringChoices.sentence.split())
    network, bilinear = (
        scoring_cost(model_config(m)).at(n) for m in ("transformer_network", "transformer")
    )
    # the counts as bars on one scale, each written out
    assert [label.text for label in scene.counts.word_labels] == ["small network", "bilinear form"]
    assert [int(label.text.replace(",", "")) for label in scene.counts.value_labels] == [
        network,
        bilinear,
    ]
    drawn = [scene.counts.drawn_value(k) for k in range(2)]
    assert drawn[1] / drawn[0] == pytest.approx(bilinear / network, rel=1e-3)
    assert max(drawn) == pytest.approx(1.0)
    spoken = " ".join(p.written for p in scene.voice_placements)
    small, bilinear_share = expected
    said = "perform about the same" if abs(small - bilinear_share) < 0.02 else "did not perform"
    assert said in spoken  # the line follows the measurement
    if bilinear < network:
        assert f"the bilinear form needs {network / bilinear:.1f} times fewer" in spoken
    else:
        assert f"the small network needs {bilinear / network:.1f} times fewer" in spoken


def test_network_after_attention_shows_real_vectors(media_dir: Path) -> None:
    scene = build_scene(NetworkAfterAttention, media_dir)
    t = trace(NetworkAfterAttention.sentence, model="transformer")
    for j in range(t.n):
        assert mismatches_vector(scene.before[j], t.combined[j]) == []
        assert mismatches_vector(scene.after[j], t.outputs[j]) == []


def test_the_own_word_term_in_every_row_and_both_forms_agree(media_dir: Path) -> None:
    scene = build_scene(Redundancy, media_dir)
    t = trace(Redundancy.sentence, model="transformer")
    j = t.n - 1
    head_dim = t.values.shape[2]
    for i in range(t.n):
        assert mismatches_vector(scene.a_strips[i], t.values[0][i]) == []
        assert mismatches_vector(scene.b_strips[i], t.own_terms[j][:head_dim]) == []
    assert mismatches_vector(scene.own_once, t.own_terms[j][:head_dim]) == []
    assert mismatches_vector(scene.pairwise, t.combined_pairwise_form[j], digits=3) == []
    assert mismatches_vector(scene.optimised, t.combined[j], digits=3) == []
    assert drawn_numbers(scene.pairwise) == drawn_numbers(scene.optimised)


def test_multi_head_boxes_each_heads_largest_importance(media_dir: Path) -> None:
    scene = build_scene(MultiHead, media_dir)
    t = trace(MultiHead.sentence, model="transformer")
    layer, j, picks = heads_that_differ(t.layer_importances)
    assert (scene.layer, scene.column) == (layer, j) and len(set(picks)) > 1
    importances = t.layer_importances[layer]
    for h, ((heat, _), box) in enumerate(zip(scene.maps, scene.boxes, strict=True)):
        assert mismatches_heatmap(heat, importances[h]) == []
        row = int(np.argmax(importances[h][:, j]))
        assert np.allclose(box.get_center(), heat.cell(row, j).get_center())
        assert importances[h][row, j] >= 0.3  # a bright cell
        word, value = scene.pick_labels[h].text.rsplit(": ", 1)
        assert word.split(" (")[0] == t.tokens[row]  # the word, numbered if repeated
        assert abs(parse_value(value) - importances[h][row, j]) <= 0.005
    for h, part in enumerate(scene.parts):
        assert mismatches_vector(part, t.head_outputs[h][j]) == []
    spoken = " ".join(p.written for p in scene.voice_placements)
    word = t.tokens[j]
    if t.tokens.count(word) > 1:  # a repeated word is named by its position
        ordinal = ("first", "second", "third")[t.tokens[:j].count(word)]
        assert f"the {ordinal} “{word}”" in spoken
    else:
        assert f"column of “{word}”" in spoken
    titles = [title.text for _, title in scene.maps]
    assert titles == [f"layer {layer + 1}, head {h + 1}" for h in range(len(scene.maps))]


def clearest(importances: np.ndarray, j: int) -> int:
    """The head whose column ``j`` holds the largest single importance, found by a loop."""
    best = [max(importances[h][i, j] for i in range(importances.shape[1])) for h in range(4)]
    return best.index(max(best))


def drawn_column(texts_drawn) -> np.ndarray:
    return np.array([parse_value(text.text) for text in texts_drawn])


def test_the_transformer_is_built_on_the_grid_from_the_trace(media_dir: Path) -> None:
    """4.7: the grid's strips, cells, numbers, the column's sum, its B x_j and its output, and
    layer 2's inputs and importances are the trace's; the output drawn is the sum of the two
    parts drawn; layer 2's box stands on its largest importance in the last column."""
    scene = build_scene(TheTransformer, media_dir)
    t = trace(TheTransformer.sentence, model="transformer")
    j, v = t.n - 1, t.values.shape[2]
    h = clearest(t.importances, j)
    assert scene.title.text == f"transformer, layer 1, head {h + 1} of {t.importances.shape[0]}"
    for i in range(t.n):
        assert mismatches_vector(scene.grid.strips[0][i], t.values[h][i]) == []
        assert mismatches_vector(scene.second.strips[0][i], t.layer_outputs[0][i]) == []
    assert mismatches_heatmap(scene.grid.heat, t.importances[h]) == []
    np.testing.assert_allclose(drawn_column(scene.numbers), t.importances[h][:, j], atol=0.0051)
    own = t.own_terms[j][h * v : (h + 1) * v]
    assert mismatches_vector(scene.column_sum, t.head_outputs[h][j]) == []
    assert mismatches_vector(scene.own_strip, own) == []
    assert mismatches_vector(scene.output, t.combined[j][h * v : (h + 1) * v]) == []
    assert mismatches_vector(scene.output, t.head_outputs[h][j] + own) == []
    # the column's output comes down the column: right under the grid, clear of the captions
    assert scene.column_sum.get_top()[1] < scene.grid.heat.entries.get_bottom()[1]
    assert scene.column_sum.get_bottom()[1] > scene.axes.get_top()[1]
    h2 = clearest(t.layer_importances[1], j)
    assert scene.second_title.text == f"transformer, layer 2, head {h2 + 1} of 4"
    assert mismatches_heatmap(scene.second.heat, t.layer_importances[1][h2]) == []
    row = int(np.argmax(t.layer_importances[1][h2][:, j]))
    assert np.allclose(scene.box.get_center(), scene.second.heat.cell(row, j).get_center())
    strips = scene.grid.strips[0]
    assert strips[0].shown_indices == tuple(range(TheTransformer.shown))
    assert f"strips: components 0–{TheTransformer.shown - 1} of {v}" in scene.seen_texts


def test_the_transformer_answers_with_a_verdict(media_dir: Path) -> None:
    scene = build_scene(TheTransformer, media_dir)
    t = trace(TheTransformer.sentence, model="transformer")
    assert offered_answer_mismatches(scene.chart, t) == []
    assert verdict(t) in scene.seen_texts
    omitted = " ".join(scene.seen_texts)
    for item in ("output projection", "1/√d", "residual around the network", "layer normalisation"):
        assert item in omitted


LONGEST = "the noisy lamb that the old dog chased licked its paw"


@pytest.mark.parametrize(
    "sentence", [LONGEST, pytest.param("the fat cat", marks=pytest.mark.render)]
)
def test_layer_two_sits_inside_the_frame_clear_of_the_list(sentence: str, media_dir: Path) -> None:
    """4.7: layer 2's grid, its title and the answer keep a margin inside the safe frame,
    and stand clear of the dimmed layer 1 and of the list that later takes its place."""
    scene = build_scene(TheTransformer, media_dir, sentence=sentence)
    layout = current_theme().layout
    gaps = current_theme().gaps
    block = VGroup(scene.second, scene.second_title, scene.chart, scene.judged)
    assert block.get_right()[0] <= layout.right - gaps.medium
    assert block.get_left()[0] >= scene.omitted_items.get_right()[0] + gaps.medium
    assert block.get_left()[0] >= scene.grid.heat.get_right()[0] + gaps.medium
    assert block.get_bottom()[1] >= layout.bottom


@pytest.mark.parametrize(
    "sentence", [QueryKeyValue.sentence, pytest.param(OTHER, marks=pytest.mark.render)]
)
def test_query_key_value_on_the_grid_from_the_trace(sentence: str, media_dir: Path) -> None:
    """4.8: keys, values and the query are the trace's; the worked score is key . query (summed
    here) plus the offset score, the trace's score; the column's importances; our weighted
    sum of values and PyTorch's built-in attention drawn equal, each the trace's."""
    scene = build_scene(QueryKeyValue, media_dir, sentence=sentence)
    t = trace(sentence, model="transformer")
    j = t.n - 1
    h = clearest(t.importances, j)
    assert scene.title.text == f"transformer, layer 1, head {h + 1} of {t.importances.shape[0]}"
    assert [name.text for name in scene.grid.strip_labels] == ["key", "value = A xᵢ"]
    keys, values = scene.grid.strips
    for i in range(t.n):
        assert mismatches_vector(keys[i], t.keys[h][i]) == []
        assert mismatches_vector(values[i], t.values[h][i]) == []
    assert mismatches_vector(scene.query, t.queries[h][j]) == []
    r = int(np.argmax(t.importances[h][:, j]))
    product = sum(float(k) * float(q) for k, q in zip(t.keys[h][r], t.queries[h][j], strict=True))
    dot, form, offset, score = (parse_value(line.text.split(":  ")[-1]) for line in scene.worked)
    assert dot == pytest.approx(product, abs=0.0051)
    # the same number from W = Kᵀ Q formed as one matrix (the trace's second path)
    assert form == pytest.approx(float(t.bilinear_forms[h][r, j]), abs=0.0051)
    assert form == pytest.approx(product, abs=0.011)
    assert "xᵢ · W xⱼ" in scene.worked[1].text
    assert offset == pytest.approx(float(t.offset_scores[h][r, j]), abs=0.0051)
    assert score == pytest.approx(float(t.scores[h][r, j]), abs=0.0051)
    assert abs(dot + offset - score) <= 0.011
    apart = {0: "paired with itself", 1: "1 word before"}.get(j - r, f"{j - r} words before")
    assert f"“{t.tokens[r]}” {apart}" in scene.worked[2].text
    for i in range(t.n):
        assert fill_hex(scene.grid.heat.cell(i, j)) == value_to_color(t.importances[h][i, j], 1.0)
    np.testing.assert_allclose(drawn_column(scene.numbers), t.importances[h][:, j], atol=0.0051)
    assert mismatches_vector(scene.ours, t.head_outputs[h][j], digits=3) == []
    assert mismatches_vector(scene.theirs, t.sdpa_outputs[h][j], digits=3) == []
    assert drawn_numbers(scene.ours) == drawn_numbers(scene.theirs)
    assert np.max(np.abs(t.head_outputs[h][j] - t.sdpa_outputs[h][j])) <= 1e-5
    assert "PyTorch's built-in\nattention" in scene.seen_texts


def test_recap_shows_each_stop_with_its_measured_figure(media_dir: Path) -> None:
    scene = build_scene(Recap, media_dir)
    models = read_metrics()["models"]
    shown = " ".join(sorted(scene.seen_texts))
    for name in ("attention", "transformer"):
        overall = models[name]["new_structures"]["overall"]  # as 4.3 shows them
        assert percent(exact_share(overall["accuracy"], overall["count"])) in shown
    assert len(scene.stop_notes) == len(scene.road.boxes) == 4
    _, attention, transformer = compared_layers()
    fewer = f"{attention.at(MAX_WORDS) / transformer.at(MAX_WORDS):.0f} times fewer"
    assert f"{fewer} multiply-adds at {MAX_WORDS} words" in " ".join(
        line.text for line in scene.stop_notes[3][1]
    )
    # every figure on screen is said: each number of the notes is in the voice
    said = " ".join(p.written for p in scene.voice_placements)
    for note in scene.stop_notes:
        figures = re.findall(r"\d+(?:\.\d+)?%?(?![\d.-])", " ".join(t.text for t in note[1]))
        for number in figures:  # (a length in words and the layer count are names)
            if number not in (str(MAX_WORDS), "2"):
                assert number in said, number


@pytest.mark.parametrize("scene_class", ch4_optimisations.SCENES, ids=scene_id)
def test_scene_builds_with_a_clean_layout(scene_class, media_dir: Path) -> None:
    check_builds_cleanly(scene_class, media_dir)
