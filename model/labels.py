"""The labeller: what a sentence's words are about, by word groups and sentence structure.

>>> label("the lion saw that the fire was roaring").answer
'fire'
>>> label("there was a mouse by the fire and it was roaring").answer
'fire'
>>> label("the lion ran from the fire because it was roaring").answer is None
True

It answers any sentence written with the vocabulary, or says why no rule applies. It does
not know the corpus's templates: it tags each word by its group, groups words into noun
phrases, prepositional phrases and verbs, splits the sentence into clauses, finds each
clause's subject, and resolves what "it", "its" and "the first one" refer to by the rules a
person uses:

* **a verb** is about its clause's subject ("the lion *near the fire* was roaring": the
  lion; "the lion saw that *the fire* was roaring": the fire; "the fire *that the lion saw*
  was roaring": the fire). Only something that can roar can be roaring; a thing "on fire"
  that cannot roar roars through its fire ("the tree on fire was roaring": the fire).
* **"it"** refers to the one thing mentioned before it that fits what is said of it
  (roaring: something that can roar; catching its tail: an animal). When several fit, it
  continues the previous clause's subject after "then" or "so ... that"; otherwise the
  sentence is ambiguous and no rule applies.
* **"its"** belongs to the subject of its own clause ("the dog near the cat chased its tail":
  the dog); a body part belongs to an animal.
* **"the first one" / "the second one"** is the first or second of the earlier clauses'
  subjects, in order.
* **determiners and adjectives** point to the head noun of their phrase; the head of a noun
  phrase is its last noun ("the fire engine": engine), and a phrase with no verb names its
  last word ("the fat cat": cat; "the cat fat": fat).

:func:`links` gives every word's target (the word its question points to, or ``None``);
:func:`label` answers the question of the last word, the question the models are asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from derived_transformer.model import word_groups as lx
from derived_transformer.model.errors import SentenceTooLongError
from derived_transformer.model.vocab import normalise, tokenize

# -- tags -------------------------------------------------------------------------------------
DET, ADJ, ORD, NOUN, PRON, POSS = "DET", "ADJ", "ORD", "NOUN", "PRON", "POSS"
VERB, AUX, ING, PREP, CONJ, COMP = "VERB", "AUX", "ING", "PREP", "CONJ", "COMP"
REL, EXIST, ADV = "REL", "EXIST", "ADV"

_ADVERBS = frozenset(lx.words_of("fast very again suddenly loudly quietly still also just"))
_ANIMAL_VERBS = frozenset(
    lx.words_of(
        "chased caught licked bit scratched sniffed smelled slept ran jumped hid played walked "
        "spun swam howled barked growled shivered yawned danced wandered"
    )
) | (frozenset(lx.ING_VERBS) - {"roaring", "burning", "glowing"})
"""Verbs only an animal does: "it" in their clause refers to an animal."""
_CONTINUING = ("then", "so that")
"""Joining words after which "it" continues the previous clause's subject."""


def _tag(words: tuple[str, ...]) -> list[str]:
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
            tag = ADV if nxt in _ADVERBS or nxt in lx.ADJECTIVES else CONJ
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


def _noun_phrase(words: tuple[str, ...], tags: list[str], k: int, verbless: bool) -> Phrase:
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


def _phrases(words: tuple[str, ...], tags: list[str]) -> list[Phrase]:
    verbless = not any(t in (VERB, AUX, ING) for t in tags)
    out: list[Phrase] = []
    k = 0
    while k < len(words):
        tag = tags[k]
        if tag in (DET, POSS, ADJ, ORD, NOUN):
            phrase = _noun_phrase(words, tags, k, verbless)
            out.append(phrase)
            k = phrase.end
        elif tag == PREP:
            if k + 1 < len(words) and tags[k + 1] in (DET, POSS, ADJ, ORD, NOUN):
                np = _noun_phrase(words, tags, k + 1, verbless)
                out.append(Phrase("pp", k, np.end, head=np.head, np=np))
                k = np.end
            else:
                out.append(Phrase("adv", k, k + 1, head=k))
                k += 1
        elif tag == PRON:
            out.append(Phrase("pron", k, k + 1, head=k))
            k += 1
        elif tag in (VERB, AUX, ING):
            end = k + 1
            while end < len(words) and (
                (tags[end] in (ING, ADV) and words[end] not in ("so",))
                or (tags[end - 1] == AUX and tags[end] == ADJ)
            ):
                if tags[end] == ADV and not (end + 1 < len(words) and tags[end + 1] == ING):
                    break
                end += 1
            out.append(Phrase("verb", k, end, head=end - 1))
            k = end
        else:
            kind = {CONJ: "conj", COMP: "comp", REL: "rel", EXIST: "exist"}.get(tag, "adv")
            out.append(Phrase(kind, k, k + 1, head=k))
            k += 1
    return out


# -- clauses ----------------------------------------------------------------------------------
@dataclass
class Clause:
    joiner: str  # how it joins the sentence: "", "and", "and then", "that", "so that", ...
    parent: Clause | None = None
    relative_head: Phrase | None = None  # for a relative clause, the noun phrase it describes
    subject: Phrase | None = None
    subjects: list[Phrase] = field(default_factory=list)  # more than one: "the dog and the cat"
    verbs: list[Phrase] = field(default_factory=list)
    objects: list[Phrase] = field(default_factory=list)
    pps: list[Phrase] = field(default_factory=list)
    existential: bool = False
    words: list[int] = field(default_factory=list)


def _has_verb_ahead(phrases: list[Phrase], k: int) -> bool:
    for phrase in phrases[k:]:
        if phrase.kind in ("conj", "comp"):
            return False
        if phrase.kind == "verb":
            return True
    return False


def _clauses(words: tuple[str, ...], phrases: list[Phrase]) -> list[Clause]:
    clauses: list[Clause] = []
    current = Clause("")
    clauses.append(current)
    pending_joiner: list[str] = []
    last_np: Phrase | None = None

    def open_clause(joiner: str, parent: Clause | None = None) -> Clause:
        clause = Clause(joiner, parent=parent)
        clauses.append(clause)
        return clause

    for k, phrase in enumerate(phrases):
        current.words.extend(range(phrase.start, phrase.end))
        if phrase.kind == "conj":
            word = words[phrase.head]
            coordinated_np = (
                word == "and"
                and not current.verbs
                and k + 1 < len(phrases)
                and phrases[k + 1].kind == "np"
            )
            if coordinated_np:
                continue  # "the dog and the cat ...": one subject of two
            pending_joiner.append(word)
            current.words.pop()
            if not (k + 1 < len(phrases) and phrases[k + 1].kind == "conj"):
                current = open_clause(" ".join(pending_joiner))
                current.words.append(phrase.head)
                pending_joiner = []
            continue
        if phrase.kind == "comp":
            before = words[phrase.start - 1] if phrase.start else ""
            so_that = before == "fast" or (
                before in lx.ADJECTIVES and phrase.start >= 2 and words[phrase.start - 2] == "so"
            )
            current.words.pop()
            top = current
            while top.relative_head is not None and top.parent is not None:
                top = top.parent
            current = open_clause("so that" if so_that else "that", parent=top)
            current.words.append(phrase.head)
            continue
        if phrase.kind == "rel" and last_np is not None:
            current.words.pop()
            current = open_clause("that", parent=current)
            current.relative_head = last_np
            current.words.append(phrase.head)
            nxt = phrases[k + 1] if k + 1 < len(phrases) else None
            if nxt is not None and nxt.kind == "verb":
                current.subject = last_np  # "the lion that chased the dog"
            continue
        if phrase.kind == "exist":
            current.existential = True
            continue
        if phrase.kind == "verb":
            finite = words[phrase.start] in lx.PAST_VERBS or words[phrase.start] == "was"
            if current.relative_head is not None and current.verbs and current.parent:
                # the relative clause is complete: the verb belongs to the clause it sits in
                current.words.pop() if current.words and current.words[-1] == phrase.start else None
                current.words = [w for w in current.words if w < phrase.start]
                current = current.parent
                current.words.extend(range(phrase.start, phrase.end))
            elif finite and current.verbs and current.objects and not current.existential:
                # "while the dog slept the fire was roaring": the last noun phrase opens a
                # new clause as its subject
                subject = current.objects.pop()
                moved = [p for p in current.pps if p.attached_to is subject]
                current.pps = [p for p in current.pps if p.attached_to is not subject]
                current.words = [w for w in current.words if w < subject.start]
                current = open_clause("", parent=None)
                current.subject = subject
                current.subjects = [subject]
                current.pps.extend(moved)
                current.words.extend(range(subject.start, phrase.end))
            current.verbs.append(phrase)
            continue
        if phrase.kind in ("np", "pron"):
            last_np = phrase if phrase.kind == "np" else None
            if current.existential and current.verbs and current.subject is None:
                current.subject = phrase
                current.subjects.append(phrase)
            elif not current.verbs and not (
                current.relative_head is not None and current.subject is not None
            ):
                if current.subject is None:
                    current.subject = phrase
                current.subjects.append(phrase)
            else:
                current.objects.append(phrase)
            continue
        if phrase.kind == "pp":
            last_np = phrase.np
            owner = None
            prev = phrases[k - 1] if k else None
            if prev is not None and prev.kind == "np":
                owner = prev
            elif prev is not None and prev.kind == "pp" and prev.attached_to is not None:
                owner = prev.attached_to
            phrase.attached_to = owner
            current.pps.append(phrase)
            continue
    return [c for c in clauses if c.words or c.subject or c.verbs]


# -- resolution -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parse:
    """Every word's target: the index of the word its question points to, or ``None``.

    ``targets[i] == i`` for a word that stands for itself (a noun without "its").
    ``reasons[i]`` says which rule gave the target, or why there is none.
    """

    words: tuple[str, ...]
    targets: tuple[int | None, ...]
    reasons: tuple[str, ...]


class _NoRuleError(Exception):
    pass


class _Resolver:
    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.tags = _tag(words)
        self.phrases = _phrases(words, self.tags)
        self.clauses = _clauses(words, self.phrases)
        self.nps = [p for p in self.phrases if p.kind == "np"] + [
            p.np for p in self.phrases if p.kind == "pp" and p.np is not None
        ]
        self.nps.sort(key=lambda p: p.start)
        self.clause_of: dict[int, Clause] = {}
        for clause in self.clauses:
            for w in clause.words:
                self.clause_of.setdefault(w, clause)

    # what a clause says of its subject
    def constraint(self, clause: Clause) -> str:
        verb_words = {self.words[w] for v in clause.verbs for w in range(v.start, v.end)}
        if "roaring" in verb_words:
            return "roar"
        owned = any(
            p.possessive >= 0 and self.words[p.head] in lx.BODY_PARTS
            for p in clause.objects + [q.np for q in clause.pps if q.np is not None]
        )
        if owned or verb_words & _ANIMAL_VERBS:
            return "animal"
        return ""

    def fits(self, np: Phrase, constraint: str) -> int | None:
        """The word that fits ``constraint`` for this noun phrase (its fire for a thing on
        fire that cannot roar), or ``None``."""
        head = self.words[np.head]
        if constraint == "roar":
            if head in lx.CAN_ROAR:
                return np.head
            if np.on_fire >= 0:
                return np.on_fire
            return None
        if constraint == "animal":
            return np.head if head in lx.ANIMALS else None
        return np.head if head in lx.NOUNS else None

    def entity(self, phrase: Phrase, constraint: str, seen: tuple[int, ...] = ()) -> int:
        """The word a subject stands for, checked against what is said of it."""
        word = self.words[phrase.head]
        if phrase.kind == "pron":
            if word == "it":
                return self.referent_of_it(phrase.head, seen)
            return phrase.head  # "we"
        if word in ("one", "first", "second"):
            return self.referent_of_one(phrase, constraint, seen)
        found = self.fits(phrase, constraint)
        if found is None:
            raise _NoRuleError(f"'{word}' cannot be {self.describe(constraint)}")
        return found

    @staticmethod
    def describe(constraint: str) -> str:
        return {"roar": "roaring", "animal": "an animal that does this"}.get(constraint, "it")

    def top_level(self) -> list[Clause]:
        return [c for c in self.clauses if c.relative_head is None]

    def referent_of_it(self, index: int, seen: tuple[int, ...] = ()) -> int:
        if index in seen:
            raise _NoRuleError("'it' refers to itself")
        clause = self.clause_of[index]
        constraint = self.constraint(clause)
        candidates: list[tuple[int, Phrase]] = []
        for np in self.nps:
            if np.head >= index or self.words[np.head] in ("one", "first", "second"):
                continue
            found = self.fits(np, constraint)
            if found is not None and found not in [c for c, _ in candidates]:
                candidates.append((found, np))
        if not candidates:
            what = "can roar" if constraint == "roar" else "fits"
            raise _NoRuleError(f"nothing before 'it' {what}")
        if len(candidates) == 1:
            return candidates[0][0]
        names = ", ".join(self.words[c] for c, _ in candidates)
        if any(j in clause.joiner for j in _CONTINUING):
            previous = self.previous_clause(clause)
            if previous is not None and previous.subject is not None:
                try:
                    subject = self.entity(previous.subject, constraint, (*seen, index))
                except _NoRuleError:
                    subject = None
                if subject in [c for c, _ in candidates]:
                    return subject
        raise _NoRuleError(f"'it' could be any of: {names}")

    def previous_clause(self, clause: Clause) -> Clause | None:
        top = [c for c in self.clauses if c.relative_head is None]
        if clause not in top:
            return None
        k = top.index(clause)
        return top[k - 1] if k else None

    def referent_of_one(self, phrase: Phrase, constraint: str, seen: tuple[int, ...]) -> int:
        ordinal = next(
            (
                w
                for w in range(phrase.start, phrase.head + 1)
                if self.words[w] in ("first", "second")
            ),
            None,
        )
        if ordinal is None:
            raise _NoRuleError("'one' without 'first' or 'second'")
        n = ("first", "second").index(self.words[ordinal])
        subjects = [
            c.subject
            for c in self.top_level()
            if c.subject is not None
            and c.subject.kind == "np"
            and c.subject.head < phrase.start
            and self.words[c.subject.head] in lx.NOUNS
        ]
        if len(subjects) <= n:
            raise _NoRuleError(f"there is no {self.words[ordinal]} one before it")
        found = self.fits(subjects[n], constraint)
        if found is None:
            raise _NoRuleError(
                f"the {self.words[ordinal]} one, '{self.words[subjects[n].head]}', cannot be "
                f"{self.describe(constraint)}"
            )
        return found

    def owner_of(self, index: int) -> int:
        """Whose is "its" at ``index``: its clause's subject, an animal."""
        clause = self.clause_of[index]
        if clause.subject is None:
            raise _NoRuleError("'its' has no subject in its clause")
        if len(clause.subjects) > 1:
            raise _NoRuleError("'its' could belong to either subject")
        return self.entity(clause.subject, "animal", (index,))

    def subject_of(self, verb_index: int) -> int:
        clause = self.clause_of[verb_index]
        if clause.subject is None:
            raise _NoRuleError(f"'{self.words[verb_index]}' has no subject")
        if len(clause.subjects) > 1:
            raise _NoRuleError(f"'{self.words[verb_index]}' has more than one subject")
        return self.entity(clause.subject, self.constraint(clause))

    def target(self, i: int) -> tuple[int | None, str]:
        tag = self.tags[i]
        word = self.words[i]
        try:
            if tag == PRON and word == "it":
                return self.referent_of_it(i), "'it' refers to the one thing that fits"
            if tag == POSS:
                return self.owner_of(i), "'its' belongs to its clause's subject"
            if tag in (VERB, AUX, ING) or (tag == ADJ and i > 0 and self.tags[i - 1] == AUX):
                return self.subject_of(i), "a verb is about its clause's subject"
            if tag == REL:
                clause = self.clause_of[i]
                if clause.relative_head is not None:
                    return clause.relative_head.head, "'that' stands for the noun before it"
                return None, "'that' joins clauses"
            for np in self.nps:
                if np.start <= i < np.end and i != np.on_fire and self.words[i] != "on":
                    if i == np.head:
                        if word in ("one", "first", "second"):
                            return self.referent_of_one(np, "", ()), "'the first one' counts"
                        if np.possessive >= 0:
                            return self.owner_of(np.possessive), "'its' names the owner"
                        return i, "a noun names itself"
                    return np.head, "a describing word points to its noun"
            if tag == PRON:
                return i, "a pronoun names itself"
            return None, f"'{word}' asks no question"
        except _NoRuleError as exc:
            return None, str(exc)

    def parse(self) -> Parse:
        results = [self.target(i) for i in range(len(self.words))]
        return Parse(self.words, tuple(t for t, _ in results), tuple(r for _, r in results))


@lru_cache(maxsize=4096)
def parse_words(words: tuple[str, ...]) -> Parse:
    return _Resolver(words).parse()


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
    tags = _tag(words)
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
