"""The corpus's grammar: a small recursive grammar whose derivation gives every answer.

Each sentence is derived top-down, word by word, by functions that stand for the grammar's
rules (a sentence, a clause, a noun phrase, a relative clause, a prepositional phrase...).
As a rule emits a word it records the word's **target**, the word its question points to,
from the derivation itself, never from the labeller (``model.labels``), which reads only the
finished words; tests check that the two agree. The targets follow the task's rules:

* a determiner, an adjective, an ordinal or a noun that describes another noun ("the *fire*
  engine") points to the head of its noun phrase, the last noun;
* a noun names itself; a body part after "its" names its owner;
* a verb (and "was", and the adjective or ``-ing`` word after it) is about its clause's
  subject: what the subject stands for, judged by what is said of it (only what can roar is
  roaring; a thing on fire that cannot roar roars through its fire);
* "that" opening a relative clause stands for the noun before it;
* "it" stands for the one thing mentioned before it that fits what is said of it (or, after
  "and then", the previous clause's subject); "its" for its clause's subject; "the first" /
  "the second (one)" for the first or second clause's subject;
* every other word (prepositions, joining words, "there", adverbs) asks no question.

The sentence's answer is its last word's target. Sentences with two possible answers are
never kept (:class:`RejectedError`).

Constructions, each at several depths: subject, object and reduced relative clauses
(``the tiger the dog saw``, ``the lion chased by the dog``); nested "that" clauses after
verbs of saying and seeing; passives with "by"; prepositional phrases on any noun; compound
nouns; coordinated clauses of different verb frames; "it" and "its" across clauses; "the
first / second (one)" over clauses of any frame; adjectives, adverbs and phrases that stretch
distances.

>>> import random
>>> s = derive(random.Random(3))
>>> s.answer == s.words[s.targets[-1]]
True
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from derived_transformer.model import word_groups as lx

# -- what words can do ----------------------------------------------------------------------
ROARERS = lx.ROARING_ANIMALS + lx.ROARING_THINGS
ANIMALS = lx.ROARING_ANIMALS + lx.QUIET_ANIMALS
THINGS = lx.BURNING_THINGS + lx.OBJECTS
QUIET_THINGS = lx.BURNING_THINGS + lx.OBJECTS + lx.PLACES
"""Nouns that are neither animals nor able to roar: they never add a candidate answer."""
ANY_NOUN = ANIMALS + lx.ROARING_THINGS + lx.BURNING_THINGS + lx.OBJECTS
MODIFIERS = ANY_NOUN + lx.PLACES
"""The nouns that can describe another noun ("the *fire* engine", "the *river* boat")."""
OTHER_NOUNS = ANY_NOUN + ROARERS + ROARERS
"""The nouns of the other roles (objects, phrases, other clauses), with the things that can
roar three times as likely as the rest: a noun beside the answer is often one that could be
the answer too, so that what decides is the sentence's structure, never the noun's kind."""
ALONE_ANY = tuple(v for v in lx.VERBS_ALONE if v not in lx.ANIMAL_ONLY_VERBS)
ALONE_ANIMAL = tuple(v for v in lx.VERBS_ALONE if v in lx.ANIMAL_ONLY_VERBS)
OBJECT_VERBS_ANY = tuple(v for v in lx.VERBS_WITH_OBJECT if v not in lx.ANIMAL_ONLY_VERBS)
OBJECT_VERBS_ANIMAL = tuple(v for v in lx.VERBS_WITH_OBJECT if v in lx.ANIMAL_ONLY_VERBS)
PASSIVE_VERBS = tuple(v for v in OBJECT_VERBS_ANY if v not in ("saw", "woke"))
"""Verbs whose past participle is their past tense ("was chased by"), and which anything can
undergo ("the ball was carried by the dog")."""
PART_VERBS = ("caught", "chased", "licked", "bit", "scratched", "sniffed")
SAYING_VERBS = tuple(sorted(lx.CLAUSE_VERBS))
ANIMAL_ING = tuple(w for w in lx.ING_VERBS if w not in ("roaring", "burning", "glowing"))
PLACE_PREPS = ("near", "by", "behind", "beside", "under", "above", "over", "with")
MOTION_PREPS = ("past", "to", "toward", "into", "through", "across", "around", "along", "from")
SCENE_PREPS = ("in", "at", "outside", "inside")
VERB_ADVERBS = ("quietly", "again", "suddenly", "loudly", "very quietly", "fast")
ROAR_ADVERBS = ("still", "suddenly", "also", "just", "loudly")
NOT_A_THING = ("one", "first", "second")


class RejectedError(Exception):
    """The derivation reached a sentence with no single answer, or one too long."""


@dataclass
class Thing:
    """A noun phrase as the grammar sees it: its head noun, and the fire it is on."""

    head: int
    on_fire: int = -1

    def stands_for(self, words: list[str], need: str) -> int | None:
        """The word this phrase stands for when ``need`` is said of it ("roar": it roars;
        "animal": only an animal does it; "": anything), or ``None``."""
        noun = words[self.head]
        if need == "roar":
            if noun in lx.CAN_ROAR:
                return self.head
            return self.on_fire if self.on_fire >= 0 else None
        if need == "animal":
            return self.head if noun in lx.ANIMALS else None
        return self.head


@dataclass
class Sentence:
    """A derivation in progress, then done: words, targets, and what was built."""

    words: list[str] = field(default_factory=list)
    targets: list[int | None] = field(default_factory=list)
    mentions: list[Thing] = field(default_factory=list)  # every noun phrase, in order
    subjects: list[Thing] = field(default_factory=list)  # each main clause's subject
    features: set[str] = field(default_factory=set)
    family: str = "roaring"
    construction: str = ""
    candidates: tuple[int, ...] = ()
    room: int = 2  # the most phrases a filler adds
    passives: set[int] = field(default_factory=set)  # verbs done to their subject ("by")
    sayings: int = 0  # "that" clauses after verbs of saying and seeing

    def say(self, text: str, target: int | None = None) -> int:
        """Emit the words of ``text``, each pointing to ``target``; the last one's index."""
        if " " in text:
            for word in text.split():
                self.words.append(word)
                self.targets.append(target)
        else:
            self.words.append(text)
            self.targets.append(target)
        return len(self.words) - 1

    def point(self, indices: list[int], target: int | None) -> None:
        for i in indices:
            self.targets[i] = target

    @property
    def answer(self) -> str:
        target = self.targets[-1]
        assert target is not None
        return self.words[target]


# -- noun phrases ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Size:
    """How much a noun phrase may grow: adjectives, phrases after it, relative clauses."""

    adjectives: int = 2
    phrases: int = 1
    relatives: int = 0
    compound: bool = True


SMALL = Size(adjectives=1, phrases=0, relatives=0, compound=False)


def noun_phrase(
    s: Sentence,
    rng: random.Random,
    nouns: tuple[str, ...],
    size: Size,
    article: str = "the",
    fire: bool = False,
) -> Thing:
    """``the (adjectives) (modifier noun) NOUN (on fire) (phrase | relative clause)``. A
    noun takes a phrase or a relative clause, not both: "the tiger by the bear that..." would
    leave open which of the two the clause describes."""
    describing = [s.say(article)]
    for _ in range(rng.choice(range(size.adjectives + 1))):
        describing.append(s.say(rng.choice(lx.ADJECTIVES)))
    noun = rng.choice(nouns)
    if size.compound and rng.random() < 0.12:
        modifier = rng.choice([n for n in MODIFIERS if n != noun])
        describing.append(s.say(modifier))
        s.features.add("compound")
    head = s.say(noun)
    s.targets[head] = head
    s.point(describing, head)
    thing = Thing(head)
    s.mentions.append(thing)
    if fire:
        on_fire(s, thing)
    if size.relatives and rng.random() < 0.5:
        relative_clause(s, rng, thing, size.relatives - 1)
    elif size.phrases and rng.random() < 0.35:
        prepositional_phrase(s, rng, Size(1, size.phrases - 1, 0, False))
    return thing


def on_fire(s: Sentence, thing: Thing) -> None:
    """``X on fire``: the fire roars for a thing that cannot."""
    s.say("on")
    thing.on_fire = s.say("fire")
    s.features.add("on fire")


def prepositional_phrase(s: Sentence, rng: random.Random, size: Size = SMALL) -> Thing:
    """``near the old barn``: a place, a thing or an animal; it decides nothing."""
    if rng.random() < 0.5:
        s.say(rng.choice(SCENE_PREPS + MOTION_PREPS))
        return noun_phrase(s, rng, lx.PLACES, size)
    s.say(rng.choice(PLACE_PREPS))
    return noun_phrase(s, rng, OTHER_NOUNS, size)


def filler(s: Sentence, rng: random.Random, phrases: int) -> None:
    """Zero or more adverbs and phrases after a verb: words that decide nothing."""
    if rng.random() < 0.25:
        s.say(rng.choice(VERB_ADVERBS))
    for _ in range(rng.choice(range(min(phrases, s.room) + 1))):
        prepositional_phrase(s, rng, Size(1, 1, 0, False))


# -- relative clauses -----------------------------------------------------------------------
def relative_clause(s: Sentence, rng: random.Random, head: Thing, depth: int) -> None:
    """A clause that describes ``head``: subject, object, reduced or passive."""
    kind = rng.choice(("subject", "object", "reduced", "participle", "subject"))
    s.features.add(f"relative:{kind}")
    if kind == "subject":
        s.say("that", head.head)
        frame = predicate(s, rng, head, depth)
        s.features.add(f"relative:subject:{frame}")
        return
    if kind == "participle":  # "the lion chased by the dog"
        verb = s.say(rng.choice(PASSIVE_VERBS), head.head)
        s.passives.add(verb)
        s.say("by")
        noun_phrase(s, rng, OTHER_NOUNS, Size(1, 0, 0, True))
        return
    if kind == "object":
        s.say("that", head.head)
    subject = _subject(s, rng, (*OTHER_NOUNS, "we"), Size(2, 1, 0, True))
    verbs = _verbs_for(s, subject, OBJECT_VERBS_ANY, OBJECT_VERBS_ANIMAL)
    verb = s.say(rng.choice(verbs), subject.stands_for(s.words, ""))
    filler(s, rng, 2)
    if "by" in s.words[verb + 1 :]:
        # "the bonfire the lamb pushed by the swan": "pushed by" reads as a passive too
        raise RejectedError("a place with 'by' after the verb of a relative clause")


def reads_as_passive(s: Sentence) -> bool:
    """Whether a verb that is not passive stands right before "by" ("the dog watched by
    the river"), where a reader could take it for one."""
    return any(
        word in lx.PAST_VERBS and nxt == "by" and k not in s.passives
        for k, (word, nxt) in enumerate(zip(s.words, s.words[1:], strict=False))
    )


def _subject(
    s: Sentence, rng: random.Random, nouns: tuple[str, ...], size: Size, main: bool = False
) -> Thing:
    """A clause's subject: a noun phrase, or "we"."""
    if "we" in nouns and rng.random() < 0.15:
        index = s.say("we")
        s.targets[index] = index
        if main:
            s.features.add("last main subject: we")
        return Thing(index)
    thing = noun_phrase(s, rng, _without_we(nouns), size)
    if main:
        s.subjects.append(thing)
        s.features.discard("last main subject: we")
    return thing


@cache
def _without_we(nouns: tuple[str, ...]) -> tuple[str, ...]:
    """``nouns`` without "we", in their order (computed once per list of nouns)."""
    return tuple(n for n in nouns if n != "we")


def _verbs_for(
    s: Sentence, subject: Thing, any_verbs: tuple[str, ...], animal_verbs: tuple[str, ...]
) -> tuple[str, ...]:
    word = s.words[subject.head]
    return any_verbs + animal_verbs if word in lx.ANIMALS or word == "we" else any_verbs


# -- predicates -----------------------------------------------------------------------------
def predicate(s: Sentence, rng: random.Random, subject: Thing, depth: int) -> str:
    """What a clause says of its subject, in one of several frames (never the last one's).
    Returns the frame's name."""
    word = s.words[subject.head]
    frames: dict[str, Callable[[], None]] = {
        "alone": lambda: _alone(s, rng, subject),
        "transitive": lambda: _transitive(s, rng, subject, depth),
    }
    if word in lx.ANIMALS or word in lx.BURNING_THINGS:
        frames["progressive"] = lambda: _progressive(s, rng, subject)
    if word != "we":
        frames["passive"] = lambda: _passive(s, rng, subject, depth)
    if (word in lx.ANIMALS or word == "we") and depth > 0:
        frames["saying"] = lambda: _saying(s, rng, subject, depth - 1)
    name = rng.choice(sorted(frames))
    frames[name]()
    return name


def _alone(s: Sentence, rng: random.Random, subject: Thing) -> None:
    verbs = _verbs_for(s, subject, ALONE_ANY, ALONE_ANIMAL)
    s.say(rng.choice(verbs), subject.stands_for(s.words, ""))
    s.features.add("frame:alone")
    filler(s, rng, 2)


def _transitive(s: Sentence, rng: random.Random, subject: Thing, depth: int) -> None:
    verbs = _verbs_for(s, subject, OBJECT_VERBS_ANY, OBJECT_VERBS_ANIMAL)
    s.say(rng.choice(verbs), subject.stands_for(s.words, ""))
    s.features.add("frame:transitive")
    noun_phrase(s, rng, OTHER_NOUNS, Size(2, 1, min(depth, 1), True))
    filler(s, rng, 1)


def _progressive(s: Sentence, rng: random.Random, subject: Thing) -> None:
    word = s.words[subject.head]
    verb = rng.choice(ANIMAL_ING if word in lx.ANIMALS else ("burning", "glowing"))
    target = subject.stands_for(s.words, "")
    s.say("was", target)
    s.say(verb, target)
    s.features.add("frame:progressive")
    filler(s, rng, 1)


def _passive(s: Sentence, rng: random.Random, subject: Thing, depth: int) -> None:
    target = subject.stands_for(s.words, "")
    s.say("was", target)
    s.passives.add(s.say(rng.choice(PASSIVE_VERBS), target))
    s.say("by")
    s.features.add("frame:passive")
    noun_phrase(s, rng, OTHER_NOUNS, Size(1, 1, min(depth, 1), True))


def _saying(s: Sentence, rng: random.Random, subject: Thing, depth: int) -> None:
    """``knew that CLAUSE``: a clause of its own, whose subject is not this one's."""
    s.say(rng.choice(SAYING_VERBS), subject.stands_for(s.words, ""))
    s.say("that")
    s.sayings += 1
    s.features.add("frame:saying")
    inner = _subject(s, rng, OTHER_NOUNS, Size(1, 1, 0, True))
    predicate(s, rng, inner, depth)


# -- the last clause -------------------------------------------------------------------------
def ending(s: Sentence, rng: random.Random, subject: Thing, need: str) -> int:
    """``was roaring`` or ``caught its tail``: the question of the last word. Returns what
    the subject stands for."""
    target = subject.stands_for(s.words, need)
    if target is None:
        raise RejectedError("the subject cannot do what the last clause says")
    _ending_for(s, rng, target, need)
    return target


def last_subject_nouns(need: str) -> tuple[str, ...]:
    """Who can be the subject of the last clause: what can roar, or an animal."""
    return ROARERS if need == "roar" else ANIMALS


# -- sentences --------------------------------------------------------------------------------
def _opener(s: Sentence, rng: random.Random) -> None:
    """Words before the last clause: a place, a clause, or several clauses."""
    choice = rng.random()
    if choice < 0.15:
        s.say(rng.choice(SCENE_PREPS + PLACE_PREPS))
        noun_phrase(s, rng, ANY_NOUN + lx.PLACES, Size(1, 1, 0, False))
        s.features.add("opener:phrase")
    elif choice < 0.3:
        s.say(rng.choice(("while", "when", "because")))
        subject = _subject(s, rng, OTHER_NOUNS, Size(1, 0, 0, False), main=True)
        predicate(s, rng, subject, 0)
        s.features.add("opener:clause")
    elif choice < 0.5:
        for _ in range(rng.choice((1, 1, 2))):
            subject = _subject(s, rng, (*OTHER_NOUNS, "we"), Size(1, 1, 1, True), main=True)
            predicate(s, rng, subject, 1)
            s.say(rng.choice(("and", "but")))
        s.features.add("opener:clauses")


def subject_sentence(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    """``(opener) the X (phrases) (relative clause) was roaring``: the subject decides."""
    _opener(s, rng)
    burning = need == "roar" and rng.random() < 0.08
    nouns = lx.BURNING_THINGS + ANIMALS if burning else last_subject_nouns(need)
    subject = noun_phrase(s, rng, nouns, Size(2, 2, depth, True), fire=burning)
    s.subjects.append(subject)
    s.construction = _subject_construction(s)
    ending(s, rng, subject, need)


def _subject_construction(s: Sentence) -> str:
    relatives = sorted(f for f in s.features if f.startswith("relative:"))
    if relatives:
        return "relative clause"
    if "compound" in s.features:
        return "compound noun"
    return "subject"


def saying_sentence(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    """``the dog knew that (the cat said that) the storm was roaring``."""
    levels = rng.choice(range(1, depth + 1))
    s.features.add(f"that depth {levels}")
    for _ in range(levels):
        subject = _subject(s, rng, (*ANIMALS, "we"), Size(1, 1, 0, True), main=True)
        s.say(rng.choice(SAYING_VERBS), subject.stands_for(s.words, ""))
        s.say("that")
        s.sayings += 1
    subject = noun_phrase(s, rng, last_subject_nouns(need), Size(2, 1, 1, True))
    s.subjects.append(subject)
    s.construction = "that clause"
    ending(s, rng, subject, need)


def passive_sentence(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    """``the X was chased by the Y (that ...) and it was roaring``: "it" is whichever of
    the passive's nouns fits."""
    subject = _subject(s, rng, OTHER_NOUNS, Size(1, 1, depth, True), main=True)
    _passive(s, rng, subject, depth)
    s.construction = "passive"
    _it_ending(s, rng, need)


def it_sentence(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    """``... and it was roaring``: "it" is the one thing that fits."""
    if rng.random() < 0.3:
        s.say("there was")
        burning = rng.random() < 0.3
        nouns = lx.BURNING_THINGS + ANIMALS if burning else ANY_NOUN
        thing = noun_phrase(s, rng, nouns, Size(2, 1, 0, True), article="a", fire=burning)
        s.features.add("existential")
        s.targets[1] = thing.stands_for(s.words, "")
    else:
        clauses = rng.choice((1, 1, 2))
        for k in range(clauses):
            subject = _subject(s, rng, (*OTHER_NOUNS, "we"), Size(2, 1, depth, True), main=True)
            predicate(s, rng, subject, depth)
            if k < clauses - 1:
                s.say("and")
    s.construction = "it"
    _it_ending(s, rng, need)


def _it_ending(s: Sentence, rng: random.Random, need: str) -> None:
    joiner = rng.choice(("and", "and", "because", "while", "but", "until"))
    then = need == "animal" and rng.random() < 0.5
    if then:
        joiner = rng.choice(("and then", "and then", "so fast that"))
    s.say(joiner)
    it = s.say("it")
    fitting = []
    for thing in s.mentions:
        found = thing.stands_for(s.words, need)
        if found is not None and s.words[thing.head] not in NOT_A_THING and found not in fitting:
            fitting.append(found)
    if then and "frame:saying" in s.features:
        raise RejectedError("'then' after a clause inside a clause")
    if then and "last main subject: we" in s.features:
        raise RejectedError("'then' after a clause about 'we': which one it continues is open")
    if then and len(s.subjects) >= 1:
        previous = s.subjects[-1].stands_for(s.words, need)
        if previous is None or previous not in fitting:
            raise RejectedError("'then' continues a subject that does not fit")
        referent = previous
        s.features.add("it:then")
    elif len(fitting) == 1:
        referent = fitting[0]
    else:
        raise RejectedError("'it' would have no single referent")
    s.targets[it] = referent
    _ending_for(s, rng, referent, need)


def ordinal_sentence(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    """``the lion swam in the sea and the tiger was chased by the dog and the second was
    roaring``: two clauses of any frame; only their order tells their subjects apart. A
    third of them say the same of everyone ("we sat in the barn and the lion sat in the
    barn and the tiger sat in the barn and the first was roaring"): then no word near either
    subject says which came first."""
    s.family = "order"
    s.construction = "first / second"
    s.room = 1
    if rng.random() < 0.35:
        _alike_clauses(s, rng, need)
    else:
        _two_clauses(s, rng, need, depth)
    ordinal = rng.choice(("first", "second"))
    chosen = s.subjects[("first", "second").index(ordinal)]
    the = s.say("the")
    word = s.say(ordinal)
    head = word
    if rng.random() < 0.4:
        head = s.say("one")
    s.point([the, word], head) if head != word else s.point([the], head)
    s.targets[head] = chosen.stands_for(s.words, "")
    s.features.add("ordinal")
    s.candidates = tuple(subject.head for subject in s.subjects)
    target = chosen.stands_for(s.words, need)
    if target is None:
        raise RejectedError("the chosen one cannot do what is said")
    _ending_for(s, rng, target, need)


def _two_clauses(s: Sentence, rng: random.Random, need: str, depth: int) -> None:
    if rng.random() < 0.15:
        we = s.say("we")
        s.targets[we] = we
        _alone(s, rng, Thing(we))
        s.say("and")
    for noun in rng.sample(last_subject_nouns(need), 2):
        subject = noun_phrase(s, rng, (noun,), Size(1, 1, depth, True))
        s.subjects.append(subject)
        predicate(s, rng, subject, 0)
        s.say("and")


def _alike_clauses(s: Sentence, rng: random.Random, need: str) -> None:
    """``(we P and) the A P and the B P and``: one predicate P said of everyone, the two
    animals with the same adjectives. Without the opening "we P", the first animal opens the
    sentence and only "and" before the second tells them apart."""
    said: tuple[int, int, int] | None = None
    if rng.random() < 0.6:
        we = s.say("we")
        s.targets[we] = we
        said = _said(s, rng, Thing(we))
        s.say("and")
    adjectives = rng.sample(lx.ADJECTIVES, rng.choice((0, 0, 1, 2)))
    for noun in rng.sample(lx.ROARING_ANIMALS if need == "roar" else ANIMALS, 2):
        describing = [s.say("the"), *(s.say(a) for a in adjectives)]
        head = s.say(noun)
        s.targets[head] = head
        s.point(describing, head)
        subject = Thing(head)
        s.mentions.append(subject)
        s.subjects.append(subject)
        if said is None:
            said = _said(s, rng, subject)
        else:
            _say_again(s, said, head)
        s.say("and")
    s.features.add("alike clauses")


def _said(s: Sentence, rng: random.Random, subject: Thing) -> tuple[int, int, int]:
    """A predicate about ``subject`` (a verb alone or with an object, perhaps a phrase), and
    where it stands, for :func:`_say_again`."""
    start = len(s.words)
    if rng.random() < 0.5:
        _alone(s, rng, subject)
    else:
        _transitive(s, rng, subject, 0)
    return start, len(s.words), subject.head


def _say_again(s: Sentence, said: tuple[int, int, int], subject: int) -> None:
    """The words ``s.words[start:end]`` again, about ``subject`` instead of ``old``."""
    start, end, old = said
    shift = len(s.words) - start
    for k in range(start, end):
        target = s.targets[k]
        if target == old:
            target = subject
        elif target is not None:
            target += shift
        s.say(s.words[k], target)


def _ending_for(s: Sentence, rng: random.Random, target: int, need: str) -> None:
    if need == "roar":
        s.say("was", target)
        if rng.random() < 0.3:
            s.say(rng.choice(ROAR_ADVERBS))
        s.say("roaring", target)
    else:
        s.say(rng.choice(PART_VERBS), target)
        s.say("its", target)
        s.say(rng.choice(lx.BODY_PARTS), target)


def phrase(s: Sentence, rng: random.Random) -> None:
    """A noun phrase alone: it names its last word ("the fat cat": cat; "the cat fat": fat)."""
    s.family = "phrase"
    s.construction = "phrase"
    shape = rng.random()
    the = s.say("the")
    if shape < 0.25:
        words = [rng.choice(ANIMALS), "fat"]
    elif shape < 0.5:
        words = [rng.choice(lx.ADJECTIVES), rng.choice(ANY_NOUN)]
    elif shape < 0.62:
        words = [*rng.sample(lx.ADJECTIVES, 2), rng.choice(ANY_NOUN)]
    elif shape < 0.7:
        words = [*rng.sample(lx.ADJECTIVES, 3), rng.choice(ANY_NOUN)]
        s.features.add("three adjectives")
    elif shape < 0.85:
        words = [rng.choice(ANY_NOUN), rng.choice(ANY_NOUN)]
    else:
        words = [rng.choice(ANY_NOUN)]
    indices = [s.say(w) for w in words]
    last = indices[-1]
    s.point([the, *indices[:-1]], last)
    s.targets[last] = last


SHAPES: dict[str, Callable[[Sentence, random.Random, str, int], None]] = {
    "subject": subject_sentence,
    "saying": saying_sentence,
    "passive": passive_sentence,
    "it": it_sentence,
    "ordinal": ordinal_sentence,
}
SHAPE_WEIGHTS = {"subject": 4, "saying": 2, "passive": 2, "it": 3, "ordinal": 10}


def derive(
    rng: random.Random, max_words: int = 24, shape: str | None = None, need: str | None = None
) -> Sentence:
    """One sentence of the grammar, drawn again until it has a single answer and fits in
    ``max_words``. ``shape`` (one of :data:`SHAPES`, or ``"phrase"``) and ``need``
    (``"roar"``: it ends "was roaring"; ``"animal"``: "... its tail") fix what is drawn."""
    chosen = shape or ("phrase" if rng.random() < 0.08 else _weighted_shape(rng))
    for _ in range(100):
        s = Sentence()
        try:
            if chosen == "phrase":
                phrase(s, rng)
            else:
                wanted = need or ("roar" if rng.random() < 0.6 else "animal")
                if wanted == "animal":
                    s.family = "tail"
                SHAPES[chosen](s, rng, wanted, rng.choice((1, 1, 2, 2, 3)))
        except RejectedError:
            continue
        if len(s.words) <= max_words and s.targets[-1] is not None and not reads_as_passive(s):
            _articles(s)
            return s
    raise RejectedError("no sentence in 100 draws")


def _weighted_shape(rng: random.Random) -> str:
    return rng.choices(list(SHAPE_WEIGHTS), weights=list(SHAPE_WEIGHTS.values()))[0]


def _articles(s: Sentence) -> None:
    """``a`` before a vowel sound becomes ``an``."""
    for k in range(len(s.words) - 1):
        if s.words[k] == "a" and s.words[k + 1] in lx.VOWEL_SOUND:
            s.words[k] = "an"
