"""Subtitle cues: a line of words and the span of the scene during which it is shown.

A cue holds at most two lines of :data:`LINE_LENGTH` characters; a longer text is split at
its sentences, then its clauses, then between words (:func:`split_for_reading`), and its
span shared between the parts by their length (:func:`timed_cues`); where the voice's pauses
are known, each change of cue moves to the nearest pause, so it never falls inside a word.

>>> reading_time("ten characters")
0.9333333333333333
>>> Cue(1.0, 3.5, "Words are not numbers.").duration
2.5
>>> [c.text for c in timed_cues("One idea. Then another, longer one.", 0.0, 4.0, limit=20)]
['One idea.', 'Then another,', 'longer one.']
>>> [c.end for c in timed_cues("One idea. Then another.", 0.0, 4.0, limit=14, pauses=(1.3,))]
[1.3, 4.0]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

READING_SPEED = 15.0
"""Characters a second a viewer reads comfortably: a cue is shown at least this long."""

LINE_LENGTH = 42
"""Characters on one line of a subtitle."""

CUE_LENGTH = 2 * LINE_LENGTH
"""The most characters one cue holds: two lines."""

_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_CLAUSE_ENDS = ",;:—–"
_OPENING, _CLOSING = "([", ")]"


def _clauses(text: str) -> list[str]:
    """``text`` split after each comma, semicolon, colon or dash that a space follows, but
    never inside brackets: a pair written "(fire, roaring)" stays on one cue.

    >>> _clauses("the pair (fire, roaring): its score, then its share")
    ['the pair (fire, roaring):', 'its score,', 'then its share']
    """
    pieces, depth, start = [], 0, 0
    for k, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif char in _CLAUSE_ENDS and depth == 0 and text[k + 1 : k + 2] == " ":
            pieces.append(text[start : k + 1])
            start = k + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def split_for_reading(text: str, limit: int = CUE_LENGTH) -> list[str]:
    """``text`` in parts of at most ``limit`` characters: whole sentences where they fit,
    else clauses (after commas, semicolons, colons, dashes), else balanced runs of words.
    A single word longer than ``limit`` stays whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return [text] if text else []
    for pieces in (_SENTENCE.split(text), _clauses(text)):
        if len(pieces) > 1:
            return _packed(
                [part for piece in pieces for part in split_for_reading(piece, limit)], limit
            )
    words = text.split()
    count = -(-len(text) // limit)  # parts needed, rounded up
    target = len(text) / count
    parts, current = [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and (len(candidate) > limit or len(current) >= target):
            parts.append(current)
            current = word
        else:
            current = candidate
    parts.append(current)
    return parts


def _packed(parts: list[str], limit: int) -> list[str]:
    """Neighbouring parts joined again while they fit in one cue."""
    packed: list[str] = []
    for part in parts:
        if packed and len(packed[-1]) + 1 + len(part) <= limit:
            packed[-1] = f"{packed[-1]} {part}"
        else:
            packed.append(part)
    return packed


PAUSE_REACH = 0.35
"""How far (a share of the span) a change of cue may move to meet a pause of the voice."""


def timed_cues(
    text: str,
    start: float,
    end: float,
    limit: int = CUE_LENGTH,
    pauses: Sequence[float] = (),
) -> list[Cue]:
    """Cues for ``text`` shown from ``start`` to ``end``: one per part of
    :func:`split_for_reading`, each shown for a share of the span by its length. ``pauses``
    (seconds from ``start``: where the voice falls silent) move each change of cue to the
    nearest pause after the previous change, when one lies within :data:`PAUSE_REACH` of
    the span."""
    parts = split_for_reading(text, limit)
    total = sum(len(p) for p in parts) or 1
    span = end - start
    silences = sorted(start + p for p in pauses if 0 < p < span)
    cues, at, share = [], start, 0.0
    for k, part in enumerate(parts):
        share += len(part) / total
        until = end if k == len(parts) - 1 else start + span * share
        if k < len(parts) - 1:
            reachable = [
                p for p in silences if at < p < end and abs(p - until) <= PAUSE_REACH * span
            ]
            if reachable:
                until = min(reachable, key=lambda p: abs(p - until))
        cues.append(Cue(at, until, part))
        at = until
    return cues


def two_lines(text: str, width: int = LINE_LENGTH) -> list[str]:
    """A cue's text on at most two lines, broken between words near the middle."""
    if len(text) <= width:
        return [text]
    words = text.split()
    best, best_score = [text], float("inf")
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        score = max(len(first), len(second))
        if score < best_score:
            best, best_score = [first, second], score
    return best


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
