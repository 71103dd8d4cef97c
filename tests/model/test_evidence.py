"""The evidence's definitions hold for the models themselves, and the figures are the run's."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import torch

from derived_transformer.model.checkpoints import CHECKPOINT_DIR
from derived_transformer.model.data import corpus
from derived_transformer.model.encode import encode
from derived_transformer.model.evidence import (
    PER_DISTANCE,
    SWEEP_DISTANCES,
    long_range_examples,
    order_pair,
    reach,
    sweep_examples,
    twin,
    windows,
)
from derived_transformer.model.labels import label_words
from derived_transformer.model.nets import CNNConfig, PairwiseConfig, PairwiseConv, TextCNN
from derived_transformer.model.registry import CNN_DEPTHS, D_POS, V, spec
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
    examples = long_range_examples()
    assert len(examples) >= 300
    for example in examples[:: len(examples) // 40]:
        other = twin(example)
        assert sorted(other) == sorted(example.words)
        assert label_words(other).answer != example.answer
        assert label_words(example.words).answer == example.answer


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
            out = net(x, mask)
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
    reaches = {reach(e) for e in long_range_examples()}
    fields = {2 * d + 1 for d in CNN_DEPTHS.values()}
    assert min(reaches) <= min(fields) < max(reaches)


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
        out = net(x, mask)
    assert float((out[0] - out[1]).abs().max()) < 1e-5
    positioned = PairwiseConv(PairwiseConfig(D_POS, V, positions=True)).eval()
    x, mask = encode(spec("pairwise_positions"), [example.words, other])
    with torch.no_grad():
        out = positioned(x, mask)
    assert float((out[0] - out[1]).abs().max()) > 1e-4


def test_the_run_measured_every_claim() -> None:
    ev = evidence()
    long_range = ev["long_range"]
    assert set(long_range["receptive_fields"]) == set(CNN_DEPTHS)
    for name in ("cnn2", "cnn3", "cnn4", "cnn", "attention", "transformer"):
        assert sum(v["count"] for v in long_range["models"][name].values()) == len(
            long_range_examples()
        )
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
