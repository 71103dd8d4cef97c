"""The sentence's clauses: who is the subject of each verb.

A clause is opened by a joining word ("and", "then", "while" ...), by "that" after a verb of
saying or seeing (a clause inside a clause), by a relative "that" after a noun, by a noun
phrase right after a noun phrase ("the tiger *the dog saw*": a relative clause without
"that"), by a participle with "by" ("the lion *chased by the dog*") and by a new subject
after a complete clause ("while the dog slept *the fire was roaring*"). A verb that comes
after a complete clause inside another goes back out to the nearest clause still waiting for
its verb ("the lion that saw that the fire was burning *was roaring*").

>>> from derived_transformer.model.labels.phrases import group_phrases, tag_words
>>> words = tuple("the tiger the dog saw was roaring".split())
>>> clauses = build_clauses(words, group_phrases(words, tag_words(words)))
>>> [(c.kind, words[c.subject.head]) for c in clauses]
[('main', 'tiger'), ('relative', 'dog')]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from derived_transformer.model import word_groups as lx
from derived_transformer.model.labels.phrases import Phrase


@dataclass
class Clause:
    """One clause: its subject, verbs, objects and phrases, and how it joins the sentence.

    ``kind`` is ``"main"`` for a clause of the sentence's own sequence (joined by "and",
    "while" ...), ``"that"`` for a clause after a verb of saying or seeing, ``"relative"`` for
    a clause describing a noun (``relative_head``).
    """

    joiner: str  # how it joins the sentence: "", "and", "and then", "that", "so that", ...
    kind: str = "main"
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


def _looks_like_participle(words: tuple[str, ...], phrases: list[Phrase], j: int) -> bool:
    """Whether verb group ``j`` reads as a participle describing the noun before it: a single
    verb that takes an object, right after a noun or prepositional phrase, with "by" after
    it ("the boat *left by* the dog")."""
    phrase = phrases[j]
    return (
        j > 0
        and phrases[j - 1].kind in ("np", "pp")
        and phrase.end == phrase.start + 1
        and words[phrase.start] in lx.VERBS_WITH_OBJECT
        and phrase.end < len(words)
        and words[phrase.end] == "by"
    )


def _verbs_ahead(words: tuple[str, ...], phrases: list[Phrase], k: int) -> int:
    """How many finite verb groups follow phrase ``k`` for the clauses already open, before
    the next joining word: an "and" between two noun phrases before any verb does not count
    as one, a verb read as a participle ("left by the dog") is not finite, and a relative
    clause ("that sat") takes its own verb."""
    count = 0
    owed_to_relative = 0
    for j in range(k, len(phrases)):
        phrase = phrases[j]
        joins_nouns = (  # before any verb: "chased by the dog and the cat"
            words[phrase.start] == "and"
            and count == owed_to_relative == 0
            and 0 < j < len(phrases) - 1
            and phrases[j - 1].kind in ("np", "pp")
            and phrases[j + 1].kind == "np"
        )
        if phrase.kind == "comp" or (phrase.kind == "conj" and not joins_nouns):
            break
        if phrase.kind == "rel":
            owed_to_relative += 1
        elif phrase.kind == "verb" and not _looks_like_participle(words, phrases, j):
            if owed_to_relative:
                owed_to_relative -= 1
            else:
                count += 1
    return count


def _gap_verb_ahead(words: tuple[str, ...], phrases: list[Phrase], k: int) -> bool:
    """Whether the first verb after phrase ``k`` takes an object and has none after it, so
    the noun phrase at ``k`` can be its subject in a relative clause without "that"."""
    for j in range(k + 1, len(phrases)):
        phrase = phrases[j]
        if phrase.kind in ("conj", "comp", "rel"):
            return False
        if phrase.kind == "verb":
            if words[phrase.start] not in lx.VERBS_WITH_OBJECT:
                return False
            after = phrases[j + 1] if j + 1 < len(phrases) else None
            return after is None or after.kind not in ("np", "pron", "comp")
    return False


class _Builder:
    """Reads the phrases left to right, keeping the clause being filled."""

    def __init__(self, words: tuple[str, ...], phrases: list[Phrase]) -> None:
        self.words = words
        self.phrases = phrases
        self.clauses: list[Clause] = [Clause("")]
        self.current = self.clauses[0]
        self.pending_joiner: list[str] = []
        self.last_np: Phrase | None = None

    def open(self, joiner: str, kind: str = "main", parent: Clause | None = None) -> Clause:
        clause = Clause(joiner, kind=kind, parent=parent)
        self.clauses.append(clause)
        self.current = clause
        return clause

    def open_relative(self, head: Phrase, subject: Phrase | None) -> Clause:
        clause = self.open("that", kind="relative", parent=self.current)
        clause.relative_head = head
        if subject is not None:
            clause.subject = subject
            clause.subjects = [subject]
        return clause

    def build(self) -> list[Clause]:
        for k, phrase in enumerate(self.phrases):
            handler = getattr(self, f"on_{phrase.kind}")
            handler(k, phrase)
        return [c for c in self.clauses if c.words or c.subject or c.verbs]

    def take_words(self, phrase: Phrase) -> None:
        self.current.words.extend(range(phrase.start, phrase.end))

    # -- joining words ------------------------------------------------------------------------
    def on_conj(self, k: int, phrase: Phrase) -> None:
        word = self.words[phrase.head]
        nxt = self.phrases[k + 1] if k + 1 < len(self.phrases) else None
        if word == "and" and nxt is not None and nxt.kind == "np" and self.coordinates(k):
            self.take_words(phrase)  # "the dog and the cat ...": one subject of two
            return
        self.pending_joiner.append(word)
        if not (nxt is not None and nxt.kind == "conj"):
            self.open(" ".join(self.pending_joiner))
            self.current.words.append(phrase.head)
            self.pending_joiner = []

    def coordinates(self, k: int) -> bool:
        """Whether "and" at phrase ``k``, before a noun phrase, joins two noun phrases (two
        subjects, two objects while a clause still waits for its verb, or two agents:
        "watched by the cat and the dog") rather than two clauses."""
        if not self.current.verbs or self.waiting_clause() is not None:
            return True
        prev = self.phrases[k - 1]
        by_phrase = prev.kind == "pp" and self.words[prev.start] == "by"
        return by_phrase and not _has_verb_ahead(self.phrases, k + 2)

    def on_comp(self, k: int, phrase: Phrase) -> None:
        words = self.words
        before = words[phrase.start - 1] if phrase.start else ""
        so_that = before == "fast" or (
            before in lx.ADJECTIVES and phrase.start >= 2 and words[phrase.start - 2] == "so"
        )
        if so_that:
            top = self.current
            while top.kind != "main" and top.parent is not None:
                top = top.parent
            self.open("so that", parent=top)
        else:
            self.open("that", kind="that", parent=self.current)
        self.current.words.append(phrase.head)

    def on_rel(self, k: int, phrase: Phrase) -> None:
        if self.last_np is None:
            self.on_adv(k, phrase)
            return
        nxt = self.phrases[k + 1] if k + 1 < len(self.phrases) else None
        subject = self.last_np if nxt is not None and nxt.kind == "verb" else None
        self.open_relative(self.last_np, subject)  # "the lion that chased the dog": the lion
        self.current.words.append(phrase.head)

    def on_exist(self, k: int, phrase: Phrase) -> None:
        self.take_words(phrase)
        self.current.existential = True

    def on_adv(self, k: int, phrase: Phrase) -> None:
        self.take_words(phrase)

    # -- verbs ----------------------------------------------------------------------------------
    def on_verb(self, k: int, phrase: Phrase) -> None:
        first = self.words[phrase.start]
        if self.last_np is not None and self.is_participle(k, phrase):
            # "the lion chased by the dog": the participle is about the noun it describes
            self.open_relative(self.last_np, self.last_np)
            phrase.passive = True
        elif self.current.verbs and (first in lx.PAST_VERBS or first == "was"):
            self.close_clauses()
        self.take_words(phrase)
        self.current.verbs.append(phrase)

    def is_participle(self, k: int, phrase: Phrase) -> bool:
        """A verb that takes an object, with "by" after it, right after a noun phrase that
        is a subject waiting for its verb or an object."""
        if not _looks_like_participle(self.words, self.phrases, k):
            return False
        if self.current.verbs:
            return True
        # each clause still waiting for its verb needs one after the participle: in "the cat
        # that the dog chased by the river licked its paw", "chased" is the dog's own verb;
        # so does a noun phrase after a complete clause, the subject of a clause to come
        # ("while the hen slept *the cat* that the dog chased by the river licked its paw")
        waiting = 0
        clause: Clause | None = self.current
        while clause is not None and not clause.verbs:
            waiting += clause.subject is not None
            clause = clause.parent
        if waiting and clause is not None:
            waiting += self.first_extra_object() is not None
        return waiting > 0 and _verbs_ahead(self.words, self.phrases, k + 1) >= waiting

    def waiting_clause(self) -> Clause | None:
        """The nearest clause around the current one still waiting for its verb."""
        waiting = self.current.parent
        while waiting is not None and waiting.verbs:
            waiting = waiting.parent
        return waiting

    def close_clauses(self) -> None:
        """A finite verb after a complete clause: it belongs to the nearest enclosing clause
        still waiting for its verb; otherwise its subject is the first noun phrase after a
        complete clause ("while the lamb chased the duck *the river* that saw the swan was
        roaring"), else the noun phrase just before it."""
        waiting = self.waiting_clause()
        if waiting is not None:
            self.current = waiting
            return
        found = self.first_extra_object()
        if found is None:
            holder = self.current
            while not holder.objects and holder.parent is not None:
                holder = holder.parent
            if not holder.objects:
                return
            found = holder, holder.objects[-1]
        self.start_clause_at(*found)

    def first_extra_object(self) -> tuple[Clause, Phrase] | None:
        """The earliest noun phrase, in the current clause or a clause around it, that comes
        after its clause already has all it takes: a second object ("chased the duck *the
        river*"), or any object of a verb that takes none ("slept *the river*") or of a
        clause whose object is the noun it describes ("that the dog chased *the river*")."""
        extras: list[tuple[Clause, Phrase]] = []
        clause: Clause | None = self.current
        while clause is not None:
            describes_its_object = (
                clause.relative_head is not None and clause.subject is not clause.relative_head
            )
            takes_object = not describes_its_object and any(
                not verb.passive and self.words[verb.start] in lx.VERBS_WITH_OBJECT
                for verb in clause.verbs
            )
            single = [np for np in clause.objects if self.words[np.start - 1] != "and"]
            extras.extend((clause, np) for np in single[int(takes_object) :])
            clause = clause.parent
        return min(extras, key=lambda found: found[1].start, default=None)

    def start_clause_at(self, holder: Clause, subject: Phrase) -> None:
        """Open a new clause whose subject is ``subject``, an object of ``holder`` so far: the
        phrases after it, and the clauses describing them, move to the new clause."""
        later = [p for p in holder.objects if p.start >= subject.start]
        moved = [p for p in holder.pps if p.start > subject.start]
        holder.objects = [p for p in holder.objects if p.start < subject.start]
        holder.pps = [p for p in holder.pps if p.start < subject.start]
        moved_words = {w for p in later + moved for w in range(p.start, p.end)}
        for clause in self.clauses:
            clause.words = [w for w in clause.words if w not in moved_words]
        new = self.open("")
        new.subject = subject
        new.subjects = [p for p in later if p is subject or self.words[p.start - 1] == "and"]
        new.objects = [p for p in later if p not in new.subjects]
        new.pps.extend(moved)
        new.words.extend(sorted(moved_words))
        for clause in self.clauses:
            if clause.parent is holder and clause.words and clause.words[0] > subject.start:
                clause.parent = new

    # -- noun phrases ---------------------------------------------------------------------------
    def on_np(self, k: int, phrase: Phrase) -> None:
        self.noun_phrase(k, phrase)
        self.last_np = phrase

    def on_pron(self, k: int, phrase: Phrase) -> None:
        self.noun_phrase(k, phrase)
        self.last_np = None

    def noun_phrase(self, k: int, phrase: Phrase) -> None:
        current = self.current
        prev = self.phrases[k - 1] if k else None
        if self.last_np is not None and self.starts_relative(k, prev):
            self.open_relative(self.last_np, phrase)  # "the tiger the dog saw"
            self.take_words(phrase)
            return
        self.take_words(phrase)
        if current.existential and current.verbs and current.subject is None:
            current.subject = phrase
            current.subjects.append(phrase)
        elif not current.verbs and not (current.kind == "relative" and current.subject is not None):
            if current.subject is None:
                current.subject = phrase
            current.subjects.append(phrase)
        else:
            current.objects.append(phrase)

    def starts_relative(self, k: int, prev: Phrase | None) -> bool:
        """A noun phrase right after a noun phrase opens a relative clause without "that"
        ("the tiger the dog saw"): after a subject waiting for its verb, or after an object
        when a verb with a missing object follows."""
        if prev is None or prev.kind not in ("np", "pp"):
            return False
        current = self.current
        if not current.verbs:
            return current.subject is not None and _has_verb_ahead(self.phrases, k + 1)
        return _gap_verb_ahead(self.words, self.phrases, k)

    def on_pp(self, k: int, phrase: Phrase) -> None:
        self.take_words(phrase)
        self.last_np = phrase.np
        prev = self.phrases[k - 1] if k else None
        owner = None
        if prev is not None and prev.kind == "np":
            owner = prev
        elif prev is not None and prev.kind == "pp" and prev.attached_to is not None:
            owner = prev.attached_to
        phrase.attached_to = owner
        self.current.pps.append(phrase)


def build_clauses(words: tuple[str, ...], phrases: list[Phrase]) -> list[Clause]:
    """The clauses of a sentence, in the order they open."""
    return _Builder(words, phrases).build()
