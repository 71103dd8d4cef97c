"""What each word's question points to, from the sentence's clauses.

>>> words = tuple("the dog that the cat chased caught its tail".split())
>>> [None if t is None else words[t] for t in parse_words(words).targets]
['dog', 'dog', 'dog', 'cat', 'cat', 'cat', 'dog', 'dog', 'dog']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from derived_transformer.model import word_groups as lx
from derived_transformer.model.labels.clauses import Clause, build_clauses
from derived_transformer.model.labels.phrases import (
    ADJ,
    AUX,
    ING,
    POSS,
    PRON,
    REL,
    VERB,
    Phrase,
    group_phrases,
    tag_words,
)

CONTINUING = ("then", "so that")
"""Joining words after which "it" continues the previous clause's subject."""


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
        self.tags = tag_words(words)
        self.phrases = group_phrases(words, self.tags)
        self.clauses = build_clauses(words, self.phrases)
        self.nps = [p for p in self.phrases if p.kind == "np"] + [
            p.np for p in self.phrases if p.kind == "pp" and p.np is not None
        ]
        self.nps.sort(key=lambda p: p.start)
        self.verb_words = {
            w for p in self.phrases if p.kind == "verb" for w in range(p.start, p.end)
        }
        self.clause_of: dict[int, Clause] = {}
        for clause in self.clauses:
            for w in clause.words:
                self.clause_of.setdefault(w, clause)

    def constraint(self, clause: Clause) -> str:
        """What a clause says of its subject: ``"roar"``, ``"animal"`` (a verb only an animal
        does, not done to it: "the ball was chased" is not about an animal), or ``""``."""
        verb_words = {self.words[w] for v in clause.verbs for w in range(v.start, v.end)}
        if "roaring" in verb_words:
            return "roar"
        active_words = {
            self.words[w] for v in clause.verbs if not v.passive for w in range(v.start, v.end)
        }
        owned = any(
            p.possessive >= 0 and self.words[p.head] in lx.BODY_PARTS
            for p in clause.objects + [q.np for q in clause.pps if q.np is not None]
        )
        if owned or active_words & lx.ANIMAL_ONLY_VERBS:
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

    def sequence(self) -> list[Clause]:
        """The sentence's own clauses in order, without clauses inside them."""
        return [c for c in self.clauses if c.kind == "main"]

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
        if any(j in clause.joiner for j in CONTINUING):
            previous = self.continued_clause(clause, [np for _, np in candidates])
            if previous is not None and previous.subject is not None:
                try:
                    subject = self.entity(previous.subject, constraint, (*seen, index))
                except _NoRuleError:
                    subject = None
                if subject in [c for c, _ in candidates]:
                    return subject
        raise _NoRuleError(f"'it' could be any of: {names}")

    def continued_clause(self, clause: Clause, candidates: list[Phrase]) -> Clause | None:
        """The clause of the sentence's own sequence whose subject "it" continues: the one
        before ``clause`` (a clause after "that" inside it does not count), or before a
        clause about "we" that mentions nothing "it" could be ("the tiger slept and we swam
        and then it ...": the tiger)."""
        top = self.sequence()
        if clause not in top:
            return None
        for previous in reversed(top[: top.index(clause)]):
            subject = previous.subject
            if subject is None or self.words[subject.head] != "we":
                return previous
            if any(np.start > subject.head for np in candidates):
                return None  # "we saw the lion and then it ...": the lion, or the one before
        return None

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
            for c in self.sequence()
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
            if tag in (VERB, AUX, ING) or (tag == ADJ and i in self.verb_words):
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
    """Every word's target in a sentence given as words (see :class:`Parse`)."""
    return _Resolver(words).parse()
