"""The evidence's definitions hold for the models themselves, and the figures are the run's."""

from __future__ import annotations

import json
import re
from collections import Counter

import numpy as np
import pytest
import torch

from derived_transformer.model.checkpoints import CHECKPOINT_DIR, cached_model
from derived_transformer.model.data import Example, corpus
from derived_transformer.model.encode import encode
from derived_transformer.model.evidence import (
    EVERY_MODEL_REACH,
    PAIRS_PER_REACH,
    PER_DISTANCE,
    SWEEP_DISTANCES,
    TWIN_REACHES,
    average_shifts,
    changed_pairs,
    fat_pairs,
    long_range_examples,
    order_pair,
    reach,
    readable,
    sweep_examples,
    twin,
    windows,
)
from derived_transformer.model.labels import label_words
from derived_transformer.model.nets import CNNConfig, PairwiseConfig, PairwiseConv, TextCNN
from derived_transformer.model.registry import CNN_DEPTHS, D_POS, V, spec
from derived_transformer.model.tracing import trace
from derived_transformer.model.vocab import MAX_WORDS
from derived_transformer.model.word_groups import ROARING_ANIMALS
from tests.support.paths import ROOT


def evidence() -> dict:
    return json.loads((CHECKPOINT_DIR / "metrics.json").read_text())["evidence"]


def test_windows() -> None:
    words = tuple(["a", "b", "c", "d"])
    assert windows(words, 2) == {("a", "b"), ("b", "c"), ("c", "d")}
    assert windows(words, 9) == {words}


def test_twins_have_the_other_answer() -> None:
    """Each sentence is followed by its twin, which the labeller answers with the other
    animal; neither was trained on."""
    examples = long_range_examples()
    training = {e.text for e in corpus().training}
    for example, other in zip(examples[::2], examples[1::2], strict=True):
        assert other.words == twin(example) and other.candidates == example.candidates
        assert {example.answer, other.answer} == {example.words[k] for k in example.candidates}
        for e in (example, other):
            assert label_words(e.words).answer == e.answer
            assert e.text not in training
    assert len({e.text for e in examples}) == len(examples)


def naive_reach(words: tuple[str, ...], other: tuple[str, ...]) -> int:
    """The reach by brute force: the first window size at which some window of one sentence
    is found nowhere in the other, each window searched for position by position."""
    n = len(words)
    for size in range(1, n + 1):
        starts = range(n - size + 1)
        for one, two in ((words, other), (other, words)):
            if any(all(one[i : i + size] != two[j : j + size] for j in starts) for i in starts):
                return size
    return n + 1


def test_reach_is_the_first_window_the_twins_do_not_share() -> None:
    examples = long_range_examples()
    for example in examples[::2][:: len(examples) // 200]:
        assert reach(example) == naive_reach(example.words, twin(example)), example.text


def test_the_twins_cover_every_reach_from_3_to_20() -> None:
    """Every reach gets its pairs; from 5 the two animals stand ``reach - 1`` words apart;
    every model reads the sentences of the reaches that fit in its words, the CNNs all."""
    examples = long_range_examples()
    by_reach = Counter(reach(e) for e in examples)
    assert by_reach == {r: 2 * PAIRS_PER_REACH for r in TWIN_REACHES}
    assert PAIRS_PER_REACH >= 100
    for example in examples:
        r, (a, b) = reach(example), example.candidates
        if r >= 5:
            assert b - a == r - 1, example.text
        assert (len(example.words) <= MAX_WORDS) == (r <= EVERY_MODEL_REACH), example.text
        assert readable("cnn2", example)
        assert readable("transformer", example) == (r <= EVERY_MODEL_REACH)


def test_the_twins_are_the_same_each_time() -> None:
    first = long_range_examples()
    long_range_examples.cache_clear()
    assert long_range_examples() == first


@pytest.mark.parametrize("layers", [2, 3, 4, 5])
def test_reach_is_what_a_pooling_cnn_can_tell(layers: int) -> None:
    """A CNN (random weights) whose receptive field is below a sentence's reach gives the
    sentence and its twin the same output; at or above it, the outputs differ."""
    torch.manual_seed(layers)
    net = TextCNN(CNNConfig(V, layers=layers)).eval()
    field = net.config.receptive_field
    model_spec = spec("cnn")  # any CNN spec: the encoding of one-hot words
    below, above = [], []
    for example in long_range_examples():
        (below if reach(example) > field else above).append(example)
    for group, same in ((below, True), (above, False)):
        if not group:
            continue
        sentences = [e.words for e in group[:40]] + [twin(e) for e in group[:40]]
        x, mask = encode(model_spec, sentences)
        with torch.no_grad():
            out = net.vocabulary_logits(x, mask)
        half = len(sentences) // 2
        gaps = (out[:half] - out[half:]).abs().amax(dim=1)
        if same:
            assert float(gaps.max()) < 1e-5
        else:
            assert float(gaps.min()) > 1e-6
    assert below or above


def test_sweep_sentences_are_answered_as_built() -> None:
    """Each sentence's deciding word stands at its distance, the labeller gives its answer,
    both animals can roar, and for "the first / the second" swapping them swaps the answer."""
    training = {e.text for e in corpus().training}
    examples = sweep_examples()
    per_key = Counter((name, e.distance) for name, e in examples)
    assert max(per_key.values()) <= PER_DISTANCE
    assert {d for _, d in per_key} == set(SWEEP_DISTANCES)
    for name, example in examples:
        assert example.distance in SWEEP_DISTANCES and len(example.words) <= MAX_WORDS
        assert example.text not in training
        assert label_words(example.words).answer == example.answer
        animals = [w for w in example.words if w in ROARING_ANIMALS]
        assert len(animals) == 2, example.text
        if name == "the first / the second":
            a, b = (example.words.index(w) for w in animals)
            swapped = list(example.words)
            swapped[a], swapped[b] = swapped[b], swapped[a]
            assert label_words(tuple(swapped)).answer not in (None, example.answer)


def test_reach_covers_the_fields_of_the_cnns() -> None:
    fields = {2 * d + 1 for d in CNN_DEPTHS.values()}
    assert min(TWIN_REACHES) < min(fields) and max(fields) + 5 < max(TWIN_REACHES)


def test_pairwise_without_positions_cannot_tell_order_pairs_apart() -> None:
    torch.manual_seed(0)
    net = PairwiseConv(PairwiseConfig(V, V, positions=False)).eval()
    training = {e.text for e in corpus().training}
    pairs = [p for e in corpus().held_out[:400] if (p := order_pair(e, training))]
    assert len(pairs) >= 50
    example = next(e for e in corpus().held_out if order_pair(e, training))
    other, answer = order_pair(example, training)
    assert answer != example.answer and sorted(other) == sorted(example.words)
    x, mask = encode(spec("pairwise"), [example.words, other])
    with torch.no_grad():
        out = net.vocabulary_logits(x, mask)
    assert float((out[0] - out[1]).abs().max()) < 1e-5
    positioned = PairwiseConv(PairwiseConfig(D_POS, V, positions=True)).eval()
    x, mask = encode(spec("pairwise_positions"), [example.words, other])
    with torch.no_grad():
        out = positioned.vocabulary_logits(x, mask)
    assert float((out[0] - out[1]).abs().max()) > 1e-4


def test_the_run_measured_every_claim() -> None:
    ev = evidence()
    long_range = ev["long_range"]
    assert set(long_range["receptive_fields"]) == set(CNN_DEPTHS)
    for name in ("cnn2", "cnn3", "cnn4", "cnn", "attention", "transformer"):
        read = [e for e in long_range_examples() if readable(name, e)]
        assert sum(v["count"] for v in long_range["models"][name].values()) == len(read)
    assert long_range["sentences"] == len(long_range_examples())
    first, other = long_range["example"]
    pairs = list(zip(long_range_examples()[::2], long_range_examples()[1::2], strict=True))
    pair = next(p for p in pairs if p[0].text == first)
    assert pair[1].text == other and reach(pair[0]) == 5
    distance = ev["distance"]
    assert distance["sentences"] == len(sweep_examples())
    for name in ("cnn2", "attention", "transformer"):
        measured = distance["models"][name]
        assert sum(s["count"] for c in measured.values() for s in c.values()) == len(
            sweep_examples()
        )
    order = ev["word_order"]
    assert order["pairs"] >= 100
    assert order["models"]["pairwise"]["pairs_same_answer"] == 1.0
    assert order["models"]["pairwise"]["pairs_both_right"] == 0.0
    assert "cost" not in ev  # counted by model.costs, timed by a benchmark: never by training


def test_readme_shows_the_evidence_of_the_run() -> None:
    from derived_transformer.model.report import evidence_tables

    readme = (ROOT / "README.md").read_text()
    body = re.search(r"<!-- evidence-tables -->\n(.*?)<!-- /evidence-tables -->", readme, re.S)
    assert body is not None
    assert (
        body.group(1).strip()
        == evidence_tables(json.loads((CHECKPOINT_DIR / "metrics.json").read_text())).strip()
    )


def test_average_shift_is_the_traces_averages_apart() -> None:
    """The batched shift of the average equals the one read from the two sentences' traces
    (their pair vectors averaged), for a phrase and for a sentence pair."""
    training = {e.text for e in corpus().training}
    phrase = next(fat_pairs(training))
    example = next(e for e in corpus().held_out if e.family != "phrase" and order_pair(e, training))
    words, answer = order_pair(example, training)
    sentence = (example, Example(words, answer, words.index(answer), example.family, ""))
    name = "pairwise_positions"
    shifts = average_shifts(name, cached_model(name), [phrase, sentence])
    for (a, b), shift in zip((phrase, sentence), shifts, strict=True):
        first, second = (trace(e.text, model=name).pair_vectors.mean(axis=(0, 1)) for e in (a, b))
        expected = float(np.linalg.norm(first - second) / np.linalg.norm(first))
        assert shift == pytest.approx(expected, rel=1e-4)
    assert average_shifts("pairwise", cached_model("pairwise"), [phrase]) == [
        pytest.approx(0, abs=1e-6)
    ]


@pytest.mark.parametrize("n", [3, 5, 21])
def test_changed_pairs_are_the_pairs_holding_a_swapped_word(n: int) -> None:
    swapped = {0, n - 1}
    counted = sum(1 for i in range(n) for j in range(n) if i in swapped or j in swapped)
    assert changed_pairs(n) == counted
