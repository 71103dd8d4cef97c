"""The corpus: a vocabulary by role, every word trained in every role, two held-out kinds."""

from __future__ import annotations

from collections import Counter

import pytest

from derived_transformer.model import MAX_WORDS, VOCABULARY, UnknownWordError
from derived_transformer.model.data import (
    EXTRA_SENTENCES,
    TEMPLATES,
    VIDEO_SENTENCES,
    _new_combo,
    corpus,
    roles_by_word,
    word_counts,
)
from derived_transformer.model.vocab import group_of
from derived_transformer.model.word_groups import CAN_ROAR, GROUPS

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


def test_every_word_is_trained_on_in_every_role_it_takes() -> None:
    data = corpus()
    trained = roles_by_word(data.training)
    everywhere = roles_by_word(data.training + data.new_sentences + data.new_wordings)
    missing = {
        word: sorted(set(roles) - set(trained.get(word, {})))
        for word, roles in everywhere.items()
        if set(roles) - set(trained.get(word, {}))
    }
    assert not missing
    # and a word that can be the answer is the answer in training at least a few times
    thin = {
        w: r
        for w, roles in trained.items()
        for r, c in roles.items()
        if r.endswith(":answer") and c < 3
    }
    assert not thin


def test_held_out_sets_are_apart_from_training_and_from_each_other() -> None:
    data = corpus()
    training = {e.text for e in data.training}
    sentences = {e.text for e in data.new_sentences}
    wordings = {e.text for e in data.new_wordings}
    assert not training & sentences and not training & wordings and not sentences & wordings
    assert len(sentences) >= 500 and len(wordings) >= 1000


def test_new_wordings_are_templates_and_combinations_never_trained_on() -> None:
    data = corpus()
    held = {t.id for t in TEMPLATES if t.held_out}
    trained_templates = {e.template for e in data.training}
    assert held and not held & trained_templates
    families = {t.family for t in TEMPLATES if t.held_out}
    assert families == {"roaring", "tail", "order", "phrase"}
    combos_trained = {(e.template, w) for e in data.training for w, _ in e.roles}
    new_combos = [e for e in data.new_wordings if e.template not in held]
    assert len(new_combos) >= 300
    for example in new_combos:
        assert any((example.template, w) not in combos_trained for w, _ in example.roles)
    # new sentences use trained templates and no held-out word-template combination
    by_id = {t.id: t for t in TEMPLATES}
    for example in data.new_sentences:
        assert example.template in trained_templates
        assert not _new_combo(by_id[example.template], example)


def test_sentences_are_long_enough_for_distance_to_matter() -> None:
    data = corpus()
    lengths = Counter(len(e.words) for e in data.training + data.new_wordings)
    assert max(lengths) == MAX_WORDS >= 20
    assert sum(c for n, c in lengths.items() if n >= 16) >= 1000
    distances = Counter(e.distance for e in data.training)
    assert max(distances) >= 15


def test_the_explainers_sentences() -> None:
    training = {e.text for e in corpus().training}
    held = {e.text for e in corpus().held_out}
    assert set(VIDEO_SENTENCES) <= training
    assert not set(EXTRA_SENTENCES) & (training | held)


def test_families_balance() -> None:
    families = Counter(e.family for e in corpus().training)
    assert set(families) == {"roaring", "tail", "order", "phrase"}
    assert min(families.values()) >= 500
