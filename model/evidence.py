"""The evidence for the video's claims, measured on the trained models in one run.

1. **Long range** (beat 1.5 and 4.9). A text CNN that pools over positions sees a sentence
   as the *set* of windows of its receptive field: two sentences with the same set of
   ``r``-word windows get the same output from every such CNN of field ``r``, whatever its
   weights. The twins: two animals in clauses alike but for their subject, the same
   predicate said three times and stretched by words that decide nothing ("we sat quietly
   near the old farm and the lion sat quietly near the old farm and the tiger sat quietly
   near the old farm and the first was roaring"); the *twin* swaps the two animals and so
   has the other answer. The sentence's **reach** is the smallest window size at which the
   sentence and its twin differ (:func:`reach`): a CNN whose field is smaller cannot tell
   them apart, so exactly one of the two can be right. From a reach of 5, the two animals
   stand ``r - 1`` words apart; the reaches 3 and 4 come from sentences that open with the
   first animal, whose twins differ first in the "and the" before the second. Every reach
   from 3 to 20 gets :data:`PAIRS_PER_REACH` pairs never trained on, both sentences of each
   measured. A reach of ``r`` takes ``3r - 2`` words: the models were trained on at most
   :data:`MAX_WORDS` words, so the attention models are measured up to reach
   :data:`EVERY_MODEL_REACH` (:func:`readable`), the CNNs at every reach (beyond their
   field they give twins one answer at any length; within it, from reach 9, they read
   sentences longer than any they were trained on). Accuracy is measured against reach for
   the CNNs of 2 to 5 layers and for the attention models.
2. **Word order** (2.4, 2.5). Order-only pairs: a held-out sentence and the sentence with
   two of its words swapped, when the labeller gives the swap another answer ("the lion
   near the fire was roaring" / "the fire near the lion was roaring"), and for phrases "the
   fat X" / "the X fat" for the animals whose two phrases are not both trained on. Without
   positions the pairwise model's output is the same for both; with positions it can differ.
   For the one-layer pairwise models, how far the swap moves the average of the pair vectors
   (:func:`average_shifts`), for phrases and sentences apart: a swap changes only the pairs
   that hold a swapped word (:func:`changed_pairs`), all of a phrase's but few of a long
   sentence's.
3. **Distance** (beat 1.5 and 4.9). Two constructions whose deciding word is stretched away
   from the last word by phrases of places that decide nothing: a relative clause ("the lion
   that the tiger chased near the old barn was roaring": the lion, both animals can roar) and
   "the first / the second" over two clauses that differ only in their animal. Accuracy by
   construction and by distance, 6 to 20 words.

The cost of the layers is not measured here: ``model.costs`` counts it and
``benchmarks/layer_wall_time.py`` times it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import torch
from torch import nn

from derived_transformer.model.data import Example, corpus, training_set
from derived_transformer.model.encode import encode
from derived_transformer.model.evaluation import predict
from derived_transformer.model.grammar import ALONE_ANY, PLACE_PREPS, ROAR_ADVERBS, VERB_ADVERBS
from derived_transformer.model.labels import label_words
from derived_transformer.model.registry import CNN_DEPTHS, spec
from derived_transformer.model.vocab import MAX_WORDS
from derived_transformer.model.word_groups import (
    ADJECTIVES,
    NOUNS,
    PLACES,
    QUIET_ANIMALS,
    ROARING_ANIMALS,
    VERBS_ALONE,
    VERBS_WITH_OBJECT,
)

LONG_RANGE_MODELS = (
    "cnn2",
    "cnn3",
    "cnn4",
    "cnn",
    "pairwise_positions",
    "attention",
    "attention_last",
    "transformer",
    "transformer_network",
)
TWIN_REACHES = range(3, 21)
"""The reaches of the twin sweep: below the narrowest CNN's field to well past the widest."""
PAIRS_PER_REACH = 100
"""Sentences of each reach, each with its twin: twice as many sentences."""
EVERY_MODEL_REACH = (MAX_WORDS + 2) // 3
"""The largest reach whose sentences fit in :data:`MAX_WORDS` words (a reach of ``r`` takes
``3r - 2`` words at least: the predicate said three times), so that every model reads them."""
LONG_RANGE_SEED = 24
LONG_RANGE_DRAWS = 20000


# -- 1. long range ---------------------------------------------------------------------------
def windows(words: tuple[str, ...], size: int) -> set[tuple[str, ...]]:
    """The set of windows of ``size`` consecutive words (the whole sentence if shorter)."""
    if size >= len(words):
        return {words}
    return {words[k : k + size] for k in range(len(words) - size + 1)}


def twin(example: Example) -> tuple[str, ...]:
    """The order sentence with its two animals swapped: the other animal is the answer."""
    a, b = example.candidates
    words = list(example.words)
    words[a], words[b] = words[b], words[a]
    return tuple(words)


def reach(example: Example) -> int:
    """The smallest window size at which the sentence and its twin differ."""
    other = twin(example)
    for size in range(1, len(example.words) + 1):
        if windows(example.words, size) != windows(other, size):
            return size
    return len(example.words) + 1


def readable(name: str, example: Example) -> bool:
    """Whether model ``name`` is measured on the sentence: the CNNs on every one (beyond its
    field a CNN gives twins one answer whatever their length), the other models on those of
    at most :data:`MAX_WORDS` words, the longest any model was trained on (and the most the
    models with positions have a slot for).

    >>> long = Example(("the", "lion", "was", "roaring") * 7, "lion", 25, "order", "twins")
    >>> readable("cnn", long), readable("transformer", long)
    (True, False)
    """
    return name in CNN_DEPTHS or len(example.words) <= MAX_WORDS


def _fits(left: int) -> bool:
    """Whether ``left`` words can be filled with phrases of places (3 to 5 words each)."""
    return left == 0 or left >= 3


def _predicate(rng: random.Random, size: int) -> list[str]:
    """Exactly ``size`` words (at least one) of what everyone did, deciding nothing: a verb,
    perhaps an adverb, then phrases of places ("sat quietly near the old farm by the lake")."""
    adverbs = [(), *(tuple(a.split()) for a in VERB_ADVERBS)]
    words = [rng.choice(ALONE_ANY), *rng.choice([a for a in adverbs if _fits(size - 1 - len(a))])]
    while len(words) < size:
        left = size - len(words)
        extra = rng.choice([n for n in (0, 1, 2) if _fits(left - 3 - n)])
        words += [rng.choice(PLACE_PREPS), "the", *rng.sample(ADJECTIVES, extra)]
        words.append(rng.choice(PLACES))
    return words


def twin_sentence(rng: random.Random, target: int) -> Example:
    """An order sentence built to have reach ``target``.

    From 5: ``we P and the A P and the B P and the first/second was roaring``, one predicate
    P of ``target - 4`` words said three times, so the two animals stand ``target - 1`` words
    apart. Below 5, where no predicate is that short: ``the A P and the B P and ...``, the
    first animal at the sentence's start after ``target - 3`` adjectives both animals share
    (the twins then differ first in what stands before the second animal, "and the").

    >>> example = twin_sentence(random.Random(0), 6)
    >>> example.text[:59]
    'we sat suddenly and the leopard sat suddenly and the dinosa'
    >>> reach(example), example.answer
    (6, 'dinosaur')
    """
    a, b = rng.sample(ROARING_ANIMALS, 2)
    if target >= 5:
        said = _predicate(rng, target - 4)
        opening, adjectives = ["we", *said, "and"], []
    else:
        said = _predicate(rng, rng.randint(1, 6))
        opening, adjectives = [], rng.sample(ADJECTIVES, target - 3)
    ordinal = rng.choice(("first", "second"))
    ending = [*(["one"] if rng.random() < 0.3 else []), "was"]
    ending += [*([rng.choice(ROAR_ADVERBS)] if rng.random() < 0.2 else []), "roaring"]
    words = (*opening, "the", *adjectives, a, *said, "and", "the", *adjectives, b, *said)
    words += ("and", "the", ordinal, *ending)
    first = len(opening) + 1 + len(adjectives)
    second = first + len(said) + 3 + len(adjectives)
    answer = first if ordinal == "first" else second
    return Example(words, words[answer], answer, "order", "twins", (first, second))


def twin_example(example: Example) -> Example:
    """The twin as an example of its own: the same ordinal, so the other animal answers."""
    words = twin(example)
    index = example.answer_index
    return Example(words, words[index], index, "order", "twins", example.candidates)


@lru_cache(maxsize=1)
def long_range_examples() -> tuple[Example, ...]:
    """Twins never trained on, :data:`PAIRS_PER_REACH` pairs for each reach of
    :data:`TWIN_REACHES` (a seed of their own), reach by reach, each sentence followed by
    its twin. Both are answered by the labeller as built; a sentence whose reach is at most
    :data:`EVERY_MODEL_REACH` has at most :data:`MAX_WORDS` words."""
    training = {e.text for e in training_set()}
    rng = random.Random(LONG_RANGE_SEED)
    by_reach: dict[int, list[Example]] = defaultdict(list)
    seen: set[str] = set()
    for _ in range(LONG_RANGE_DRAWS):
        target = rng.choice(TWIN_REACHES)
        example = twin_sentence(rng, target)
        other = twin_example(example)
        texts = {example.text, other.text}
        if (
            len(by_reach[target]) >= 2 * PAIRS_PER_REACH
            or (target <= EVERY_MODEL_REACH and len(example.words) > MAX_WORDS)
            or any(text in training or text in seen for text in texts)
            or reach(example) != target
            or any(label_words(e.words).answer != e.answer for e in (example, other))
        ):
            continue
        seen |= texts
        by_reach[target] += [example, other]
        if all(len(by_reach[r]) >= 2 * PAIRS_PER_REACH for r in TWIN_REACHES):
            break
    return tuple(e for r in sorted(by_reach) for e in by_reach[r])


def long_range(predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Accuracy by reach, from each model's answers on the sentences of
    :func:`long_range_examples` it reads (:func:`readable`); the first twins of reach 5 as
    the example."""
    examples = list(long_range_examples())
    reaches = [reach(e) for e in examples]
    first, other = next(
        (e, t)
        for e, t, r in zip(examples[::2], examples[1::2], reaches[::2], strict=True)
        if r == 5
    )
    out: dict[str, Any] = {
        "sentences": len(examples),
        "example": [first.text, other.text],
        "reach_counts": {str(r): reaches.count(r) for r in sorted(set(reaches))},
        "receptive_fields": {
            name: 2 * depth + 1 for name, depth in CNN_DEPTHS.items() if name in predictions
        },
        "models": {},
    }
    for name in LONG_RANGE_MODELS:
        if name not in predictions:
            continue
        by_reach: dict[int, list[bool]] = defaultdict(list)
        read = [(e, r) for e, r in zip(examples, reaches, strict=True) if readable(name, e)]
        answers = predictions[name]["long_range"]
        for (example, r), answer in zip(read, answers, strict=True):
            by_reach[r].append(answer == example.answer)
        out["models"][name] = {
            str(r): {"accuracy": round(sum(v) / len(v), 4), "count": len(v)}
            for r, v in sorted(by_reach.items())
        }
    return out


# -- 2. word order ---------------------------------------------------------------------------
def order_pair(example: Example, training: set[str]) -> tuple[tuple[str, ...], str] | None:
    """The first swap of the answer with another noun or adjective that the labeller answers
    differently, as ``(words, answer)``; ``None`` if no swap does (or it was trained on)."""
    words = example.words
    content = [k for k, w in enumerate(words) if (w in NOUNS or w in ADJECTIVES)]
    for k in content:
        if k == example.answer_index or words[k] == example.answer:
            continue
        swapped = list(words)
        swapped[example.answer_index], swapped[k] = swapped[k], swapped[example.answer_index]
        other = tuple(swapped)
        if " ".join(other) in training:
            continue
        labelled = label_words(other)
        if labelled.ok and labelled.answer != example.answer:
            return other, labelled.answer
    return None


@lru_cache(maxsize=1)
def order_pairs() -> tuple[tuple[Example, Example], ...]:
    """Every held-out sentence of the sentence families that has an order-only twin, with
    that twin; and for phrases, "the fat X" / "the X fat" for every animal X whose two
    phrases are not both trained on (the only phrases whose order the corpus gives a
    meaning: "the cat big" is not a phrase it has)."""
    training = {e.text for e in training_set()}
    pairs = list(fat_pairs(training))
    for example in corpus().held_out:
        if example.family == "phrase":
            continue
        found = order_pair(example, training)
        if found is not None:
            words, answer = found
            twin_example = Example(
                words, answer, words.index(answer), example.family, example.template
            )
            pairs.append((example, twin_example))
    return tuple(pairs)


def fat_pairs(training: set[str]) -> Iterator[tuple[Example, Example]]:
    for animal in sorted(ROARING_ANIMALS + QUIET_ANIMALS):
        fat_animal, animal_fat = ("the", "fat", animal), ("the", animal, "fat")
        if " ".join(fat_animal) in training and " ".join(animal_fat) in training:
            continue
        yield (
            Example(fat_animal, animal, 2, "phrase", "the fat X / the X fat"),
            Example(animal_fat, "fat", 2, "phrase", "the fat X / the X fat"),
        )


WORD_ORDER_MODELS = ("pairwise", "pairwise_positions", "pairwise2", "attention", "transformer")
SHIFT_KINDS = ("phrase", "sentence")
"""The two kinds of order-only pair whose average shift is measured apart: the 3-word phrases
and the sentences of every other family."""


def shift_kind(example: Example) -> str:
    return "phrase" if example.family == "phrase" else "sentence"


@torch.no_grad()
def average_shifts(
    name: str, model: nn.Module, pairs: list[tuple[Example, Example]]
) -> list[float]:
    """For each order-only pair, how far the swap moves a pairwise model's average of its
    pair vectors: ``|mean(a) - mean(b)| / |mean(a)|`` (0 for a model without positions,
    whose two averages are the same). ``model`` must have ``pooled`` (the one-layer
    pairwise models)."""
    shifts: list[float] = []
    for start in range(0, len(pairs), 256):
        chunk = pairs[start : start + 256]
        means = [
            model.pooled(*encode(spec(name), [e.words for e in side]))
            for side in ([a for a, _ in chunk], [b for _, b in chunk])
        ]
        moved = torch.linalg.vector_norm(means[0] - means[1], dim=-1)
        shifts += (moved / torch.linalg.vector_norm(means[0], dim=-1)).tolist()
    return shifts


def changed_pairs(words: int) -> int:
    """How many of the ``words**2`` pairs hold one of two swapped words (their rows and
    columns): all the others are the same pairs at the same positions."""
    return words**2 - (words - 2) ** 2


def order_shift(chosen: list[tuple[Example, Example]], shifts: list[float]) -> dict[str, Any]:
    """The median shift of the average and the median length, for phrases and sentences."""
    out: dict[str, Any] = {}
    for kind in SHIFT_KINDS:
        picked = [(a, s) for (a, _), s in zip(chosen, shifts, strict=True) if shift_kind(a) == kind]
        if picked:
            out[kind] = {
                "median_shift": round(float(np.median([s for _, s in picked])), 4),
                "median_words": int(np.median([len(a.words) for a, _ in picked])),
                "count": len(picked),
            }
    return out


def _chosen_pairs(name: str) -> list[tuple[Example, Example]]:
    return [(a, b) for a, b in order_pairs() if a.family in spec(name).families]


def word_order(predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Order-only pairs: how often a model gives both sentences the same answer, and both
    the right one."""
    pairs = order_pairs()
    by_family: dict[str, int] = defaultdict(int)
    for a, _ in pairs:
        by_family[a.family] += 1
    out: dict[str, Any] = {
        "pairs": len(pairs),
        "pairs_by_family": dict(sorted(by_family.items())),
        "examples": [" / ".join((a.text, b.text)) for a, b in pairs[:3]],
        "sentence_examples": [
            " / ".join((a.text, b.text)) for a, b in pairs if shift_kind(a) == "sentence"
        ][:3],
        "models": {},
    }
    for name in WORD_ORDER_MODELS:
        if name not in predictions or not predictions[name]["word_order"][0]:
            continue
        chosen = _chosen_pairs(name)
        first, second = predictions[name]["word_order"]
        right = [
            (p == a.answer, q == b.answer)
            for (a, b), p, q in zip(chosen, first, second, strict=True)
        ]
        same = sum(p == q for p, q in zip(first, second, strict=True))
        both: dict[str, list[bool]] = defaultdict(list)
        for (a, _), (x, y) in zip(chosen, right, strict=True):
            both[a.family].append(x and y)
        out["models"][name] = {
            "sentences_right": round(sum(x + y for x, y in right) / (2 * len(right)), 4),
            "pairs_both_right": round(sum(x and y for x, y in right) / len(right), 4),
            "pairs_same_answer": round(same / len(right), 4),
            "pairs": len(right),
            "both_right_by_family": {
                family: {"accuracy": round(sum(v) / len(v), 4), "count": len(v)}
                for family, v in sorted(both.items())
            },
        }
        if predictions[name].get("average_shift"):
            shifts = predictions[name]["average_shift"]
            out["models"][name]["average_shift"] = order_shift(chosen, shifts)
    return out


def model_predictions(name: str, model: nn.Module) -> dict[str, Any]:
    """One model's answers on the evidence's sentences (computed where it was trained)."""
    out: dict[str, Any] = {"long_range": [], "word_order": ([], []), "distance": []}
    if name in LONG_RANGE_MODELS:
        read = [e for e in long_range_examples() if readable(name, e)]
        out["long_range"] = predict(name, model, read)
        out["distance"] = predict(name, model, [e for _, e in sweep_examples()])
    if name in WORD_ORDER_MODELS:
        chosen = _chosen_pairs(name)
        if chosen:
            out["word_order"] = (
                predict(name, model, [a for a, _ in chosen]),
                predict(name, model, [b for _, b in chosen]),
            )
            if hasattr(model, "pooled"):
                out["average_shift"] = average_shifts(name, model, chosen)
    return out


def prepare() -> None:
    """Build the evidence's sentences once (before the training processes start)."""
    long_range_examples()
    order_pairs()
    sweep_examples()


# -- 3. distance -------------------------------------------------------------------------------
SWEEP_DISTANCES = range(6, 21)
"""From the shortest distance both constructions allow to 20 words."""
PER_DISTANCE = 24
SWEEP_SEED = 20
SWEEP_DRAWS = 40000


def _noun_phrase(rng: random.Random, noun: str) -> list[str]:
    """``the`` and up to two adjectives before ``noun``."""
    return ["the", *rng.sample(ADJECTIVES, rng.choice((0, 0, 1, 2))), noun]


def _stretch(rng: random.Random) -> list[str]:
    """Zero to three prepositional phrases of places: words that decide nothing."""
    out: list[str] = []
    for _ in range(rng.choice((0, 1, 2, 3))):
        out += [rng.choice(PLACE_PREPS), *_noun_phrase(rng, rng.choice(PLACES))]
    return out


def _relative(rng: random.Random) -> tuple[tuple[str, ...], str]:
    """``the A that the B <verb> <places> was roaring``: A, the subject, is the answer."""
    a, b = rng.sample(ROARING_ANIMALS, 2)
    words = [*_noun_phrase(rng, a), "that", *_noun_phrase(rng, b), rng.choice(VERBS_WITH_OBJECT)]
    return (*words, *_stretch(rng), "was", "roaring"), a


def _ordinal(rng: random.Random) -> tuple[tuple[str, ...], str]:
    """``the A <verb> <places> and the B <verb> <places> <places> and the first/second was
    roaring``: both clauses the same but for their animal; only order decides."""
    a, b = rng.sample(ROARING_ANIMALS, 2)
    verb, shared = rng.choice(VERBS_ALONE), _stretch(rng)
    ordinal = rng.choice(("first", "second"))
    words = ["the", a, verb, *shared, "and", "the", b, verb, *shared, *_stretch(rng)]
    words += ["and", "the", ordinal, "was", "roaring"]
    return tuple(words), a if ordinal == "first" else b


SWEEP_CONSTRUCTIONS = {"relative clause": _relative, "the first / the second": _ordinal}


@lru_cache(maxsize=1)
def sweep_examples() -> tuple[tuple[str, Example], ...]:
    """``(construction, example)``: :data:`PER_DISTANCE` sentences of each construction for
    each distance in :data:`SWEEP_DISTANCES` between the deciding word and the last word, never
    trained on, each answered by the labeller as the construction intends."""
    training = {e.text for e in training_set()}
    rng = random.Random(SWEEP_SEED)
    found: dict[tuple[str, int], list[Example]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for _ in range(SWEEP_DRAWS):
        name = rng.choice(sorted(SWEEP_CONSTRUCTIONS))
        words, answer = SWEEP_CONSTRUCTIONS[name](rng)
        index = words.index(answer)
        distance = len(words) - 1 - index
        key = (name, distance)
        if (
            distance not in SWEEP_DISTANCES
            or len(words) > MAX_WORDS
            or len(found[key]) >= PER_DISTANCE
            or words in seen
            or " ".join(words) in training
        ):
            continue
        labelled = label_words(words)
        if labelled.answer != answer or labelled.index != index:
            continue
        seen.add(words)
        found[key].append(Example(words, answer, index, "roaring", name))
    return tuple((name, e) for (name, _), group in sorted(found.items()) for e in group)


def distance_sweep(predictions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Accuracy by construction and by distance (words between the deciding word and the
    last word), from each model's answers on :func:`sweep_examples`."""
    examples = sweep_examples()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for name, example in examples:
        key = str(example.distance)
        counts[name][key] = counts[name].get(key, 0) + 1
    out: dict[str, Any] = {"sentences": len(examples), "counts": dict(counts), "models": {}}
    for model in LONG_RANGE_MODELS:
        if model not in predictions or not predictions[model]["distance"]:
            continue
        hits: dict[str, dict[int, list[bool]]] = defaultdict(lambda: defaultdict(list))
        answers = predictions[model]["distance"]
        for (name, example), answer in zip(examples, answers, strict=True):
            hits[name][example.distance].append(answer == example.answer)
        out["models"][model] = {
            name: {
                str(d): {"accuracy": round(sum(v) / len(v), 4), "count": len(v)}
                for d, v in sorted(by_distance.items())
            }
            for name, by_distance in sorted(hits.items())
        }
    return out


def measure_evidence(
    models: dict[str, nn.Module], predictions: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """All three measurements (the models present are used; the others are skipped).
    ``predictions``: each model's :func:`model_predictions`, when already made."""
    if predictions is None:
        predictions = {name: model_predictions(name, m) for name, m in models.items()}
    return {
        "long_range": long_range(predictions),
        "word_order": word_order(predictions),
        "distance": distance_sweep(predictions),
    }
