"""The labeller answers by meaning and structure; the generator's labels agree with it."""

from __future__ import annotations

import ast

import pytest

from derived_transformer.model import UnknownWordError
from derived_transformer.model.data import corpus
from derived_transformer.model.labels import (
    WORD_CLASSES,
    label,
    label_words,
    links,
    parse_words,
    word_classes,
)
from tests.support.paths import ROOT

HAND_WRITTEN = ROOT / "assets" / "data" / "labelled-sentences.txt"


def hand_written() -> list[tuple[str, str | None]]:
    rows = []
    for line in HAND_WRITTEN.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sentence, answer = (part.strip() for part in line.split("|"))
        rows.append((sentence, None if answer == "-" else answer))
    return rows


def test_the_hand_written_file_is_large_and_varied() -> None:
    rows = hand_written()
    assert len(rows) >= 100
    assert len({s for s, _ in rows}) == len(rows)
    no_rule = [s for s, a in rows if a is None]
    assert 10 <= len(no_rule) <= len(rows) // 3
    last_words = {s.split()[-1] for s, _ in rows}
    assert {"roaring", "tail", "paw", "cat", "slept"} <= last_words


@pytest.mark.parametrize(("sentence", "answer"), hand_written())
def test_label_agrees_with_the_hand_written_answer(sentence: str, answer: str | None) -> None:
    result = label(sentence)
    assert result.answer == answer, result.rule
    if answer is None:
        assert result.rule.startswith("no rule applies: ")
    else:
        assert result.words[result.index] == answer


CORPUS_SAMPLE = 10
"""The quick tier labels every tenth sentence of the corpus; the ``corpus`` tier all."""


@pytest.mark.parametrize("step", [CORPUS_SAMPLE, pytest.param(1, marks=pytest.mark.corpus)])
def test_the_generators_labels_agree_with_the_labeller_on_the_corpus(step: int) -> None:
    data = corpus()
    disagree = []
    for example in (data.training + data.new_sentences + data.new_structures)[::step]:
        result = label_words(example.words)
        if (result.answer, result.index) != (example.answer, example.answer_index):
            disagree.append((example.text, example.answer, result.answer, result.rule))
    assert not disagree, (len(disagree), disagree[:5])


@pytest.mark.parametrize("step", [CORPUS_SAMPLE, pytest.param(1, marks=pytest.mark.corpus)])
def test_the_derivations_word_targets_agree_with_the_labeller(step: int) -> None:
    data = corpus()
    disagree = []
    for example in (data.training + data.held_out)[::step]:
        if example.template == "shown in the video":
            continue
        parsed = parse_words(example.words)
        if parsed.targets != example.targets:
            disagree.append((example.text, example.targets, parsed.targets))
    assert not disagree, (len(disagree), disagree[:3])


def test_the_labeller_does_not_read_the_generator() -> None:
    modules = sorted((ROOT / "model" / "labels").glob("*.py"))
    assert len(modules) >= 2
    imported: set[str] = set()
    for module in modules:
        tree = ast.parse(module.read_text())
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
    generator = ("derived_transformer.model.data", "derived_transformer.model.grammar")
    assert not any(name and name.startswith(generator) for name in imported), imported


def test_every_words_target_by_hand() -> None:
    # written out by hand: the word each word's question points to (None: no question)
    cases = {
        "the dog near the cat chased its tail": [
            "dog",
            "dog",
            None,
            "cat",
            "cat",
            "dog",
            "dog",
            "dog",
        ],
        "the lion saw that the fire was roaring": [
            "lion",
            "lion",
            "lion",
            None,
            "fire",
            "fire",
            "fire",
            "fire",
        ],
        "there was a tree on fire and it was roaring": [
            None,
            "tree",
            "tree",
            "tree",
            None,
            None,
            None,
            "fire",
            "fire",
            "fire",
        ],
        "the fire that the lion saw was roaring": [
            "fire",
            "fire",
            "fire",
            "lion",
            "lion",
            "lion",
            "fire",
            "fire",
        ],
        "the cat fat": ["fat", "fat", "fat"],
    }
    for sentence, expected in cases.items():
        parsed = links(sentence)
        got = [None if t is None else parsed.words[t] for t in parsed.targets]
        assert got == expected, sentence


# Written out by hand, one word's target per word ("-": the word asks no question).
TARGETS_BY_CONSTRUCTION = {
    "relative without that": [
        ("the tiger the dog saw was roaring", "tiger tiger dog dog dog tiger tiger"),
        (
            "the fire the old lion watched near the barn was roaring",
            "fire fire lion lion lion lion - barn barn fire fire",
        ),
        (
            "the lion the tiger the dog saw chased was roaring",
            "lion lion tiger tiger dog dog dog tiger lion lion",
        ),
        (
            "while the fox slept the dog the cat chased licked its paw",
            "- fox fox fox dog dog cat cat cat dog dog dog",
        ),
    ],
    "participle with by": [
        ("the lion chased by the dog was roaring", "lion lion lion - dog dog lion lion"),
        (
            "the engine carried by the boat was roaring",
            "engine engine engine - boat boat engine engine",
        ),
        ("the bone licked by the dog was old", "bone bone bone - dog dog bone bone"),
        (
            "the bear chased by the dog the cat saw was roaring",
            "bear bear bear - dog dog cat cat cat bear bear",
        ),
        (
            "the cat that the dog chased by the river licked its paw",
            "cat cat cat dog dog dog - river river cat cat cat",
        ),
    ],
    "passive with by": [
        ("the lion was chased by the dog", "lion lion lion lion - dog dog"),
        ("the ball was chased by the dog", "ball ball ball ball - dog dog"),
        (
            "the dog was chased by the lion that was roaring",
            "dog dog dog dog - lion lion lion lion lion",
        ),
        (
            "the cat was chased by the dog and then it caught its tail",
            "cat cat cat cat - dog dog - - cat cat cat cat",
        ),
        (
            "the fire was watched by the lion and it was roaring",
            "fire fire fire fire - lion lion - - - -",
        ),
    ],
    "clauses inside clauses": [
        (
            "the lion that saw that the fire was burning was roaring",
            "lion lion lion lion - fire fire fire fire lion lion",
        ),
        (
            "the dog knew that the cat said that the storm was roaring",
            "dog dog dog - cat cat cat - storm storm storm storm",
        ),
        (
            "the mouse that knew that the lion was sleeping was roaring",
            "mouse mouse mouse mouse - lion lion lion lion - -",
        ),
    ],
    "phrases inside relative clauses": [
        (
            "the lion that we saw near the river was roaring",
            "lion lion lion we we - river river lion lion",
        ),
        (
            "the bear that the dog near the fire chased was roaring",
            "bear bear bear dog dog - fire fire dog bear bear",
        ),
        (
            "the tiger that chased the dog near the river was roaring",
            "tiger tiger tiger tiger dog dog - river river tiger tiger",
        ),
    ],
    "compound nouns": [
        ("the fire engine was roaring", "engine engine engine engine engine"),
        ("the lion cave was roaring", "cave cave cave - -"),
        (
            "the old river boat engine near the barn was roaring",
            "engine engine engine engine engine - barn barn engine engine",
        ),
    ],
    "first and second over clauses": [
        (
            "the lion swam in the sea and the tiger chased the dog and the second was roaring",
            "lion lion lion - sea sea - tiger tiger tiger dog dog - second tiger tiger tiger",
        ),
        (
            "the bear was chased by the dog and the lion slept and the first one was roaring",
            "bear bear bear bear - dog dog - lion lion lion - one one bear bear bear",
        ),
        (
            "the dog slept near the fire and the cat ran to the park and the first caught its tail",
            "dog dog dog - fire fire - cat cat cat - park park - first dog dog dog dog",
        ),
    ],
    "it and its across clauses": [
        ("the dog that the cat chased caught its tail", "dog dog dog cat cat cat dog dog dog"),
        (
            "the tiger knew that the dog was hungry and then it was roaring",
            "tiger tiger tiger - dog dog dog dog - - tiger tiger tiger",
        ),
        (
            "there was a cat near the dog and it chased its tail",
            "- cat cat cat - dog dog - - - - -",
        ),
    ],
    "fillers": [
        (
            "the very old lion near the river was very quietly roaring",
            "lion lion lion lion - river river lion - - lion",
        ),
        ("the dog was so hungry that it chased its tail", "dog dog dog - dog - dog dog dog dog"),
    ],
    "openers": [
        (
            "while the dog slept near the barn the fire was roaring",
            "- dog dog dog - barn barn fire fire fire fire",
        ),
        (
            "there was a lion near the tent and it was roaring",
            "- lion lion lion - tent tent - lion lion lion",
        ),
        ("in the park the lion was roaring", "- park park lion lion lion lion"),
    ],
    "a new subject after an opening clause": [
        (
            "while the cat chased the mouse the lion that saw the goat was roaring",
            "- cat cat cat mouse mouse lion lion lion lion goat goat lion lion",
        ),
        (
            "when the mouse ran the dog that licked the cat caught its tail",
            "- mouse mouse mouse dog dog dog dog cat cat dog dog dog",
        ),
        (
            "when the cat slept the lion that the dog chased by the tree licked its paw",
            "- cat cat cat lion lion lion dog dog dog - tree tree lion lion lion",
        ),
        (
            "while the hen waited near the barn the dragon that chased the pig loudly was roaring",
            "- hen hen hen - barn barn dragon dragon dragon dragon pig pig - dragon dragon",
        ),
    ],
    "a reduced relative with by before the verb": [
        (
            "the tiger the cat followed by the barn helped the sheep watched by the dog and it "
            "was roaring",
            "tiger tiger cat cat cat - barn barn tiger sheep sheep sheep - dog dog - tiger tiger "
            "tiger",
        ),
        (
            "the bear the fox found by the tent was chased by the dog that the cat licked",
            "bear bear fox fox fox - tent tent bear bear - dog dog dog cat cat cat",
        ),
        (
            "the lion ran and the tiger the horse pushed by the river slept and the second was "
            "roaring",
            "lion lion lion - tiger tiger horse horse horse - river river tiger - second tiger "
            "tiger tiger",
        ),
    ],
    "then it after a clause about we": [
        (
            "the cat that the dog chased slept and we danced and then it licked its paw",
            "cat cat cat dog dog dog cat - we we - - cat cat cat cat",
        ),
        (
            "the lion saw the tiger and we heard the bear and then it was roaring",
            "lion lion lion tiger tiger - we we bear bear - - - - -",
        ),
    ],
}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [case for cases in TARGETS_BY_CONSTRUCTION.values() for case in cases],
    ids=[f"{name}: {s}" for name, cases in TARGETS_BY_CONSTRUCTION.items() for s, _ in cases],
)
def test_every_words_target_in_each_construction(sentence: str, expected: str) -> None:
    parsed = links(sentence)
    got = tuple("-" if t is None else parsed.words[t] for t in parsed.targets)
    assert got == tuple(expected.split())


def test_word_classes_name_the_kinds_of_question() -> None:
    words = tuple(["the", "old", "dog", "near", "the", "cat", "chased", "its", "tail"])
    assert word_classes(words) == (
        "determiner",
        "adjective",
        None,
        None,
        "determiner",
        None,
        "verb",
        "its",
        "owned noun",
    )
    assert set(WORD_CLASSES) >= {"determiner", "adjective", "verb", "it", "its"}


def test_ambiguity_names_the_candidates() -> None:
    result = label("the lion ran from the fire because it was roaring")
    assert result.answer is None
    assert "lion" in result.rule and "fire" in result.rule


def test_any_length_and_unknown_words() -> None:
    long = (
        "in the park near the old barn by the road the brown dog that the grey cat saw "
        "near the fence by the tree chased its tail"
    )
    assert len(long.split()) > 24
    assert label(long).answer == "dog"
    with pytest.raises(UnknownWordError, match="zebra"):
        label("the zebra was roaring")
