"""The corpus: sentences of a grammar, every word trained often, lengths spread evenly, and
held-out structures never trained on."""

from __future__ import annotations

import random
import re
from collections import Counter
from itertools import pairwise

import pytest

from derived_transformer.model import MAX_WORDS, VOCABULARY, UnknownWordError
from derived_transformer.model.data import (
    EXTRA_SENTENCES,
    HELD_OUT,
    RELATIVE_REACH,
    VIDEO_SENTENCES,
    corpus,
    draw_sentences,
    word_counts,
)
from derived_transformer.model.grammar import PASSIVE_VERBS, derive
from derived_transformer.model.vocab import group_of
from derived_transformer.model.word_groups import CAN_ROAR, CLAUSE_VERBS, GROUPS, NOUNS

MIN_COUNT = 20
"""Every word occurs in at least this many training sentences."""


def test_vocabulary_by_group() -> None:
    assert len(VOCABULARY) >= 300
    listed = [w for words in VOCABULARY.groups.values() for w in words]
    assert sorted(listed) == list(VOCABULARY.words)  # each word in exactly one group
    assert set(VOCABULARY.groups) >= {
        "animals that roar",
        "quiet animals",
        "things that roar",
        "things that burn",
        "objects",
        "places",
        "adjectives",
        "verbs with an object",
    }
    assert group_of("lion") == "animals that roar"
    assert group_of("mouse") == "quiet animals"
    assert group_of("fire") == "things that roar"
    with pytest.raises(UnknownWordError):
        group_of("zebra")
    assert set(GROUPS["animals that roar"]) < CAN_ROAR


def test_every_word_is_trained_on_often() -> None:
    counts = word_counts(corpus().training)
    rare = {w: counts[w] for w in VOCABULARY.words if counts[w] < MIN_COUNT}
    assert not rare


def test_every_answer_of_the_held_out_sets_is_an_answer_in_training() -> None:
    data = corpus()
    trained = Counter(e.answer for e in data.training)
    held = {e.answer for e in data.held_out}
    assert held <= NOUNS | {"one", "first", "second", "fat"} | set(GROUPS["adjectives"])
    thin = {w: trained[w] for w in held if trained[w] < 3}
    assert not thin


def test_held_out_sets_are_apart_from_training_and_from_each_other() -> None:
    data = corpus()
    training = {e.text for e in data.training}
    sentences = {e.text for e in data.new_sentences}
    structures = {e.text for e in data.new_structures}
    assert not training & sentences and not training & structures
    assert not sentences & structures
    assert len(sentences) >= 1000 and len(structures) >= 1000


def _passive_relative(words: tuple[str, ...]) -> bool:
    """'... that was chased by ...': a relative clause whose verb is passive."""
    text = " ".join(words)
    return any(f"that was {verb} by" in text for verb in PASSIVE_VERBS)


def _that_clauses(words: tuple[str, ...]) -> int:
    return sum(1 for a, b in pairwise(words) if a in CLAUSE_VERBS and b == "that")


def test_held_out_structures_never_occur_in_training() -> None:
    # read from the words, not from the generator's bookkeeping
    data = corpus()
    assert {e.template for e in data.new_structures} == set(HELD_OUT)
    for name in HELD_OUT:
        assert sum(e.template == name for e in data.new_structures) >= 100, name
    passives = re.compile(r"\bwas (" + "|".join(PASSIVE_VERBS) + r") by\b")
    for example in data.training + data.new_sentences:
        assert not _passive_relative(example.words), example.text
        assert _that_clauses(example.words) < 3, example.text
        if example.family == "order":
            assert not passives.search(example.text), example.text
        if example.template == "relative clause":
            assert example.distance <= RELATIVE_REACH, example.text
    stretched = [
        e for e in data.new_structures if e.template == "relative clause stretched further"
    ]
    assert all(e.distance > RELATIVE_REACH for e in stretched)
    assert any(_passive_relative(e.words) for e in data.new_structures)


def test_lengths_are_spread_from_2_to_the_longest() -> None:
    lengths = Counter(len(e.words) for e in corpus().training)
    assert max(lengths) == MAX_WORDS and min(lengths) == 2
    # the grammar has fewer distinct sentences of 4-8 words: within a factor of 3 of the
    # most common length (measured: 708 to 1,786 sentences a length)
    counts = [lengths[n] for n in range(3, MAX_WORDS + 1)]
    assert max(counts) <= 3 * min(counts), counts
    distances = Counter(e.distance for e in corpus().training)
    # distance 1 never occurs: "was roaring" and "its tail" put two words after the answer
    assert all(distances[d] >= 50 for d in (0, *range(2, 21))), distances


def test_every_word_has_a_target_from_its_derivation() -> None:
    for example in corpus().training[::97]:
        assert len(example.targets) == len(example.words)
        assert example.targets[-1] == example.answer_index
        assert example.words[example.answer_index] == example.answer
        for i, target in enumerate(example.targets):
            assert target is None or 0 <= target < len(example.words), (example.text, i)


def test_the_grammar_covers_its_constructions_at_several_depths() -> None:
    features: Counter[str] = Counter()
    rng = random.Random(5)
    for _ in range(6000):
        features.update(derive(rng).features)
    wanted = [
        "relative:subject",
        "relative:object",
        "relative:reduced",
        "relative:participle",
        "frame:passive",
        "frame:saying",
        "frame:transitive",
        "frame:alone",
        "frame:progressive",
        "compound",
        "on fire",
        "existential",
        "ordinal",
        "it:then",
        "that depth 1",
        "that depth 2",
        "that depth 3",
    ]
    assert all(features[f] >= 10 for f in wanted), {f: features[f] for f in wanted}


def test_the_corpus_is_the_same_run_to_run() -> None:
    a = draw_sentences(random.Random(1), {"roaring": 5, "tail": 5, "order": 5, "phrase": 5}, 400)
    b = draw_sentences(random.Random(1), {"roaring": 5, "tail": 5, "order": 5, "phrase": 5}, 400)
    assert {k: [s.words for s in v] for k, v in a.items()} == {
        k: [s.words for s in v] for k, v in b.items()
    }


def test_the_explainers_sentences() -> None:
    training = {e.text for e in corpus().training}
    held = {e.text for e in corpus().held_out}
    assert set(VIDEO_SENTENCES) <= training
    assert not set(EXTRA_SENTENCES) & (training | held)


def test_families_balance() -> None:
    families = Counter(e.family for e in corpus().training)
    assert set(families) == {"roaring", "tail", "order", "phrase"}
    assert min(families.values()) >= 2000
