"""Checks every scene of the catalogue passes, shared by the chapters' test files."""

from __future__ import annotations

from pathlib import Path

from scenes.base import DerivedScene
from tests.support.harness import build_scene


def check_builds_cleanly(scene_class: type[DerivedScene], media_dir: Path) -> None:
    """The scene builds with the layout checked after every animation (see the harness),
    shows subtitles, and shows every beat it declares, in order (the base scene only refuses
    unknown ones)."""
    scene = build_scene(scene_class, media_dir)
    assert scene.cues, "every scene shows subtitles"
    assert [f[0].split()[0] for f in scene.beat_frames] == [b.id for b in scene_class.beats]


def scene_id(scene_class: type[DerivedScene]) -> str:
    return scene_class.short_name
