"""How long each line takes to say, without synthesising it: the timing source in force.

A scene asks the timing source for the length of every line it speaks and runs its
animations for that long, so its pictures never depend on whether audio is made. The source
answers, in order:

1. from the committed table of measured clip lengths (``assets/narration/lengths.json``,
   written by ``python -m derived_transformer.rendering.lengths``), when the voice in use
   is the table's voice;
2. from a voice that can measure a line by synthesising it (the rendering package supplies
   one when a speech engine is installed, or a user passes their own), for lines not in the
   table or when the voice is not the table's;
3. otherwise from an estimate (the table voice's characters per second), for silent
   renders of lines nobody has measured (a new ``--sentence``); such placements say so,
   and the quick tests fail if a line of the project's own script is estimated.

>>> table = LengthTable(voice="v", sample_rate=100, samples={"Hello. Hi.": 150},
...                     pauses={"Hello. Hi.": (70,)})
>>> Timing(table).measure("Hello. Hi.")
Measured(seconds=1.5, source='table', pauses=(0.7,))
>>> Timing(table).measure("Hello there.").source
'estimate'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from derived_transformer.errors import DataFileError
from derived_transformer.files import read_json
from derived_transformer.narration.lexicon import ASSETS

LENGTHS_FILE = ASSETS / "lengths.json"
REGENERATE = "python -m derived_transformer.rendering.lengths"
"""The command that measures every line of the script and rewrites the table."""

DEFAULT_CHARACTERS_PER_SECOND = 14.0
"""Speaking rate of an estimate when there is no table to learn it from."""


class LineLengths(Protocol):
    """Anything that measures how long a line takes to say (a speech service does)."""

    @property
    def identity(self) -> str:
        """Engine, version, voice and settings: equal identities give equal clips."""
        ...

    def length(self, speech: str) -> float:
        """Seconds of the clip of ``speech``."""
        ...


@dataclass(frozen=True)
class Measured:
    """A line's length in seconds, and where it came from: ``"table"``,
    ``"voice:<identity>"`` (synthesised to measure it) or ``"estimate"``; ``pauses``: the
    middle of each silence in the clip (seconds from its start), where a subtitle may change
    without cutting a word (known for measured lines of the table only)."""

    seconds: float
    source: str
    pauses: tuple[float, ...] = ()


@dataclass(frozen=True)
class LengthTable:
    """Measured clip lengths (in samples at ``sample_rate``) of the lines of one voice, and
    where each clip falls silent (the middle of each pause, in samples)."""

    voice: str
    sample_rate: int
    samples: dict[str, int] = field(default_factory=dict)
    pauses: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def seconds(self, speech: str) -> float | None:
        count = self.samples.get(speech)
        return None if count is None else count / self.sample_rate

    @property
    def characters_per_second(self) -> float:
        seconds = sum(self.samples.values()) / self.sample_rate
        characters = sum(len(s) for s in self.samples)
        return characters / seconds if seconds > 0 else DEFAULT_CHARACTERS_PER_SECOND

    @classmethod
    def load(cls, path: Path = LENGTHS_FILE) -> LengthTable | None:
        """The table in ``path``, or ``None`` if there is none."""
        if not path.is_file():
            return None
        data = read_json(path, ("voice", "sample_rate", "lines"))
        try:
            pauses = {
                speech: tuple(map(int, at)) for speech, at in dict(data.get("pauses", {})).items()
            }
            return cls(str(data["voice"]), int(data["sample_rate"]), dict(data["lines"]), pauses)
        except (TypeError, ValueError):
            raise DataFileError(f"{path} is damaged (wrong values); restore it from git") from None

    def to_json(self) -> str:
        data = {
            "_about": f"Measured clip lengths (samples) of every line; regenerate: {REGENERATE}",
            "voice": self.voice,
            "sample_rate": self.sample_rate,
            "lines": dict(sorted(self.samples.items())),
            "pauses": {k: list(v) for k, v in sorted(self.pauses.items()) if v},
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


class Timing:
    """The timing source: the table, then a measuring voice, then an estimate (see the
    module). ``voice`` is consulted only for what the table cannot answer."""

    def __init__(self, table: LengthTable | None = None, voice: LineLengths | None = None):
        self.table = table
        self.voice = voice

    @property
    def _table_applies(self) -> bool:
        return self.table is not None and (
            self.voice is None or self.voice.identity == self.table.voice
        )

    def _known(self, speech: str) -> Measured | None:
        """The length without synthesising: from the table, or an estimate (``None`` when
        the voice must measure it)."""
        if self._table_applies:
            table = self.table
            seconds = table.seconds(speech)  # type: ignore[union-attr]
            if seconds is not None:
                rate = table.sample_rate  # type: ignore[union-attr]
                pauses = tuple(at / rate for at in table.pauses.get(speech, ()))  # type: ignore[union-attr]
                return Measured(seconds, "table", pauses)
        if self.voice is not None:
            return None
        rate = self.table.characters_per_second if self.table else DEFAULT_CHARACTERS_PER_SECOND
        return Measured(round(len(speech) / rate, 3), "estimate")

    def measure(self, speech: str) -> Measured:
        """How long ``speech`` takes to say."""
        known = self._known(speech)
        if known is not None:
            return known
        return Measured(self.voice.length(speech), f"voice:{self.voice.identity}")  # type: ignore[union-attr]

    def holds(self, speech: str, measured: Measured) -> bool:
        """Whether a length measured earlier is what this source would give now (without
        synthesising: a voice's measurement holds while the voice is the same)."""
        known = self._known(speech)
        if known is None:
            return measured.source == f"voice:{self.voice.identity}"  # type: ignore[union-attr]
        return known == measured


@cache
def committed_table() -> LengthTable | None:
    """The committed table of measured lengths, read once."""
    return LengthTable.load()


_IN_FORCE: list[Timing] = []


def current_timing() -> Timing:
    """The timing source in force: the innermost :func:`use_timing`, else the committed
    table alone."""
    return _IN_FORCE[-1] if _IN_FORCE else Timing(committed_table())


@contextmanager
def use_timing(timing: Timing) -> Iterator[Timing]:
    """Put ``timing`` in force for the ``with`` block (a render)."""
    _IN_FORCE.append(timing)
    try:
        yield timing
    finally:
        _IN_FORCE.pop()
