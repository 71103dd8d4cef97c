"""The labeller: what a sentence's words are about, by word groups and sentence structure.

>>> label("the lion saw that the fire was roaring").answer
'fire'
>>> label("there was a mouse by the fire and it was roaring").answer
'fire'
>>> label("the lion ran from the fire because it was roaring").answer is None
True
>>> label("the bear was chased by the dog and the lion slept and the first one was roaring").answer
'bear'

It answers any sentence written with the vocabulary, or says why no rule applies. It does
not know the corpus's grammar: it tags each word by its group, groups words into noun
phrases, prepositional phrases and verbs, splits the sentence into clauses, finds each
clause's subject, and resolves what "it", "its" and "the first one" refer to by the rules a
person uses:

* **a verb** is about its clause's subject ("the lion *near the fire* was roaring": the
  lion; "the lion saw that *the fire* was roaring": the fire; "the fire *that the lion saw*
  was roaring": the fire; "the tiger *the dog saw* was roaring": the tiger). A passive's
  verbs are about its subject ("the lion was chased by the dog": the lion), and so is a
  participle about the noun it describes ("the lion *chased by the dog*": the lion), unless
  every clause still waiting needs that verb ("the lion *the dog chased by the river* was
  roaring": the dog chased, the lion was roaring). After an opening clause, the main
  clause's subject is the first noun phrase after the opening clause is complete, with the
  relative clause that describes it ("while the lamb chased the duck *the river that saw the
  swan* was roaring": the river). Only something that can roar can be roaring; a thing "on
  fire" that cannot roar roars through its fire ("the tree on fire was roaring": the fire).
* **"it"** refers to the one thing mentioned before it that fits what is said of it
  (roaring: something that can roar; catching its tail: an animal). When several fit, it
  continues the subject of the sentence's previous clause after "then" or "so ... that"
  (passing over a clause about "we" that mentions nothing else it could be: "the tiger
  slept and we swam and then it ...": the tiger); otherwise the sentence is ambiguous and
  no rule applies.
* **"its"** belongs to the subject of its own clause ("the dog near the cat chased its tail":
  the dog); a body part belongs to an animal.
* **"the first one" / "the second one"** is the first or second of the subjects of the
  sentence's own earlier clauses, in order (not their objects, nor the subjects of clauses
  inside them).
* **determiners and adjectives** point to the head noun of their phrase; the head of a noun
  phrase is its last noun ("the fire engine": engine), and a phrase with no verb names its
  last word ("the fat cat": cat; "the cat fat": fat).

:func:`links` gives every word's target (the word its question points to, or ``None``);
:func:`label` answers the question of the last word, the question the models are asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from derived_transformer.model.errors import SentenceTooLongError
from derived_transformer.model.labels.phrases import AUX, DET, ING, POSS, PRON, REL, VERB, tag_words
from derived_transformer.model.labels.resolver import Parse, parse_words
from derived_transformer.model.vocab import normalise, tokenize

__all__ = [
    "LABEL_MAX_WORDS",
    "WORD_CLASSES",
    "Label",
    "Parse",
    "label",
    "label_words",
    "labeller_words",
    "links",
    "parse_words",
    "word_classes",
]

LABEL_MAX_WORDS = 1000
"""The longest sentence, in words, the labeller reads (its work grows with the square of
the length: a longer one is refused at once)."""


def labeller_words(sentence: str) -> tuple[str, ...]:
    """The words of ``sentence`` for the labeller: any sentence of the vocabulary up to
    :data:`LABEL_MAX_WORDS` words."""
    words = normalise(sentence)
    if len(words) > LABEL_MAX_WORDS:
        raise SentenceTooLongError(
            f"the sentence has {len(words)} words; the labeller reads at most {LABEL_MAX_WORDS}"
        )
    return tokenize(sentence, max_words=None)


def links(sentence: str) -> Parse:
    """Every word's target in ``sentence`` (see :class:`Parse`)."""
    return parse_words(labeller_words(sentence))


@dataclass(frozen=True)
class Label:
    """The answer to the last word's question, or why no rule applies (``answer is None``)."""

    words: tuple[str, ...]
    answer: str | None
    index: int | None
    rule: str

    @property
    def ok(self) -> bool:
        return self.answer is not None


def label_words(words: tuple[str, ...]) -> Label:
    parsed = parse_words(words)
    target = parsed.targets[-1]
    reason = parsed.reasons[-1]
    if target is None:
        return Label(words, None, None, f"no rule applies: {reason}")
    return Label(words, words[target], target, reason)


def label(sentence: str) -> Label:
    """What the last word of ``sentence`` is about, by meaning and structure.

    Raises :class:`~model.errors.SentenceError` for words outside the vocabulary and for a
    sentence longer than :data:`LABEL_MAX_WORDS` words.
    """
    return label_words(labeller_words(sentence))


WORD_CLASSES = ("determiner", "adjective", "verb", "it", "its", "that", "owned noun", "one")
"""The kinds of word whose question points at another word (see :func:`word_classes`)."""


@lru_cache(maxsize=4096)
def word_classes(words: tuple[str, ...]) -> tuple[str | None, ...]:
    """Each word's kind among :data:`WORD_CLASSES` when its target is another word, else
    ``None`` (no target, or a word that stands for itself)."""
    parsed = parse_words(words)
    tags = tag_words(words)
    out: list[str | None] = []
    for i, target in enumerate(parsed.targets):
        if target is None or target == i:
            out.append(None)
            continue
        tag, _word, reason = tags[i], words[i], parsed.reasons[i]
        if tag == DET:
            kind = "determiner"
        elif tag in (VERB, AUX, ING) or reason.startswith("a verb"):
            kind = "verb"  # "was hungry" too: a predicate is about the subject
        elif reason.startswith("a describing word"):
            kind = "adjective"  # adjectives, and nouns describing a noun ("the fire engine")
        elif tag == PRON:
            kind = "it"
        elif tag == POSS:
            kind = "its"
        elif tag == REL:
            kind = "that"
        elif reason.startswith("'the first one'"):
            kind = "one"
        else:
            kind = "owned noun"
        out.append(kind)
    return tuple(out)
