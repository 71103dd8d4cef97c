"""Subtitle cues: a line of words and the span of the scene during which it is shown.

>>> reading_time("ten characters")
0.9333333333333333
>>> Cue(1.0, 3.5, "Words are not numbers.").duration
2.5
"""

from __future__ import annotations

from dataclasses import dataclass

READING_SPEED = 15.0
"""Characters a second a viewer reads comfortably: a cue is shown at least this long."""


def reading_time(text: str) -> float:
    """The least time, in seconds, a cue of ``text`` stays on screen."""
    return len(text) / READING_SPEED


@dataclass(frozen=True)
class Cue:
    """``text`` shown from ``start`` to ``end`` seconds, measured from the scene's start."""

    start: float
    end: float
    text: str

    @property
    def duration(self) -> float:
        return self.end - self.start

    def shifted(self, offset: float) -> Cue:
        """The same cue ``offset`` seconds later (placing a scene inside a longer video)."""
        return Cue(self.start + offset, self.end + offset, self.text)
