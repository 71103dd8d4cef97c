"""The corpus: sentences of the grammar (``model.grammar``), split into training and
held-out sets.

Every sentence asks one question about its **last word**: *who or what is it about?* The
families (the README states the rules in words):

* ``roaring``: sentences ending "... was roaring": its subject, what "it" refers to, and only
  things that can roar qualify ("the lion saw that the fire was roaring": the fire; "there
  was a tree on fire and it was roaring": the fire, the tree cannot roar).
* ``tail``: "... its tail" (or paw, ear, ...): whose? The subject of its clause, an animal.
* ``order``: two clauses, then "the first" or "the second (one)": only their order tells
  their subjects apart.
* ``phrase``: noun phrases "the fat cat" / "the cat fat": what the phrase names, its last
  word.

The grammar's derivation gives each sentence's answer and every word's target; the labeller
(``model.labels``) never sees the grammar, and tests check that the two agree. Lengths are
spread evenly from 2 to :data:`MAX_WORDS` words. Everything here is deterministic.

Held-out sentences come in two kinds, reported separately:

* ``new_sentences``: new sentences of the structures trained on (a fixed few percent);
* ``new_structures``: whole combinations and depths never trained (:data:`HELD_OUT`), each
  reported on its own: a passive inside a relative clause, "that" clauses three deep,
  "the first / second" over a passive clause, relative clauses stretched further than any
  trained, and phrases with three adjectives.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from derived_transformer.model.grammar import RejectedError, Sentence, derive
from derived_transformer.model.vocab import MAX_WORDS

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

PER_LENGTH = {"roaring": 900, "tail": 600, "order": 450, "phrase": 1800}
"""Sentences drawn of each family for each length from 2 to :data:`MAX_WORDS` words (fewer
where the grammar has fewer: "the cat")."""
DRAWS = 80_000
NEW_SENTENCE_PERCENT = 6
SEED = 15
RELATIVE_REACH = 18
"""The longest distance trained between a relative clause's noun and the last word."""


@dataclass(frozen=True)
class Example:
    """One sentence with its answer.

    ``answer_index`` is the position of the answer word; ``distance`` how far it stands from
    the last word, the word the question is about; ``span`` the number of words from the
    answer to the last word. ``template`` names the sentence's construction (for a held-out
    sentence, its held-out structure). For the order family, ``candidates`` are the
    positions of the two subjects. ``targets`` holds every word's target from the
    derivation (see ``model.grammar``).
    """

    words: tuple[str, ...]
    answer: str
    answer_index: int
    family: str
    template: str
    candidates: tuple[int, ...] = ()
    targets: tuple[int | None, ...] = ()

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


def _distance(s: Sentence) -> int:
    target = s.targets[-1]
    assert target is not None
    return len(s.words) - 1 - target


HELD_OUT: dict[str, Callable[[Sentence], bool]] = {
    "passive inside a relative clause": lambda s: "relative:subject:passive" in s.features,
    "that clauses three deep": lambda s: s.sayings >= 3,
    "first / second over a passive": lambda s: (
        s.family == "order" and "frame:passive" in s.features
    ),
    "relative clause stretched further": lambda s: (
        s.construction == "relative clause" and _distance(s) > RELATIVE_REACH
    ),
    "three adjectives in a phrase": lambda s: "three adjectives" in s.features,
}
"""Structures never trained on, by name: a sentence with any of them is held out."""


def held_out_structure(s: Sentence) -> str:
    """The first held-out structure of ``s``, or ``""``."""
    return next((name for name, test in HELD_OUT.items() if test(s)), "")


def example_of(s: Sentence, construction: str | None = None) -> Example:
    target = s.targets[-1]
    assert target is not None
    return Example(
        tuple(s.words),
        s.words[target],
        target,
        s.family,
        construction or s.construction,
        candidates=s.candidates,
        targets=tuple(s.targets),
    )


@dataclass(frozen=True)
class Corpus:
    training: tuple[Example, ...]
    new_sentences: tuple[Example, ...]
    new_structures: tuple[Example, ...]

    @property
    def held_out(self) -> tuple[Example, ...]:
        return self.new_sentences + self.new_structures


def _stable_hash(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def draw_sentences(
    rng: random.Random, per_length: dict[str, int], draws: int
) -> dict[tuple[str, int], list[Sentence]]:
    """Distinct sentences of the grammar by family and length, up to ``per_length[family]``
    of each."""
    found: dict[tuple[str, int], list[Sentence]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for _ in range(draws):
        try:
            s = derive(rng, MAX_WORDS)
        except RejectedError:
            continue
        words = tuple(s.words)
        key = (s.family, len(words))
        if words in seen or len(found[key]) >= per_length[s.family]:
            continue
        seen.add(words)
        found[key].append(s)
    return found


@lru_cache(maxsize=1)
def corpus() -> Corpus:
    """Training, new-sentence and new-structure sets, disjoint, in a fixed order.

    Drawing them takes seconds, so the result is also kept in the user's cache folder
    (:func:`corpus_cache_file`), under a name that changes with any of the model package's
    source files; a missing, unreadable or stale copy is drawn again."""
    path = corpus_cache_file()
    cached = read_cached_corpus(path)
    if cached is not None:
        return cached
    built = build_corpus()
    write_cached_corpus(built, path)
    return built


MODEL_PACKAGE = Path(__file__).resolve().parent
"""The folder of the model package, whose sources name the kept corpus."""


def corpus_cache_file(package: Path = MODEL_PACKAGE) -> Path:
    """Where the drawn corpus is kept: ``$XDG_CACHE_HOME/derived-transformer`` (or
    ``~/.cache/derived-transformer``), named by a hash of every source file of ``package``
    (the grammar, the labeller, the vocabulary and this module among them)."""
    digest = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        name = source.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "derived-transformer" / f"corpus-{digest.hexdigest()[:20]}.pickle"


def read_cached_corpus(path: Path) -> Corpus | None:
    """The corpus kept at ``path``, or ``None`` if there is none or it cannot be read."""
    try:
        with path.open("rb") as file:
            cached = pickle.load(file)
    except Exception:  # missing, truncated or written by another version: draw it again
        return None
    return cached if isinstance(cached, Corpus) else None


def write_cached_corpus(built: Corpus, path: Path) -> None:
    """Keep ``built`` at ``path`` (written whole, then renamed); where the cache folder
    cannot be written, nothing is kept."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as file:
            pickle.dump(built, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):  # no folder could be made: nothing was written
            temporary.unlink(missing_ok=True)


def build_corpus() -> Corpus:
    """Draw the corpus from the grammar (what :func:`corpus` keeps)."""
    training: list[Example] = []
    new_sentences: list[Example] = []
    new_structures: list[Example] = []
    excluded = set(EXTRA_SENTENCES) | set(VIDEO_SENTENCES)
    found = draw_sentences(random.Random(SEED), PER_LENGTH, DRAWS)
    for key in sorted(found):
        for s in found[key]:
            text = " ".join(s.words)
            if text in excluded:
                continue
            structure = held_out_structure(s)
            if structure:
                new_structures.append(example_of(s, structure))
            elif _stable_hash("sentence", text) % 100 < NEW_SENTENCE_PERCENT:
                new_sentences.append(example_of(s))
            else:
                training.append(example_of(s))
    training.extend(_video_example(text) for text in VIDEO_SENTENCES)
    return Corpus(tuple(training), tuple(new_sentences), tuple(new_structures))


def _video_example(text: str) -> Example:
    """A sentence the video shows, answered by hand (its word targets: the labeller's)."""
    from derived_transformer.model.labels import parse_words

    words = tuple(text.split())
    answers = {
        VIDEO_SENTENCES[0]: ("dog", "tail"),
        VIDEO_SENTENCES[1]: ("cat", "phrase"),
        VIDEO_SENTENCES[2]: ("fat", "phrase"),
        VIDEO_SENTENCES[3]: ("fire", "roaring"),
        VIDEO_SENTENCES[4]: ("lion", "roaring"),
    }
    answer, family = answers[text]
    index = len(words) - 1 - words[::-1].index(answer)
    targets = parse_words(words).targets
    return Example(words, answer, index, family, "shown in the video", targets=targets)


def training_set() -> tuple[Example, ...]:
    return corpus().training


def new_sentences_set() -> tuple[Example, ...]:
    return corpus().new_sentences


def new_structures_set() -> tuple[Example, ...]:
    return corpus().new_structures


def held_out_set() -> tuple[Example, ...]:
    """Both held-out kinds together."""
    return corpus().held_out


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
