"""A chapter ends on a silent hold of its last picture, no other scene does."""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import FadeIn, Square

from derived_transformer.narration import Line
from derived_transformer.scenes import catalog
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from tests.support.harness import build_scene


def test_only_each_chapters_last_scene_holds() -> None:
    for chapter in catalog.CHAPTERS:
        *others, last = catalog.chapter_scenes(chapter)
        assert last.closing_hold == CHAPTER_END_HOLD, last.__name__
        assert [s.__name__ for s in others if s.closing_hold] == []


class LastWords(DerivedScene):
    beats = (Beat("x", "last words"),)

    def construct(self) -> None:
        self.beat("x")
        with self.voiceover(Line("A square, and the chapter ends.")) as clip:
            self.play(FadeIn(Square()), run_time=clip.duration)


def test_the_hold_follows_the_last_words(media_dir: Path) -> None:
    held = build_scene(LastWords, media_dir, closing_hold=CHAPTER_END_HOLD)
    unheld = build_scene(LastWords, media_dir)
    assert held.cues == unheld.cues
    silent = [s.renderer.time - max(cue.end for cue in s.cues) for s in (held, unheld)]
    assert silent[0] - silent[1] == pytest.approx(CHAPTER_END_HOLD, abs=0.15)  # to whole frames
