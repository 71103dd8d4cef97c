"""The training summary as typed, frozen records: read ``metrics.json`` (and ``ablations.json``)
once, then read attributes, never dictionaries.

>>> m = measurements()
>>> m.models["transformer"].new_structures.overall.accuracy > 0.5
True
>>> m.models["transformer"].blind.overall.count > 200
True
>>> m.evidence.long_range.receptive_fields["cnn2"]
5

Held-out results keep the summary's group names: ``overall``, ``family:roaring``,
``distance:3-4``, ``group:objects``, ``template:...`` (:meth:`HeldOut.group`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from derived_transformer.model.checkpoints import read_ablations, read_metrics


def _frozen(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)


def exact_share(rate: float, count: int) -> float:
    """The share a stored rate (rounded to four decimals) stands for, from the whole number of
    sentences behind it, so that it is rounded only once more when shown (exact for fewer than
    10,000 sentences).

    >>> f"{0.8705:.1%}", f"{exact_share(0.8705, 2463):.1%}"  # 2144 of 2463
    ('87.1%', '87.0%')
    """
    if count >= 10_000:
        raise ValueError(f"{count} sentences: a rate to four decimals no longer gives the count")
    return round(rate * count) / count if count else rate


@dataclass(frozen=True)
class Score:
    """An accuracy and the number of sentences it was measured on (the accuracy is the exact
    share of right answers, not the rounded one ``metrics.json`` stores)."""

    accuracy: float
    count: int

    @property
    def right(self) -> int:
        """The number of right answers.

        >>> Score.parse({"accuracy": 0.8705, "count": 2463}).right
        2144
        """
        return round(self.accuracy * self.count)

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Score:
        count = int(raw["count"])
        return cls(exact_share(float(raw["accuracy"]), count), count)


@dataclass(frozen=True)
class HeldOut:
    """One model's results on one held-out set, overall and by group."""

    groups: Mapping[str, Score]

    @property
    def overall(self) -> Score:
        return self.groups["overall"]

    def group(self, name: str) -> Score:
        """The result on one group, e.g. ``"family:tail"`` or ``"distance:12+"``."""
        return self.groups[name]

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> HeldOut:
        groups = {k: Score.parse(v) for k, v in raw.items() if isinstance(v, Mapping)}
        return cls(_frozen(groups))


@dataclass(frozen=True)
class WordKindHits:
    """How often a layer's attention picks the right word for one kind of word's question."""

    heads: float
    """The heads' importances averaged: the share of columns whose largest is right."""
    best_head: int
    best_head_rate: float
    count: int


@dataclass(frozen=True)
class LayerHits:
    """One attention layer's hit rates, by kind of word (``model.WORD_CLASSES``)."""

    kinds: Mapping[str, WordKindHits]
    same_row_share: float
    """Share of columns whose largest importance falls on the row most columns pick."""

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> LayerHits:
        kinds = {
            k: WordKindHits(
                float(v["heads"]), int(v["best_head"]), float(v["best_head_rate"]), int(v["count"])
            )
            for k, v in raw.items()
            if isinstance(v, Mapping)
        }
        return cls(_frozen(kinds), float(raw["same_row_share"]))


@dataclass(frozen=True)
class ModelMetrics:
    """One trained model's figures."""

    name: str
    title: str
    new_sentences: HeldOut
    new_structures: HeldOut
    hand_written: Score | None
    blind: HeldOut | None
    """The blind set (only measured), overall and by its sections (``template:<section>``)."""
    attention_hits: Mapping[str, LayerHits]
    """Per layer (``"layer 1"``, ...), for models with attention; empty else."""

    @classmethod
    def parse(cls, name: str, raw: Mapping[str, Any]) -> ModelMetrics:
        hand = raw.get("hand_written")
        blind = raw.get("blind")
        hits = {k: LayerHits.parse(v) for k, v in raw.get("per_word_attention", {}).items()}
        return cls(
            name=name,
            title=str(raw["title"]),
            new_sentences=HeldOut.parse(raw["new_sentences"]),
            new_structures=HeldOut.parse(raw["new_structures"]),
            hand_written=None if hand is None else Score.parse(hand),
            blind=None if blind is None else HeldOut.parse(blind),
            attention_hits=_frozen(hits),
        )


@dataclass(frozen=True)
class LongRange:
    """Accuracy by reach: the smallest window, in words, that holds both words deciding the
    answer (a reach of ``r`` puts them ``r - 1`` words apart)."""

    sentences: int
    example: tuple[str, str]
    """A sentence and its twin, of reach 5."""
    reach_counts: Mapping[int, int]
    receptive_fields: Mapping[str, int]
    by_model: Mapping[str, Mapping[int, Score]]

    def accuracy_over(self, model: str, reaches: range) -> float:
        """The accuracy over the sentences of the given reaches: right answers over
        sentences, counted (not the stored, rounded accuracies re-weighted, which would round
        twice)."""
        rows = [self.by_model[model][r] for r in reaches if r in self.by_model[model]]
        return sum(row.right for row in rows) / sum(row.count for row in rows)

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> LongRange:
        by_model = {
            m: _frozen({int(r): Score.parse(v) for r, v in reaches.items()})
            for m, reaches in raw["models"].items()
        }
        return cls(
            sentences=int(raw["sentences"]),
            example=(str(raw["example"][0]), str(raw["example"][1])),
            reach_counts=_frozen({int(r): int(c) for r, c in raw["reach_counts"].items()}),
            receptive_fields=_frozen({m: int(f) for m, f in raw["receptive_fields"].items()}),
            by_model=_frozen(by_model),
        )


@dataclass(frozen=True)
class OrderResult:
    """One model on pairs of held-out sentences that differ only in word order (exact shares
    of the pairs, or of their ``2 * pairs`` sentences)."""

    pairs: int
    pairs_both_right: float
    pairs_same_answer: float
    sentences_right: float
    both_right_by_family: Mapping[str, Score]
    """Pairs both right, by family (``phrase``: "the fat cat" / "the cat fat")."""
    average_shift: Mapping[str, AverageShift]
    """For the one-layer pairwise models: how far a swap moves the average of the pair
    vectors, for ``phrase`` and ``sentence`` pairs (empty for the other models)."""

    @property
    def sentence_pairs(self) -> Score:
        """Pairs both right among whole sentences: every family but the ``phrase`` pairs
        (none of none for a model measured on phrases alone)."""
        kept = [score for family, score in self.both_right_by_family.items() if family != "phrase"]
        count = sum(score.count for score in kept)
        return Score(sum(score.right for score in kept) / count if count else 0.0, count)


@dataclass(frozen=True)
class AverageShift:
    """How far swapping two words moves a pairwise model's average of pair vectors (its
    length relative to the average's), the median over ``count`` pairs whose median length
    is ``median_words``."""

    median_shift: float
    median_words: int
    count: int


@dataclass(frozen=True)
class WordOrder:
    pairs: int
    examples: tuple[tuple[str, str], ...]
    """Example pairs, each as its two sentences."""
    by_model: Mapping[str, OrderResult]
    sentence_examples: tuple[tuple[str, str], ...] = ()
    """Example pairs of whole sentences (no phrases), each as its two sentences."""

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> WordOrder:
        models = {
            m: OrderResult(
                int(v["pairs"]),
                exact_share(float(v["pairs_both_right"]), int(v["pairs"])),
                exact_share(float(v["pairs_same_answer"]), int(v["pairs"])),
                exact_share(float(v["sentences_right"]), 2 * int(v["pairs"])),
                _frozen({f: Score.parse(s) for f, s in v["both_right_by_family"].items()}),
                _frozen(
                    {
                        kind: AverageShift(
                            float(a["median_shift"]), int(a["median_words"]), int(a["count"])
                        )
                        for kind, a in v.get("average_shift", {}).items()
                    }
                ),
            )
            for m, v in raw["models"].items()
        }
        examples, sentence_examples = (
            tuple(tuple(e.split(" / ", 1)) for e in raw.get(key, ()))
            for key in ("examples", "sentence_examples")
        )
        return cls(
            int(raw["pairs"]),
            examples,  # type: ignore[arg-type]
            _frozen(models),
            sentence_examples,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class DistanceSweep:
    """Accuracy by construction and by distance: the number of words between the deciding
    word and the last word (``model.evidence``'s relative clauses and "the first / the
    second", stretched by phrases that decide nothing)."""

    sentences: int
    by_model: Mapping[str, Mapping[str, Mapping[int, Score]]]
    """model -> construction -> distance -> score."""

    def lowest(self, model: str, construction: str) -> Score:
        """The model's worst distance for one construction."""
        return min(self.by_model[model][construction].values(), key=lambda s: s.accuracy)

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> DistanceSweep:
        by_model = {
            model: _frozen(
                {
                    name: _frozen({int(d): Score.parse(s) for d, s in by_distance.items()})
                    for name, by_distance in constructions.items()
                }
            )
            for model, constructions in raw["models"].items()
        }
        return cls(int(raw["sentences"]), _frozen(by_model))


@dataclass(frozen=True)
class Evidence:
    """The measurements of 4.9: reach, word order and distance (the cost of the layers is
    counted by ``model.costs`` and timed by a benchmark, not by training)."""

    long_range: LongRange
    word_order: WordOrder
    distance: DistanceSweep


@dataclass(frozen=True)
class Variant:
    """A design choice's variant, trained for the ablations (not shipped)."""

    name: str
    model: str
    changes: str
    new_sentences: HeldOut
    new_structures: HeldOut


@dataclass(frozen=True)
class Measurements:
    """Everything the training and evidence runs measured."""

    models: Mapping[str, ModelMetrics]
    evidence: Evidence
    variants: Mapping[str, Variant]
    """The ablations' variants (empty when ``ablations.json`` has not been made)."""

    @classmethod
    def parse(cls, summary: Mapping[str, Any], ablations: Mapping[str, Any] | None) -> Measurements:
        evidence = summary["evidence"]
        variants = {
            name: Variant(
                name,
                str(v["model"]),
                str(v["changes"]),
                HeldOut.parse(v["new_sentences"]),
                HeldOut.parse(v["new_structures"]),
            )
            for name, v in (ablations or {}).get("variants", {}).items()
        }
        return cls(
            models=_frozen({n: ModelMetrics.parse(n, m) for n, m in summary["models"].items()}),
            evidence=Evidence(
                LongRange.parse(evidence["long_range"]),
                WordOrder.parse(evidence["word_order"]),
                DistanceSweep.parse(evidence["distance"]),
            ),
            variants=_frozen(variants),
        )


@cache
def measurements(directory: Path | None = None) -> Measurements:
    """The training summary (``metrics.json``, the user's own over the shipped one, see
    :func:`~derived_transformer.model.checkpoints.read_metrics`) and the ablations, typed."""
    return Measurements.parse(read_metrics(directory), read_ablations(directory))
