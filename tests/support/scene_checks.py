"""Checks every scene of the catalogue passes, shared by the chapters' test files."""

from __future__ import annotations

import itertools
from pathlib import Path

from derived_transformer.narration import CUE_LENGTH
from derived_transformer.narration.timing import REGENERATE
from derived_transformer.scenes.base import DerivedScene
from tests.support.harness import build_scene

NOT_YET_KEYED = {
    "demo",
}  # fmt: skip
"""Scenes that still draw a colour scale without its key (each chapter pass empties it)."""


def check_builds_cleanly(scene_class: type[DerivedScene], media_dir: Path) -> None:
    """The scene builds with the layout checked after every animation (see the harness),
    shows subtitles, and shows every beat it declares, in order (the base scene only refuses
    unknown ones); every line it speaks is timed from the committed table of measured
    lengths, and its subtitles are shown for exactly that line's clip, in cues of at most two
    lines, never the same text twice in a row."""
    scene = build_scene(scene_class, media_dir)
    assert scene.cues, "every scene shows subtitles"
    assert [f[0].split()[0] for f in scene.beat_frames] == [b.id for b in scene_class.beats]
    not_measured = [p.written for p in scene.voice_placements if p.timing != "table"]
    assert not not_measured, (
        f"lines not in assets/narration/lengths.json (run {REGENERATE}): {not_measured}"
    )
    for placement in scene.voice_placements:
        inside = [c for c in scene.cues if placement.start - 1e-6 <= c.start < placement.end]
        assert " ".join(c.text for c in inside) == " ".join(placement.written.split())
        assert abs(inside[0].start - placement.start) < 1e-6
        assert abs(inside[-1].end - placement.end) < 1e-6
    too_long = [c.text for c in scene.cues if len(c.text) > CUE_LENGTH and " " in c.text]
    assert not too_long, f"cues longer than two lines: {too_long}"
    repeated = [a.text for a, b in itertools.pairwise(scene.cues) if a.text == b.text]
    assert not repeated, f"the same subtitle twice in a row: {repeated}"
    if scene_class.short_name not in NOT_YET_KEYED:
        assert not scene.unkeyed, f"colour scales without a key: {sorted(scene.unkeyed)}"


def scene_id(scene_class: type[DerivedScene]) -> str:
    return scene_class.short_name
