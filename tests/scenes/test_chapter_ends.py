"""A chapter ends on a silent hold of its last picture, no other scene does."""

from __future__ import annotations

from pathlib import Path

import pytest

from derived_transformer.scenes import catalog
from derived_transformer.scenes.base import CHAPTER_END_HOLD
from derived_transformer.scenes.ch0_intro import Intro
from tests.support.harness import build_scene


def test_only_each_chapters_last_scene_holds() -> None:
    for chapter in catalog.CHAPTERS:
        *others, last = catalog.chapter_scenes(chapter)
        assert last.closing_hold == CHAPTER_END_HOLD, last.__name__
        assert [s.__name__ for s in others if s.closing_hold] == []


@pytest.mark.parametrize("scene_class", [Intro])
def test_the_hold_follows_the_last_words(scene_class, media_dir: Path) -> None:
    held = build_scene(scene_class, media_dir)
    unheld = build_scene(scene_class, media_dir, closing_hold=0.0)
    assert held.cues == unheld.cues
    silent = [s.renderer.time - max(cue.end for cue in s.cues) for s in (held, unheld)]
    assert silent[0] - silent[1] == pytest.approx(CHAPTER_END_HOLD, abs=0.15)  # to whole frames
