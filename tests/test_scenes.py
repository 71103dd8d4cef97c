"""Every registered scene builds, with the layout checked after every animation."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenes.catalog import SCENES
from scenes.testing import build_scene

OTHER_SENTENCE = "the lion saw that the fire was roaring"


@pytest.mark.parametrize("entry", SCENES, ids=[s.name for s in SCENES])
def test_scene_builds_with_a_clean_layout(entry, media_dir: Path) -> None:
    cls = entry.load()
    scene = build_scene(cls, media_dir, capture_beat_frames=True)
    assert [s[2] for s in scene.subtitles], "every scene shows subtitles"
    assert [f[0].split()[0] for f in scene.beat_frames] == [b.id for b in cls.beats]


@pytest.mark.parametrize(
    "entry", [s for s in SCENES if not s.load().fixed_example], ids=lambda s: s.name
)
def test_scene_follows_another_sentence(entry, media_dir: Path) -> None:
    scene = build_scene(entry.load(), media_dir, sentence=OTHER_SENTENCE)
    assert scene.trace.sentence == OTHER_SENTENCE


LONGEST = "the dog spun around so fast that it caught its tail"


@pytest.mark.parametrize(
    "entry", [s for s in SCENES if not s.load().fixed_example], ids=lambda s: s.name
)
def test_scene_stays_in_frame_for_the_longest_sentence(entry, media_dir: Path) -> None:
    from model import MAX_WORDS

    assert len(LONGEST.split()) == MAX_WORDS
    build_scene(entry.load(), media_dir, sentence=LONGEST)


def test_beats_last_long_enough_to_read(media_dir: Path) -> None:
    from scenes.base import READING_SPEED

    for entry in SCENES:
        scene = build_scene(entry.load(), media_dir, check_layout=False)
        for start, end, text in scene.subtitles:
            assert end - start >= len(text) / READING_SPEED - 1e-6


def test_captions_on_screen_sit_below_the_picture(media_dir: Path) -> None:
    from scenes.ch1_cnn import ConvolutionLayers

    scene = build_scene(ConvolutionLayers, media_dir, captions_on_screen=True)
    caption = " ".join(line.text for line in scene._caption)
    assert caption == scene.subtitles[-1][2]
    picture_bottom = min(m.get_bottom()[1] for m in scene.mobjects if m is not scene._caption)
    assert scene._caption.get_top()[1] < picture_bottom
