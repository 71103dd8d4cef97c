"""Checks every scene of the catalogue passes, shared by the chapters' test files."""

from __future__ import annotations

from pathlib import Path

from narration.timing import REGENERATE
from scenes.base import DerivedScene
from tests.support.harness import build_scene


def check_builds_cleanly(scene_class: type[DerivedScene], media_dir: Path) -> None:
    """The scene builds with the layout checked after every animation (see the harness),
    shows subtitles, and shows every beat it declares, in order (the base scene only refuses
    unknown ones); every line it speaks is timed from the committed table of measured
    lengths, and its subtitle is shown for exactly that line's clip."""
    scene = build_scene(scene_class, media_dir)
    assert scene.cues, "every scene shows subtitles"
    assert [f[0].split()[0] for f in scene.beat_frames] == [b.id for b in scene_class.beats]
    not_measured = [p.written for p in scene.voice_placements if p.timing != "table"]
    assert not not_measured, (
        f"lines not in assets/narration/lengths.json (run {REGENERATE}): {not_measured}"
    )
    spans = {(p.start, p.end, p.written) for p in scene.voice_placements}
    assert spans <= {(c.start, c.end, c.text) for c in scene.cues}


def scene_id(scene_class: type[DerivedScene]) -> str:
    return scene_class.short_name
