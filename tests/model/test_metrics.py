"""The typed measurements hold exactly what ``metrics.json`` and ``ablations.json`` say."""

from __future__ import annotations

import json

import pytest

from derived_transformer.model.checkpoints import CHECKPOINT_DIR, read_ablations
from derived_transformer.model.metrics import Measurements, Score, exact_share, measurements


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads((CHECKPOINT_DIR / "metrics.json").read_text())


def test_every_model_and_group_is_read_as_written(raw: dict) -> None:
    typed = measurements()
    assert set(typed.models) == set(raw["models"])
    for name, model in raw["models"].items():
        read = typed.models[name]
        assert read.title == model["title"]
        assert (read.blind is None) == ("blind" not in model)
        for held_out in ("new_sentences", "new_structures", "blind"):
            if held_out not in model:
                continue
            groups = {k: v for k, v in model[held_out].items() if isinstance(v, dict)}
            assert set(getattr(read, held_out).groups) == set(groups)
            for group, score in groups.items():
                got = getattr(read, held_out).group(group)
                assert (round(got.accuracy, 4), got.count) == (score["accuracy"], score["count"])
        for layer, kinds in model.get("per_word_attention", {}).items():
            hits = read.attention_hits[layer]
            assert hits.same_row_share == kinds["same_row_share"]
            for kind, rates in kinds.items():
                if isinstance(rates, dict):
                    assert hits.kinds[kind].heads == rates["heads"]


def test_every_model_is_measured_on_the_blind_set(raw: dict) -> None:
    for name, model in measurements().models.items():
        assert model.blind is not None, name
        sections = [g for g in model.blind.groups if g.startswith("template:")]
        assert sum(model.blind.group(g).count for g in sections) == model.blind.overall.count
    assert measurements().models["transformer"].blind.overall.count >= 200


def test_evidence_is_read_as_written(raw: dict) -> None:
    evidence = measurements().evidence
    long_range = raw["evidence"]["long_range"]
    for model, reaches in long_range["models"].items():
        for reach, score in reaches.items():
            got = evidence.long_range.by_model[model][int(reach)]
            assert round(got.accuracy, 4) == score["accuracy"]
            assert got.right == round(score["accuracy"] * score["count"])
    assert dict(evidence.long_range.receptive_fields) == long_range["receptive_fields"]
    assert list(evidence.long_range.example) == long_range["example"]
    distance = raw["evidence"]["distance"]
    assert evidence.distance.sentences == distance["sentences"]
    for model, constructions in distance["models"].items():
        for construction, by_distance in constructions.items():
            for d, score in by_distance.items():
                got = evidence.distance.by_model[model][construction][int(d)]
                assert (got.right, got.count) == (
                    round(score["accuracy"] * score["count"]),
                    score["count"],
                )
            lowest = min(s["accuracy"] for s in by_distance.values())
            assert round(evidence.distance.lowest(model, construction).accuracy, 4) == lowest
    order = raw["evidence"]["word_order"]
    assert evidence.word_order.pairs == order["pairs"]
    assert [" / ".join(e) for e in evidence.word_order.examples] == order["examples"]
    assert [" / ".join(e) for e in evidence.word_order.sentence_examples] == order[
        "sentence_examples"
    ]
    for model, result in order["models"].items():
        got = evidence.word_order.by_model[model]
        assert round(got.pairs_both_right, 4) == result["pairs_both_right"]
        assert round(got.pairs_both_right * got.pairs, 9) == round(
            result["pairs_both_right"] * got.pairs
        )
        # whole sentences: all pairs but the phrases, counted from the totals
        phrases = result["both_right_by_family"]["phrase"]
        phrase_right = round(phrases["accuracy"] * phrases["count"])
        both_right = round(result["pairs_both_right"] * result["pairs"])
        assert got.sentence_pairs.count == result["pairs"] - phrases["count"]
        assert got.sentence_pairs.right == both_right - phrase_right
        shifts = result.get("average_shift", {})
        assert {
            k: (a.median_shift, a.median_words, a.count) for k, a in got.average_shift.items()
        } == {k: (a["median_shift"], a["median_words"], a["count"]) for k, a in shifts.items()}
    assert measurements().evidence.word_order.by_model["pairwise_positions"].average_shift


def test_weighted_accuracy_over_reaches_counts_each_sentence_once(raw: dict) -> None:
    by_reach = raw["evidence"]["long_range"]["models"]["cnn2"]
    right = [round(v["accuracy"] * v["count"]) for v in by_reach.values()]
    for v, r in zip(by_reach.values(), right, strict=True):
        assert round(r / v["count"], 4) == v["accuracy"]  # the count behind the accuracy
    total = sum(v["count"] for v in by_reach.values())
    reaches = range(min(map(int, by_reach)), max(map(int, by_reach)) + 1)
    assert measurements().evidence.long_range.accuracy_over("cnn2", reaches) == sum(right) / total


def test_a_share_of_sentences_is_rounded_once() -> None:
    """2144 of 2463 is 87.05%: 87.0% to one decimal, not 87.1% from a rounded accuracy."""
    score = Score.parse({"accuracy": round(2144 / 2463, 4), "count": 2463})
    assert score.right == 2144
    assert score.accuracy == 2144 / 2463
    assert f"{score.accuracy:.1%}" == "87.0%"
    with pytest.raises(ValueError):
        exact_share(0.5, 10_000)


def test_ablations_are_variants_or_nothing() -> None:
    ablations = read_ablations()
    typed = measurements()
    if ablations is None:
        assert dict(typed.variants) == {}
    else:
        assert set(typed.variants) == set(ablations["variants"])
    without = Measurements.parse(json.loads((CHECKPOINT_DIR / "metrics.json").read_text()), None)
    assert dict(without.variants) == {}


def test_records_are_frozen() -> None:
    typed = measurements()
    with pytest.raises(AttributeError):
        typed.evidence.distance.sentences = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        typed.models["transformer"] = typed.models["cnn"]  # type: ignore[index]
