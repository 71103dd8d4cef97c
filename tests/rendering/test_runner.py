"""A damaged cache entry is found, said in one line, and rendered again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from derived_transformer.rendering.runner import Product, SceneJob, cached_result
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes import catalog
from tests.support.paths import ROOT
from tests.support.videos import tiny_video

SCENE = "order-lost"


def finished_job(tmp_path: Path, product: Product = "video") -> SceneJob:
    """A job whose cache folder holds a whole 3-second entry."""
    job = SceneJob(catalog.find_scene(SCENE), RenderSettings(), tmp_path / "entry", product)
    job.folder.mkdir(parents=True)
    tiny_video(job.folder / "scene.mp4", 3.0, 40)
    meta = {
        "duration": 3.0,
        "cues": [[0.0, 1.0, "a line"]],
        "beats": [["0.1", 0.0]],
        "chapter": "Intro",
        "voice": [],
    }
    (job.folder / "meta.json").write_text(json.dumps(meta))
    return job


def damage_meta(text: str):
    return lambda job: (job.folder / "meta.json").write_text(text)


def truncate_video(job: SceneJob) -> None:
    video = job.folder / "scene.mp4"
    video.write_bytes(video.read_bytes()[: video.stat().st_size // 2])


DAMAGES = {
    "metadata not JSON": (damage_meta("{not json"), "not JSON"),
    "metadata not text": (lambda j: (j.folder / "meta.json").write_bytes(b"\xff\xfe\x00"), "text"),
    "metadata a list": (damage_meta("[1, 2]"), "not a table"),
    "a field missing": (
        damage_meta('{"duration": 3.0, "cues": [], "beats": []}'),
        "lacks 'chapter'",
    ),
    "a field of the wrong kind": (
        damage_meta('{"duration": "long", "cues": [], "beats": [], "chapter": ""}'),
        "wrong 'duration'",
    ),
    "cues of the wrong shape": (
        damage_meta('{"duration": 3.0, "cues": [[1]], "beats": [], "chapter": ""}'),
        "wrong cues",
    ),
    "video missing": (lambda j: (j.folder / "scene.mp4").unlink(), "missing"),
    "video garbage": (lambda j: (j.folder / "scene.mp4").write_bytes(b"\x00garbage" * 99), "read"),
    "video truncated": (truncate_video, ""),
    "video empty": (lambda j: (j.folder / "scene.mp4").write_bytes(b""), "read"),
    "video a folder": (
        lambda j: ((j.folder / "scene.mp4").unlink(), (j.folder / "scene.mp4").mkdir()),
        "missing",
    ),
}


def test_a_whole_entry_is_taken_from_the_cache(tmp_path: Path) -> None:
    job = finished_job(tmp_path)
    result = cached_result(job, on_damaged=pytest.fail)
    assert result is not None and result.duration == 3.0 and not result.rendered


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_entry_is_said_and_counts_as_none(tmp_path: Path, damage: str) -> None:
    job = finished_job(tmp_path)
    hurt, expected = DAMAGES[damage]
    hurt(job)
    reasons: list[str] = []
    assert cached_result(job, on_damaged=reasons.append) is None
    assert len(reasons) == 1 and expected in reasons[0]
    assert "\n" not in reasons[0]


def test_a_damaged_still_counts_as_none(tmp_path: Path) -> None:
    job = SceneJob(catalog.find_scene(SCENE), RenderSettings(), tmp_path / "entry", "still")
    job.folder.mkdir(parents=True)
    (job.folder / "scene.png").write_bytes(b"\x89PNG garbage")
    meta = '{"duration": 3.0, "cues": [], "beats": [], "chapter": ""}'
    (job.folder / "still.json").write_text(meta)
    reasons: list[str] = []
    assert cached_result(job, on_damaged=reasons.append) is None
    assert reasons and "image cannot be read" in reasons[0]


@pytest.mark.render
def test_the_command_line_renders_a_damaged_entry_again(tmp_path: Path) -> None:
    def render() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "render.py"), SCENE, "--no-voice", "--out", str(tmp_path)],
            capture_output=True, text=True, timeout=600, cwd=ROOT,
        )  # fmt: skip

    assert render().returncode == 0
    (meta,) = (tmp_path / "cache" / SCENE).glob("*/meta.json")
    for hurt in (lambda: meta.write_text("{garbage"), lambda: meta.with_name("scene.mp4").unlink()):
        hurt()
        again = render()
        assert again.returncode == 0, again.stderr
        assert "Traceback" not in again.stderr
        notes = [line for line in again.stderr.splitlines() if "is damaged" in line]
        assert (
            len(notes) == 1 and f"scene '{SCENE}'" in notes[0] and "rendering it again" in notes[0]
        )
        assert "1 rendered" in again.stdout
