"""The words the models know, grouped by role, and what each group can do.

This is knowledge about words, shared by the corpus's grammar (``model.grammar``) and the
labeller (``model.labels``); neither's rules live here. Every word belongs to exactly one
group; a word can still take several roles in sentences (``fire`` roars, and a thing can be
"on fire"; ``fat`` describes a cat, and "the cat fat" names the fat).
"""

from __future__ import annotations

from types import MappingProxyType


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text``, split on spaces."""
    return tuple(text.split())


ROARING_ANIMALS = words_of(
    "lion lioness tiger tigress bear dragon leopard jaguar panther cougar walrus dinosaur"
)
QUIET_ANIMALS = words_of(
    "dog cat fox horse mouse rabbit sheep goat cow pig duck hen owl snake deer squirrel "
    "hamster turtle donkey lamb parrot crow goose rat badger otter hedgehog kitten puppy "
    "pony camel monkey beaver mole raccoon lizard swan pigeon chicken bird"
)
ROARING_THINGS = words_of(
    "fire blaze bonfire furnace storm wind gale hurricane tornado thunder river waterfall "
    "ocean sea torrent engine motor jet rocket crowd"
)
BURNING_THINGS = words_of(
    "tree house barn tent cabin hut shed haystack fence wagon cart boat raft bridge hedge "
    "log bush tower mill stable"
)
OBJECTS = words_of(
    "ball stick bone rope hat box basket bucket ladder bell lamp chair table bed blanket "
    "book bottle bowl cup kite stone rock shell coin key spoon pillow bag bench barrel "
    "wheel clock mirror shoe sock toy"
)
PLACES = words_of(
    "park field garden yard street village town city beach hill mountain cave meadow farm "
    "jungle desert road valley forest lake island castle square market zoo camp harbour "
    "path wood pond"
)
BODY_PARTS = words_of("tail paw ear nose leg head foot eye")
ADJECTIVES = words_of(
    "big small old young fat thin red brown black white grey green huge tiny wild angry "
    "sleepy hungry brave lazy loud happy sad tired quick slow tall little large dark bright "
    "wet dry cold warm calm noisy proud shy gentle fierce strong"
)
# Past tense. "saw", "heard", "noticed", "found" and "feared" also take a "that" clause.
VERBS_WITH_OBJECT = words_of(
    "saw heard watched chased followed found met passed noticed liked feared bit licked "
    "caught scratched smelled sniffed left reached visited pushed pulled carried dropped "
    "bumped ignored helped woke scared attacked"
)
VERBS_WITH_CLAUSE = words_of(
    "knew said thought felt guessed dreamed hoped remembered believed learned"
)
VERBS_ALONE = words_of(
    "slept ran sat stood waited jumped rested hid played walked spun stayed lay swam came "
    "arrived wandered danced howled barked growled shivered yawned paused"
)
ING_VERBS = words_of(
    "roaring sleeping burning running hiding waiting playing resting howling growling "
    "barking glowing singing crying shaking spinning dancing shivering"
)
DETERMINERS = words_of("the a an")
PRONOUNS = words_of("it its we one")
PREPOSITIONS = words_of(
    "near by on in at with behind beside under over past from to around across into "
    "through toward outside inside above along"
)
JOINING_WORDS = words_of("and but then so that while when because until")
OTHER_WORDS = words_of(
    "there was fast very first second again suddenly loudly quietly still also just"
)

GROUPS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "animals that roar": ROARING_ANIMALS,
        "quiet animals": QUIET_ANIMALS,
        "things that roar": ROARING_THINGS,
        "things that burn": BURNING_THINGS,
        "objects": OBJECTS,
        "places": PLACES,
        "body parts": BODY_PARTS,
        "adjectives": ADJECTIVES,
        "verbs with an object": VERBS_WITH_OBJECT,
        "verbs with a clause": VERBS_WITH_CLAUSE,
        "verbs alone": VERBS_ALONE,
        "-ing verbs": ING_VERBS,
        "determiners": DETERMINERS,
        "pronouns": PRONOUNS,
        "prepositions": PREPOSITIONS,
        "joining words": JOINING_WORDS,
        "other words": OTHER_WORDS,
    }
)
"""Every word of the vocabulary, by group, in the order ``render.py --vocab`` lists them."""

ANIMALS = frozenset(ROARING_ANIMALS + QUIET_ANIMALS)
CAN_ROAR = frozenset(ROARING_ANIMALS + ROARING_THINGS)
NOUNS = frozenset(
    ROARING_ANIMALS
    + QUIET_ANIMALS
    + ROARING_THINGS
    + BURNING_THINGS
    + OBJECTS
    + PLACES
    + BODY_PARTS
)
ANIMAL_ONLY_VERBS = frozenset(
    words_of(
        "chased caught licked bit scratched sniffed smelled slept ran jumped hid played walked "
        "spun swam howled barked growled shivered yawned danced wandered"
    )
) | (frozenset(ING_VERBS) - {"roaring", "burning", "glowing"})
"""Verbs only an animal does: a clause with one of them is about an animal."""
PAST_VERBS = frozenset(VERBS_WITH_OBJECT + VERBS_WITH_CLAUSE + VERBS_ALONE)
CLAUSE_VERBS = frozenset((*VERBS_WITH_CLAUSE, "saw", "heard", "noticed", "found", "feared"))
"""Verbs after which ``that`` opens a clause ("the lion saw that the fire was roaring")."""

VOWEL_SOUND = frozenset(w for w in NOUNS | frozenset(ADJECTIVES) if w[0] in "aeio")
"""Words that take "an" rather than "a" (every such word of this vocabulary starts with a
vowel sound; none starts with a silent or a "you"-sounding letter)."""


def _group_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for group, words in GROUPS.items():
        for word in words:
            if word in index:
                raise ValueError(f"'{word}' is in both '{index[word]}' and '{group}'")
            index[word] = group
    return index


GROUP_OF: MappingProxyType[str, str] = MappingProxyType(_group_index())
