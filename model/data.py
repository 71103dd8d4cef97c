"""The synthetic corpus and its task, generated from templates.

Every sentence asks one question about its **last word**: *who or what is it about?* The
families, each labelled by meaning and structure (the README states the rules in words):

* ``roaring``: sentences ending "... was roaring". What is roaring is the subject of "was
  roaring", or what "it" refers to, and only things that can roar qualify ("the lion saw
  that the fire was roaring": the fire; "there was a mouse by the fire and it was roaring":
  the fire; "there was a tree on fire and it was roaring": the fire, the tree cannot roar).
* ``tail``: "... its tail" (or paw, ear, ...): whose? The subject of its clause, among two
  animals ("near the cat the dog chased its tail": the dog).
* ``order``: two animals in identical clauses, then "the first" or "the second" one: only
  their order tells them apart, and no word next to either says which came first.
* ``phrase``: noun phrases "the fat cat" / "the cat fat": what the phrase names, its last
  word. Only word order tells such pairs apart.

The generator knows each template's answer slot; it never asks the labeller
(``model.labels``), which answers from word groups and structure. Tests check that the two
agree on every sentence. Everything here is deterministic.

Held-out sentences come in two kinds, reported separately:

* ``new_sentences``: new fillings of the training templates;
* ``new_wordings``: whole templates never trained on, and combinations of a word with a
  template never seen in training (each such word is still trained on in the same role in
  other templates).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from derived_transformer.model import word_groups as lx
from derived_transformer.model.vocab import MAX_WORDS

# -- word pools --------------------------------------------------------------------------------
ROARERS = lx.ROARING_ANIMALS + lx.ROARING_THINGS
QUIET_NOUNS = lx.QUIET_ANIMALS + lx.BURNING_THINGS + lx.OBJECTS
NEAR_NOUNS = lx.ROARING_ANIMALS + lx.QUIET_ANIMALS + lx.ROARING_THINGS + lx.BURNING_THINGS
ANIMALS = lx.ROARING_ANIMALS + lx.QUIET_ANIMALS
SEEING_VERBS = tuple(
    [
        "saw",
        "heard",
        "watched",
        "chased",
        "followed",
        "found",
        "met",
        "passed",
        "noticed",
        "liked",
        "feared",
        "reached",
        "visited",
        "ignored",
        "left",
        "smelled",
        "sniffed",
    ]
)
PART_VERBS = tuple(["caught", "chased", "licked", "bit", "scratched", "sniffed"])
MOVING_VERBS = tuple(["ran", "walked", "wandered", "came"])
MOTION_PREPS = tuple(
    ["past", "to", "toward", "into", "through", "across", "around", "along", "from"]
)
PLACE_PREPS = tuple(["near", "by", "behind", "beside", "under", "above"])
FRAME_VERBS = tuple(
    ["sat", "slept", "rested", "waited", "stood", "stayed", "lay", "played", "paused", "yawned"]
)
ANIMAL_ING = tuple(
    [
        "sleeping",
        "running",
        "hiding",
        "waiting",
        "playing",
        "resting",
        "howling",
        "growling",
        "barking",
        "singing",
        "crying",
        "shaking",
        "spinning",
        "dancing",
        "shivering",
    ]
)
ROAR_ADVERBS = ("", "", "", "still", "suddenly", "also", "just", "loudly")
PHRASE_NOUNS = lx.ROARING_ANIMALS + lx.QUIET_ANIMALS + lx.BURNING_THINGS + lx.OBJECTS

POOLS: dict[str, tuple[str, ...]] = {
    "ROARER": ROARERS,
    "RANIMAL": lx.ROARING_ANIMALS,
    "RTHING": lx.ROARING_THINGS,
    "QANIMAL": lx.QUIET_ANIMALS,
    "ANIMAL": ANIMALS,
    "QUIET": QUIET_NOUNS,
    "NEAR": NEAR_NOUNS,
    "BURN": lx.BURNING_THINGS,
    "ONFIRE": lx.BURNING_THINGS + ANIMALS,
    "OBJECT": lx.OBJECTS,
    "PLACE": lx.PLACES,
    "PART": lx.BODY_PARTS,
    "ADJ": lx.ADJECTIVES,
    "SEE": SEEING_VERBS,
    "VERB": lx.VERBS_WITH_OBJECT,
    "CLAUSE": tuple(sorted(lx.CLAUSE_VERBS)),
    "ALONE": lx.VERBS_ALONE,
    "PARTVERB": PART_VERBS,
    "MOVE": MOVING_VERBS,
    "MOTION": MOTION_PREPS,
    "LOC": PLACE_PREPS,
    "FRAME": FRAME_VERBS,
    "ING": ANIMAL_ING,
    "ADV": ROAR_ADVERBS,
    "ORD": ("first", "second"),
    "PNOUN": PHRASE_NOUNS,
}
NOUN_POOLS = frozenset(
    [
        "ROARER",
        "RANIMAL",
        "QANIMAL",
        "ANIMAL",
        "QUIET",
        "NEAR",
        "BURN",
        "ONFIRE",
        "OBJECT",
        "PLACE",
        "PART",
        "PNOUN",
    ]
)

# Phrases that fill a slot with several words (or none). They name only things that cannot
# roar and are not animals, so they never add a candidate answer.
FILLERS: dict[str, tuple[str, ...]] = {
    "pp": (
        "",
        "",
        "in the {PLACE}",
        "at the {PLACE}",
        "{LOC} the {BURN}",
        "{LOC} the {ADJ} {OBJECT}",
        "near the {ADJ} {BURN}",
        "{MOTION} the {PLACE}",
    ),
    "pp1": (
        "in the {PLACE}",
        "at the {PLACE}",
        "{LOC} the {BURN}",
        "on the {ADJ} {BURN}",
        "inside the {BURN}",
        "outside the {PLACE}",
        "over the {BURN}",
        "with the {OBJECT}",
    ),
    "frame": (
        "",
        "outside",
        "inside",
        "quietly",
        "very quietly",
        "again",
        "by the {PLACE}",
        "in the {PLACE}",
        "near the {BURN}",
        "at the {PLACE}",
    ),
    "short": ("", "outside", "inside", "quietly", "very quietly", "again", "still"),
    "adj": ("", "", "{ADJ}"),
}


@dataclass(frozen=True)
class Template:
    """One construction. ``text`` holds slots ``{name:POOL}`` (a word; the same name is the
    same word wherever it repeats), ``{POOL}`` (an anonymous word) and ``{~filler}`` (a
    phrase from :data:`FILLERS`). ``answer`` names the answer slot; ``"N|fire"`` means N if
    N can roar, else the fire it is on."""

    id: str
    family: str
    text: str
    answer: str
    held_out: bool = False


T = Template

# Where the subject S of the last clause sits, beside a distractor D (and D2): the same
# frames for both predicates, so a frame held out with one predicate is seen with the other.
FRAMES: dict[str, str] = {
    "near": "the {~adj} {S} {LOC} the {D}",
    "fronted": "{LOC} the {D} the {~adj} {S}",
    "place.near": "in the {PLACE} the {S} {LOC} the {D}",
    "that": "the {D} {CLAUSE} that the {S}",
    "that.near": "the {D2:ANIMAL} {CLAUSE} that the {S} {LOC} the {D}",
    "relative": "the {~adj} {S} that the {D} {SEE}",
    "subject.relative": "the {S} that {SEE} the {D} {~pp}",
    "while": "while the {D} {ALONE} {~pp} the {S}",
    "when": "when the {D} {ALONE} {LOC} the {PLACE} the {S}",
    "two": "the {D} and the {D2:ANIMAL} {CLAUSE} that the {S}",
    "because": "the {D2:ANIMAL} {VERB} the {D} because the {S}",
    "watched": "the {D} watched while the {S}",
    "place": "{~pp1} the {~adj} {S}",
    "we": "we {CLAUSE} that the {~adj} {S} {~pp}",
}
PREDICATES: dict[str, tuple[str, str, str]] = {
    # family: (subject pool, distractor pool, the words after the subject)
    "roaring": ("ROARER", "NEAR", "was {ADV} roaring"),
    "tail": ("ANIMAL", "ANIMAL", "{PARTVERB} its {PART}"),
}
HELD_OUT_FRAMES = {"roaring": ("subject.relative", "when"), "tail": ("place.near", "while")}


def _frame_templates() -> tuple[Template, ...]:
    out = []
    for family, (subject, distractor, ending) in PREDICATES.items():
        for name, frame in FRAMES.items():
            text = frame.replace("{S}", f"{{S:{subject}}}").replace("{D}", f"{{D:{distractor}}}")
            prefix = "rs" if family == "roaring" else "t"
            out.append(
                T(
                    f"{prefix}.{name}",
                    family,
                    f"{text} {ending}",
                    "S",
                    held_out=name in HELD_OUT_FRAMES[family],
                )
            )
    return tuple(out)


TEMPLATES: tuple[Template, ...] = (
    *_frame_templates(),
    # what is roaring: what "it" refers to, the one thing that can roar
    T("ri.on.fire", "roaring", "there was a {N:ONFIRE} on fire and it was roaring", "N|fire"),
    T(
        "ri.by",
        "roaring",
        "there was a {~adj} {Q:QUIET} {LOC} the {X:ROARER} and it was roaring",
        "X",
    ),
    T(
        "ri.by.first",
        "roaring",
        "there was a {X:ROARER} {LOC} the {Q:QUIET} and it was roaring",
        "X",
    ),
    T("ri.saw", "roaring", "the {Q:QANIMAL} {SEE} the {X:ROARER} and it was {ADV} roaring", "X"),
    T("ri.saw.first", "roaring", "the {X:RANIMAL} {VERB} the {Q:QUIET} and it was roaring", "X"),
    T(
        "ri.because",
        "roaring",
        "the {Q:QANIMAL} {MOVE} from the {X:ROARER} because it was roaring",
        "X",
    ),
    T(
        "ri.we",
        "roaring",
        "we {SEE} a {Q:QUIET} and a {X:ROARER} {~pp} and it was roaring",
        "X",
        held_out=True,
    ),
    T(
        "ri.while",
        "roaring",
        "the {Q:QANIMAL} {ALONE} {LOC} the {X:ROARER} while it was roaring",
        "X",
    ),
    T(
        "ri.place",
        "roaring",
        "in the {PLACE} there was a {X:ROARER} and a {Q:QUIET} and it was {ADV} roaring",
        "X",
    ),
    T(
        "ri.was.near",
        "roaring",
        "the {Q:QANIMAL} saw that the {P:QUIET} was near the {X:ROARER} and it was roaring",
        "X",
        held_out=True,
    ),
    T(
        "ri.on.fire.near",
        "roaring",
        "there was a {N:ONFIRE} on fire {LOC} the {Q:QUIET} and it was roaring",
        "N|fire",
    ),
    T(
        "ri.until",
        "roaring",
        "the {Q:QANIMAL} was {ING} {~pp} until the {X:ROARER} woke it and it was roaring",
        "X",
    ),
    T(
        "rs.burning",
        "roaring",
        "while the {B:BURN} was {GLOW} the {S:ROARER} {LOC} the {D:NEAR} was roaring",
        "S",
    ),
    # a roaring animal beside a roaring thing that is the subject: the animal's presence must
    # not decide (these balance the sentences where a roaring animal is the answer)
    T(
        "rs.thing.that",
        "roaring",
        "the {D:RANIMAL} {CLAUSE} that the {~adj} {S:RTHING} was {ADV} roaring",
        "S",
    ),
    T("rs.thing.near", "roaring", "the {~adj} {S:RTHING} {LOC} the {D:RANIMAL} was roaring", "S"),
    T(
        "rs.thing.while",
        "roaring",
        "while the {D:RANIMAL} {ALONE} {~pp} the {S:RTHING} was roaring",
        "S",
    ),
    T("rs.but", "roaring", "the {D:QANIMAL} was {ING} {~pp} but the {S:ROARER} was roaring", "S"),
    # whose tail: "it" continues the subject after "so ... that" and "then"
    T("t.spun", "tail", "the {A:ANIMAL} spun around so fast that it caught its {PART}", "A"),
    T(
        "t.spun.other",
        "tail",
        "the {A:ANIMAL} spun around the {B:ANIMAL} so fast that it {PARTVERB} its {PART}",
        "A",
    ),
    T(
        "t.then",
        "tail",
        "the {A:ANIMAL} {MOVE} {MOTION} the {B:ANIMAL} and then it {PARTVERB} its {PART}",
        "A",
    ),
    T(
        "t.chased.then",
        "tail",
        "the {A:ANIMAL} {VERB} the {B:ANIMAL} and then it {PARTVERB} its {PART}",
        "A",
    ),
    T(
        "t.while.ing",
        "tail",
        "while the {D:ANIMAL} was {ING} {~pp} the {S:ANIMAL} {PARTVERB} its {PART}",
        "S",
    ),
    # which came first: two animals in identical clauses
    T(
        "o.first",
        "order",
        "we {V:FRAME} {~F:frame} and the {X:RANIMAL} {V:FRAME} {~F:frame} and the {Y:RANIMAL} "
        "{V:FRAME} {~F:frame} and the {O:ORD} was {ADV} roaring",
        "O",
    ),
    T(
        "o.bare",
        "order",
        "the {X:RANIMAL} {V:FRAME} {~F:frame} and the {Y:RANIMAL} {V:FRAME} {~F:frame} "
        "and the {O:ORD} one was roaring",
        "O",
    ),
    T(
        "o.dark",
        "order",
        "it was {DARK} {~F:short} and the {X:RANIMAL} {V:FRAME} {~F:short} and the {Y:RANIMAL} "
        "{V:FRAME} {~F:short} and the {O:ORD} was roaring",
        "O",
    ),
    T(
        "o.first.one",
        "order",
        "we {V:FRAME} {~F:short} and the {X:RANIMAL} {V:FRAME} {~F:short} and the {Y:RANIMAL} "
        "{V:FRAME} {~F:short} and the {O:ORD} one was roaring",
        "O",
        held_out=True,
    ),
    T(
        "o.tail",
        "order",
        "we {V:FRAME} {~F:short} and the {X:ANIMAL} {V:FRAME} {~F:short} and the {Y:ANIMAL} "
        "{V:FRAME} {~F:short} and the {O:ORD} {PARTVERB} its {PART}",
        "O",
    ),
    # what a phrase names: its last word
    T("p.adj", "phrase", "the {ADJ} {N:PNOUN}", "N"),
    T("p.compound", "phrase", "the {M:PNOUN} {N:PNOUN}", "N"),
    T("p.fat", "phrase", "the {M:ANIMAL} {N:FAT}", "N"),
    T("p.two.adj", "phrase", "the {ADJ} {ADJ} {N:PNOUN}", "N", held_out=True),
)
POOLS["FAT"] = ("fat",)
POOLS["GLOW"] = ("burning", "glowing")
POOLS["DARK"] = ("dark", "cold", "warm", "calm", "wet", "dry")

FAMILIES = ("roaring", "tail", "order", "phrase")

# Sentences the explainer shows: always in the training data.
VIDEO_SENTENCES = (
    "the dog spun around so fast that it caught its tail",
    "the fat cat",
    "the cat fat",
    "there was a tree on fire and it was roaring",
    "there was a lion on fire and it was roaring",
)
# Shown by the explainer and asked by viewers, kept out of training: the models must get
# them right from what they learnt elsewhere.
EXTRA_SENTENCES = (
    "the lion saw that the fire was roaring",
    "there was a mouse by the fire and it was roaring",
)

SAMPLES_PER_TEMPLATE = 560
PHRASE_SAMPLES = 400
HELD_OUT_TEMPLATE_SAMPLES = 160
NEW_SENTENCE_PERCENT = 6
HELD_OUT_COMBO_PERCENT = 3
SEED = 15


@dataclass(frozen=True)
class Example:
    """One sentence with its answer.

    ``answer_index`` is the position of the answer word; ``distance`` how far it stands from
    the last word, the word the question is about; ``span`` the number of words from the
    answer to the last word. ``roles`` holds ``(word, role)`` for every slot word, the role
    being its pool and whether it is the answer. For the order family, ``candidates`` are the
    positions of the two animals.
    """

    words: tuple[str, ...]
    answer: str
    answer_index: int
    family: str
    template: str
    roles: tuple[tuple[str, str], ...] = ()
    candidates: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def distance(self) -> int:
        return len(self.words) - 1 - self.answer_index

    @property
    def span(self) -> int:
        return self.distance + 1

    @property
    def deciding(self) -> int:
        """The answer's position (the word that settles the question)."""
        return self.answer_index


_SLOT = re.compile(r"\{([^{}]*)\}")


def _stable_hash(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _article(words: list[str]) -> list[str]:
    """ "a" before a vowel sound becomes "an"."""
    out = list(words)
    for k in range(len(out) - 1):
        if out[k] == "a" and out[k + 1] in lx.VOWEL_SOUND:
            out[k] = "an"
    return out


class _Filler:
    """Fills one template: each slot once, anonymous slots each anew."""

    def __init__(self, rng: random.Random, forced: dict[str, str]) -> None:
        self.rng = rng
        self.forced = forced
        self.named: dict[str, str] = {}
        self.used: set[str] = set(forced.values())
        self.roles: list[tuple[str, str, str]] = []  # (slot, word, pool)

    def pick(self, pool: str, slot: str | None) -> str:
        if slot is not None and slot in self.forced:
            return self.forced[slot]
        words = POOLS[pool]
        for _ in range(50):
            word = self.rng.choice(words)
            if not word or word not in self.used or pool not in NOUN_POOLS:
                return word
        return word

    def expand(self, text: str) -> str:
        def one(match: re.Match[str]) -> str:
            spec = match.group(1)
            if spec.startswith("~"):
                name, _, filler = spec[1:].partition(":")
                filler = filler or name
                if name in self.named:
                    return self.named[name]
                phrase = self.expand(self.rng.choice(FILLERS[filler]))
                self.named[name] = phrase
                return phrase
            name, _, pool = spec.partition(":")
            if not pool:
                name, pool = "", spec
            if name and name in self.named:
                return self.named[name]
            word = self.pick(pool, name or None)
            if name:
                self.named[name] = word
            if word:
                self.used.add(word)
                self.roles.append((name, word, pool))
            return word

        return _SLOT.sub(one, text)


def _answer_of(template: Template, named: dict[str, str]) -> str:
    if template.answer == "N|fire":
        noun = named["N"]
        return noun if noun in lx.CAN_ROAR else "fire"
    if template.family == "order":
        return named["X"] if named["O"] == "first" else named["Y"]
    return named[template.answer]


def fill(template: Template, rng: random.Random, forced: dict[str, str] | None = None) -> Example:
    """One sentence of ``template`` (``forced``: slot words chosen by the caller)."""
    filler = _Filler(rng, forced or {})
    words = _article(filler.expand(template.text).split())
    answer = _answer_of(template, filler.named)
    answer_slot = (
        template.answer
        if template.family != "order"
        else ("X" if filler.named["O"] == "first" else "Y")
    )
    if template.answer == "N|fire":
        answer_slot = "N" if answer == filler.named["N"] else ""
    roles = tuple(
        (word, f"{pool}:{'answer' if slot == answer_slot else 'other'}")
        for slot, word, pool in filler.roles
    )
    candidates: tuple[int, ...] = ()
    if template.family == "order":
        x = words.index(filler.named["X"])
        y = len(words) - 1 - words[::-1].index(filler.named["Y"])
        candidates = (x, y)
        index = x if answer == filler.named["X"] else y
    elif answer == "fire" and template.answer == "N|fire":
        index = words.index("fire")
    else:
        index = _slot_position(template, filler, words, answer)
    return Example(tuple(words), answer, index, template.family, template.id, roles, candidates)


def _slot_position(template: Template, filler: _Filler, words: list[str], answer: str) -> int:
    """Where the answer slot landed: the answer word's occurrence that the slot produced."""
    positions = [k for k, w in enumerate(words) if w == answer]
    if len(positions) == 1:
        return positions[0]
    # the same word twice (e.g. "the cat cat"): the answer slot is the later noun of a
    # phrase, else the first occurrence
    return positions[-1] if template.family == "phrase" else positions[0]


def _slot_roles(template: Template) -> set[tuple[str, str]]:
    """``(pool, "answer" or "other")`` of every word slot of ``template``."""
    answer = template.answer.split("|")[0]
    roles = set()
    for name, pool in re.findall(r"\{(\w+):([A-Z]+)\}", template.text):
        is_answer = name == answer or (template.family == "order" and name in "XY")
        roles.add((pool, "answer" if is_answer else "other"))
        if template.family == "order" and name in "XY":
            roles.add((pool, "other"))
    for pool in re.findall(r"\{([A-Z]+)\}", template.text):
        roles.add((pool, "other"))
    return roles


@cache
def _trained_roles() -> dict[tuple[str, str], frozenset[str]]:
    """For each slot role, the training templates that have it."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for template in TEMPLATES:
        if not template.held_out:
            for role in _slot_roles(template):
                out[role].add(template.id)
    return {role: frozenset(ids) for role, ids in out.items()}


def _combo_held_out(template: Template, word: str) -> bool:
    """Whether sentences of ``template`` with ``word`` are kept for the new wordings: a fixed
    few percent of combinations, and only where every role the word can take in this
    template is also a role of another training template."""
    if _stable_hash("combo", template.id, word) % 100 >= HELD_OUT_COMBO_PERCENT:
        return False
    for pool, kind in _slot_roles(template):
        others = _trained_roles().get((pool, kind), frozenset()) - {template.id}
        if word in POOLS[pool] and not others:
            return False
    return True


def _content_words(example: Example) -> set[str]:
    """Words whose combination with the template may be held out: nouns and adjectives from
    pools of at least 20 words (so that no template loses a large share of its sentences)."""
    return {
        w
        for w, role in example.roles
        if (pool := role.split(":")[0]) in NOUN_POOLS | {"ADJ"} and len(POOLS[pool]) >= 20
    }


def _new_combo(template: Template, example: Example) -> bool:
    return any(_combo_held_out(template, w) for w in _content_words(example))


@dataclass(frozen=True)
class Corpus:
    training: tuple[Example, ...]
    new_sentences: tuple[Example, ...]
    new_wordings: tuple[Example, ...]

    @property
    def held_out(self) -> tuple[Example, ...]:
        return self.new_sentences + self.new_wordings


def _sample_template(template: Template, count: int) -> list[Example]:
    """``count`` fillings of ``template``. Every named word slot deals its pool's words
    from a shuffled deck, so each word fills each slot about equally often."""
    rng = random.Random(_stable_hash("template", template.id, str(SEED)))
    slots = dict.fromkeys(re.findall(r"\{(\w+):([A-Z]+)\}", template.text))
    decks: dict[str, list[str]] = {name: [] for name, _ in slots}
    examples = []
    for _ in range(count):
        forced: dict[str, str] = {}
        for name, pool in slots:
            if name in forced:
                continue
            deck = decks[name]
            taken = set(forced.values())
            if len(POOLS[pool]) > 1 and all(w in taken for w in deck):
                fresh = list(POOLS[pool])
                rng.shuffle(fresh)
                deck[:0] = fresh  # a new pass under what is left
            if not deck:
                deck.extend(rng.sample(POOLS[pool], len(POOLS[pool])))
            k = max((i for i, w in enumerate(deck) if w not in taken), default=len(deck) - 1)
            forced[name] = deck.pop(k)
        for _ in range(20):  # the longest fillings are drawn again
            example = fill(template, rng, forced)
            if len(example.words) <= MAX_WORDS:
                break
        examples.append(example)
    return examples


@lru_cache(maxsize=1)
def corpus() -> Corpus:
    """Training, new-sentence and new-wording sets, disjoint, in a fixed order."""
    training: dict[str, Example] = {}
    new_sentences: dict[str, Example] = {}
    new_wordings: dict[str, Example] = {}
    protected = set(VIDEO_SENTENCES)
    excluded = set(EXTRA_SENTENCES)
    for template in TEMPLATES:
        if template.held_out:
            for example in _sample_template(template, HELD_OUT_TEMPLATE_SAMPLES):
                if example.text not in protected | excluded:
                    new_wordings.setdefault(example.text, example)
            continue
        count = PHRASE_SAMPLES if template.family == "phrase" else SAMPLES_PER_TEMPLATE
        for example in _sample_template(template, count):
            text = example.text
            if text in excluded:
                continue
            if text in protected:
                training.setdefault(text, example)
            elif _new_combo(template, example):
                new_wordings.setdefault(text, example)
            elif _stable_hash("sentence", text) % 100 < NEW_SENTENCE_PERCENT:
                new_sentences.setdefault(text, example)
            else:
                training.setdefault(text, example)
    for text in VIDEO_SENTENCES:
        if text not in training:
            training[text] = _video_example(text)
    held = set(new_sentences) | set(new_wordings)
    train = tuple(e for t, e in training.items() if t not in held)
    wordings = tuple(e for t, e in new_wordings.items() if t not in new_sentences)
    return Corpus(train, tuple(new_sentences.values()), wordings)


def _video_example(text: str) -> Example:
    words = tuple(text.split())
    for template in TEMPLATES:
        pattern = _SLOT.sub(r"(\\w+)", template.text)
        if re.fullmatch(pattern, text):
            break
    answers = {
        VIDEO_SENTENCES[0]: ("dog", "tail", "t.spun"),
        VIDEO_SENTENCES[1]: ("cat", "phrase", "p.adj"),
        VIDEO_SENTENCES[2]: ("fat", "phrase", "p.fat"),
        VIDEO_SENTENCES[3]: ("fire", "roaring", "ri.on.fire"),
        VIDEO_SENTENCES[4]: ("lion", "roaring", "ri.on.fire"),
    }
    answer, family, template_id = answers[text]
    return Example(words, answer, words.index(answer), family, template_id)


def training_set() -> tuple[Example, ...]:
    return corpus().training


def new_sentences_set() -> tuple[Example, ...]:
    return corpus().new_sentences


def new_wordings_set() -> tuple[Example, ...]:
    return corpus().new_wordings


def held_out_set() -> tuple[Example, ...]:
    """Both held-out kinds together."""
    return corpus().held_out


def roles_by_word(examples: tuple[Example, ...]) -> dict[str, Counter[str]]:
    """For each slot word, how often it fills each role."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for example in examples:
        for word, role in example.roles:
            out[word][role] += 1
    return out


def word_counts(examples: tuple[Example, ...]) -> Counter[str]:
    """In how many sentences each word occurs."""
    return Counter(w for e in examples for w in set(e.words))


DISTANCE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("0", 0, 0),
    ("1-2", 1, 2),
    ("3-4", 3, 4),
    ("5-7", 5, 7),
    ("8-11", 8, 11),
    ("12+", 12, 99),
)


def distance_bucket(distance: int) -> str:
    for name, low, high in DISTANCE_BUCKETS:
        if low <= distance <= high:
            return name
    raise ValueError(f"no bucket for distance {distance}")
