"""Words tagged by their group, and grouped into phrases: noun phrases, prepositional
phrases, verb groups and single other words.

>>> words = ("the", "old", "lion", "near", "the", "fire", "was", "roaring")
>>> [(p.kind, words[p.head]) for p in group_phrases(words, tag_words(words))]
[('np', 'lion'), ('pp', 'fire'), ('verb', 'roaring')]
"""

from __future__ import annotations

from dataclasses import dataclass

from derived_transformer.model import word_groups as lx

DET, ADJ, ORD, NOUN, PRON, POSS = "DET", "ADJ", "ORD", "NOUN", "PRON", "POSS"
VERB, AUX, ING, PREP, CONJ, COMP = "VERB", "AUX", "ING", "PREP", "CONJ", "COMP"
REL, EXIST, ADV = "REL", "EXIST", "ADV"

ADVERBS = frozenset(lx.words_of("fast very again suddenly loudly quietly still also just"))


def tag_words(words: tuple[str, ...]) -> list[str]:
    """Each word's tag: its group, or its role where the word takes several ("that" after a
    noun opens a relative clause, elsewhere a clause after a verb)."""
    tags: list[str] = []
    for k, word in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else None
        prev_tag = tags[-1] if tags else None
        if word in lx.DETERMINERS:
            tag = DET
        elif word == "its":
            tag = POSS
        elif word in ("it", "we"):
            tag = PRON
        elif word == "one":
            tag = NOUN
        elif word in ("first", "second"):
            tag = ORD
        elif word in lx.NOUNS:
            tag = NOUN
        elif word in lx.ADJECTIVES:
            tag = ADJ
        elif word == "was":
            tag = AUX
        elif word in lx.ING_VERBS:
            tag = ING
        elif word in lx.PAST_VERBS:
            tag = VERB
        elif word == "that":
            tag = REL if prev_tag == NOUN else COMP
        elif word == "so":
            tag = ADV if nxt in ADVERBS or nxt in lx.ADJECTIVES else CONJ
        elif word == "around":
            tag = PREP if nxt in lx.DETERMINERS or nxt == "its" else ADV
        elif word == "there":
            tag = EXIST
        elif word in lx.PREPOSITIONS:
            tag = PREP
        elif word in lx.JOINING_WORDS:
            tag = CONJ
        else:
            tag = ADV
        tags.append(tag)
    return tags


# -- phrases ----------------------------------------------------------------------------------
@dataclass
class Phrase:
    """A noun phrase (``kind="np"``), a pronoun, a verb group, or a single other word."""

    kind: str  # np, pron, pp, verb, conj, comp, rel, exist, adv
    start: int
    end: int  # exclusive
    head: int = -1  # the head word (np, pron, verb: the last verb word)
    possessive: int = -1  # index of "its" in the phrase
    on_fire: int = -1  # index of "fire" in "X on fire"
    np: Phrase | None = None  # a prepositional phrase's noun phrase
    attached_to: Phrase | None = None  # the noun phrase a prepositional phrase describes
    passive: bool = False  # a verb group done to its subject: "was chased", "chased by"


def noun_phrase(words: tuple[str, ...], tags: list[str], k: int, verbless: bool) -> Phrase:
    """The noun phrase starting at ``k``: its head is its last noun ("the old river boat
    engine": engine), or its last word in a sentence without a verb ("the cat fat": fat)."""
    start = k
    possessive = -1
    if tags[k] in (DET, POSS):
        if tags[k] == POSS:
            possessive = k
        k += 1
    run_start = k
    while k < len(words) and tags[k] in (ADJ, ORD, NOUN, ADV) and words[k] != "fast":
        k += 1
    run = range(run_start, k)
    nouns = [i for i in run if tags[i] == NOUN]
    if verbless and k == len(words) and k > run_start:
        head = k - 1  # a phrase without a verb names its last word
    elif nouns:
        head = nouns[-1]
        k = head + 1  # words after the last noun are not part of the phrase
    else:
        head = k - 1 if k > run_start else start
    phrase = Phrase("np", start, k, head=head, possessive=possessive)
    if k + 1 < len(words) and words[k] == "on" and words[k + 1] == "fire":
        phrase.on_fire = k + 1
        phrase.end = k + 2
    return phrase


def _verb_group_end(words: tuple[str, ...], tags: list[str], k: int) -> int:
    """Where the verb group starting at ``k`` ends: "was (very quietly) roaring", "was
    (so) hungry", "was (suddenly) chased"."""
    after_was = tags[k] == AUX

    def continues(i: int) -> bool:
        return tags[i] == ING or (after_was and tags[i] in (VERB, ADJ))

    end = k + 1
    while end < len(words):
        tag = tags[end]
        if tag == ADV:
            if not (end + 1 < len(words) and continues(end + 1)):
                break
        elif not continues(end):
            break
        if tag != ADV:
            after_was = False  # only "was" (and adverbs) comes before a participle or adjective
        end += 1
    return end


def group_phrases(words: tuple[str, ...], tags: list[str]) -> list[Phrase]:
    """The sentence as a sequence of phrases, in order."""
    verbless = not any(t in (VERB, AUX, ING) for t in tags)
    out: list[Phrase] = []
    k = 0
    while k < len(words):
        tag = tags[k]
        if tag in (DET, POSS, ADJ, ORD, NOUN):
            phrase = noun_phrase(words, tags, k, verbless)
            out.append(phrase)
            k = phrase.end
        elif tag == PREP:
            if k + 1 < len(words) and tags[k + 1] in (DET, POSS, ADJ, ORD, NOUN):
                np = noun_phrase(words, tags, k + 1, verbless)
                out.append(Phrase("pp", k, np.end, head=np.head, np=np))
                k = np.end
            else:
                out.append(Phrase("adv", k, k + 1, head=k))
                k += 1
        elif tag == PRON:
            out.append(Phrase("pron", k, k + 1, head=k))
            k += 1
        elif tag in (VERB, AUX, ING):
            end = _verb_group_end(words, tags, k)
            passive = tags[k] == AUX and VERB in tags[k + 1 : end]
            out.append(Phrase("verb", k, end, head=end - 1, passive=passive))
            k = end
        else:
            kind = {CONJ: "conj", COMP: "comp", REL: "rel", EXIST: "exist"}.get(tag, "adv")
            out.append(Phrase(kind, k, k + 1, head=k))
            k += 1
    return out
