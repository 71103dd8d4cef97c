"""Scenes that misbehave on purpose, for the runner's watchdog (rendered in worker processes,
which import them from here)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from manim import Square

from derived_transformer.scenes.base import Beat, DerivedScene


class Hangs(DerivedScene):
    """Loops forever before its first animation: no frame, no progress."""

    short_name = "hangs"
    fixed_example = "a test scene"
    beats = (Beat("t.1", "hangs"),)

    def construct(self) -> None:
        self.beat("t.1", "This scene never finishes.")
        while True:
            time.sleep(0.05)


class SlowButSteady(DerivedScene):
    """Takes ``frame_delay`` seconds for every frame of a long animation: slow, but it
    progresses all the time."""

    short_name = "slow-but-steady"
    fixed_example = "a test scene"
    beats = (Beat("t.1", "slow"),)
    frame_delay: float = 0.1
    seconds: float = 3.0

    def construct(self) -> None:
        self.beat("t.1", "Slow and steady.")
        square = Square()
        square.add_updater(lambda m, dt: time.sleep(self.frame_delay))
        self.add(square)
        self.wait(self.seconds)


class Quick(DerivedScene):
    """A short real render (one second); ``MARKER`` in the environment names a file the
    scene creates when it starts, so a test can tell that rendering has begun."""

    short_name = "quick"
    fixed_example = "a test scene"
    beats = (Beat("t.1", "quick"),)
    seconds: float = 1.0

    def construct(self) -> None:
        marker = os.environ.get("MARKER")
        if marker:
            Path(marker).write_text(str(os.getpid()))
        self.beat("t.1", "Quick.")
        square = Square()
        self.add(square)
        self.play(square.animate.shift([1, 0, 0]), run_time=self.seconds)
