"""The script of a scene: lines with a written form (shown as subtitles) and a spoken form
(read by the voice), and where each line was placed in the scene.

>>> line = Line("It reaches 99%.")
>>> line.spoken
'It reaches ninety-nine percent.'
>>> Line("The n² pairs", spoken="The n squared pairs of words").spoken
'The n squared pairs of words'
>>> Line("a bilinear form").speech  # what the engine is given, respellings applied
'a by-linnier form'
"""

from __future__ import annotations

from dataclasses import dataclass

from derived_transformer.narration.lexicon import project_lexicon
from derived_transformer.narration.spoken import spoken_form


@dataclass(frozen=True)
class Line:
    """One line of narration, spoken while one animation (or a few) runs.

    ``written``: the words shown as the subtitle (numbers as digits, "99%", "n²").
    ``spoken``: the words the voice reads; derived from ``written`` by
    :func:`~narration.spoken.spoken_form` when not given.
    Live values are filled in by the scene with an f-string, from its trace:
    ``Line(f"It answers {word}, with {p:.0%}.")``.
    """

    written: str
    spoken: str = ""

    def __post_init__(self) -> None:
        written = " ".join(self.written.split())
        if not written:
            raise ValueError("a line needs words")
        object.__setattr__(self, "written", written)
        spoken = " ".join(self.spoken.split()) or spoken_form(written)
        object.__setattr__(self, "spoken", spoken)

    @property
    def speech(self) -> str:
        """The text given to the speech engine: the spoken form with the lexicon's
        respellings. Clip lengths and the clip cache are keyed by it."""
        return project_lexicon().pronounced(self.spoken)

    @classmethod
    def of(cls, line: Line | str) -> Line:
        return line if isinstance(line, Line) else cls(line)


@dataclass(frozen=True)
class Placement:
    """A line's clip placed in a scene: spoken from ``start`` for ``duration`` seconds
    (scene time). ``timing`` says where the duration came from and ``pauses`` where the clip
    falls silent (see :class:`narration.timing.Measured`)."""

    start: float
    duration: float
    speech: str
    written: str
    timing: str
    pauses: tuple[float, ...] = ()

    @property
    def end(self) -> float:
        return self.start + self.duration

    def as_json(self) -> list[object]:
        return [self.start, self.duration, self.speech, self.written, self.timing, self.pauses]

    @classmethod
    def from_json(cls, item: list[object]) -> Placement:
        start, duration, speech, written, timing, *rest = item
        pauses = tuple(float(p) for p in rest[0]) if rest else ()  # type: ignore[union-attr]
        return cls(float(start), float(duration), str(speech), str(written), str(timing), pauses)  # type: ignore[arg-type]
