"""Assembling videos (chapters, subtitles), fingerprints for incremental renders, and the
parallel runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import av
import pytest
import srt

from derived_transformer.narration import Cue
from derived_transformer.rendering.assemble import Part, assemble_video, publish, video_duration
from derived_transformer.rendering.fingerprint import SourceTree, scene_fingerprint
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes import catalog
from tests.support.paths import ROOT
from tests.support.videos import tiny_video


def two_parts(tmp_path: Path, video_format: str = "mp4") -> list[Part]:
    a = tiny_video(tmp_path / f"a.{video_format}", 2.0, 40, video_format)
    b = tiny_video(tmp_path / f"b.{video_format}", 1.0, 200, video_format)
    return [
        Part("a", a, video_duration(a), (Cue(0.0, 1.5, "first"),), "Intro"),
        Part("b", b, video_duration(b), (Cue(0.2, 0.9, "second"),), "CNNs for text"),
    ]


@pytest.mark.parametrize("video_format", ["mp4", "webm"])
def test_parts_join_with_chapters_and_shifted_subtitles(tmp_path: Path, video_format: str) -> None:
    parts = two_parts(tmp_path, video_format)
    video = tmp_path / f"joined.{video_format}"
    subtitles = publish(parts, video, video_format)
    with av.open(str(video)) as container:
        duration = float(container.duration) / av.time_base
        chapters = container.chapters()
        frames = [f.to_ndarray(format="rgb24")[24, 32, 0] for f in container.decode(video=0)]
    assert abs(duration - 3.0) < 0.1
    assert len(frames) == 45
    assert abs(int(frames[29]) - 40) < 8 and abs(int(frames[30]) - 200) < 8  # a, then b
    if video_format == "mp4":
        assert [c["metadata"]["title"] for c in chapters] == ["Intro", "CNNs for text"]
        assert abs(float(chapters[1]["start"] * chapters[1]["time_base"]) - 2.0) < 0.01
    with av.open(str(video)) as container:  # the cues as a selectable text track too
        (track,) = container.streams.subtitles
        assert track.codec_context.name == {"mp4": "mov_text", "webm": "webvtt"}[video_format]
        texts = [(bytes(p), float(p.pts * p.time_base)) for p in container.demux(track) if p.size]
    texts = [(data, start) for data, start in texts if data.strip(b"\x00")]
    assert [
        data.endswith(word) for (data, _), word in zip(texts, [b"first", b"second"], strict=True)
    ] == [True, True]
    assert [start for _, start in texts] == [0.0, 2.2]
    cues = list(srt.parse(subtitles.read_text()))
    assert [c.content for c in cues] == ["first", "second"]
    assert abs(cues[1].start.total_seconds() - 2.2) < 1e-6
    assert abs(cues[1].end.total_seconds() - 2.9) < 1e-6
    assert not list(tmp_path.glob(".*"))


@pytest.mark.render
def test_gif_keeps_the_exact_length(tmp_path: Path) -> None:
    from PIL import Image

    parts = two_parts(tmp_path)
    assemble_video(parts, tmp_path / "joined.gif", "gif")
    image, total = Image.open(tmp_path / "joined.gif"), 0
    for k in range(image.n_frames):
        image.seek(k)
        total += image.info["duration"]
    assert abs(total / 1000 - 3.0) < 0.02


# -- fingerprints ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's code and assets, to edit without touching the source tree."""
    root = tmp_path_factory.mktemp("project")
    for folder in (
        "scenes",
        "model",
        "narration",
        "derived_transformer",
        "rendering",
        "assets",
        "tests",
    ):
        shutil.copytree(
            ROOT / folder,
            root / folder,
            symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    return root


def fingerprints(root: Path) -> dict[str, str]:
    tree = SourceTree(root)
    return {
        s.short_name: scene_fingerprint(s, RenderSettings(), tree=tree) for s in catalog.ALL_SCENES
    }


def edited(root: Path, relative: str, change) -> dict[str, str]:
    """The fingerprints with one file of the copy changed, then the file restored."""
    path = root / relative
    original = path.read_bytes()
    try:
        change(path)
        return fingerprints(root)
    finally:
        path.write_bytes(original)


def append(text: str):
    return lambda path: path.write_text(path.read_text() + text)


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_fingerprints_follow_what_each_scene_uses(project_copy: Path) -> None:
    before = fingerprints(project_copy)
    assert fingerprints(project_copy) == before  # stable
    pyramid_users = {
        s.short_name
        for s in catalog.ALL_SCENES
        if "ConvPyramid" in Path(sys.modules[s.__module__].__file__).read_text()
    }
    # a component: exactly the scenes whose modules use it
    after = edited(project_copy, "scenes/components/pyramid.py", append("\nEXTRA = 1\n"))
    assert changed(before, after) == pyramid_users
    assert 0 < len(pyramid_users) < len(before)
    # the theme and model code: every scene
    assert changed(before, edited(project_copy, "scenes/theme.py", append("\nX = 1\n"))) == set(
        before
    )
    traced = {s.short_name for s in catalog.ALL_SCENES}
    assert changed(before, edited(project_copy, "model/nets.py", append("\nX = 1\n"))) == traced
    # a checkpoint: the scenes that trace that model
    cnn_users = {s.short_name for s in catalog.ALL_SCENES if "cnn" in s.models_used()}

    def flip(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

    assert changed(before, edited(project_copy, "assets/checkpoints/cnn.pt", flip)) == cnn_users


def test_fingerprints_ignore_what_no_scene_uses(project_copy: Path) -> None:
    before = fingerprints(project_copy)
    for relative in ("tests/rendering/test_video.py", "rendering/cli.py", "rendering/runner.py"):
        assert fingerprints_after(project_copy, relative) == before, relative
    # the demo re-renders only itself; another scene of a chapter leaves its siblings alone
    assert changed(before, edited(project_copy, "scenes/demo.py", append("\nX = 1\n"))) == {"demo"}
    # a chapter's package list is no scene's code
    listing = "scenes/ch4_optimisations/__init__.py"
    assert changed(before, edited(project_copy, listing, append("\nX = 1\n"))) == set()


def fingerprints_after(root: Path, relative: str) -> dict[str, str]:
    return edited(root, relative, append("\n# an edit\n"))


def test_the_lexicon_enters_fingerprints_and_the_lengths_table_does_not(
    project_copy: Path,
) -> None:
    scenes = [catalog.find_scene(name) for name in ("intro", "one-hot", "demo")]

    def some(root: Path) -> list[str]:
        tree = SourceTree(root)
        return [scene_fingerprint(s, RenderSettings(), tree=tree) for s in scenes]

    def after(relative: str) -> list[str]:
        path = project_copy / relative
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"\n")
            return some(project_copy)
        finally:
            path.write_bytes(original)

    before = some(project_copy)
    assert all(a != b for a, b in zip(before, after("assets/narration/lexicon.json"), strict=True))
    # the table is checked against each finished scene's recorded lengths instead
    assert after("assets/narration/lengths.json") == before


def test_a_scene_edit_changes_that_scene_only(project_copy: Path) -> None:
    before = fingerprints(project_copy)

    def add_attribute(path: Path) -> None:
        source = path.read_text()
        marker = '    short_name = "conv-layers"\n'
        assert marker in source
        path.write_text(source.replace(marker, marker + "    extra_hold: int = 0\n"))

    scene_module = "scenes/ch1_cnn/conv_layers.py"
    assert changed(before, edited(project_copy, scene_module, add_attribute)) == {"conv-layers"}
    # a scene that derives from another depends on the other's module too
    base_module = "scenes/ch2_pairwise/order_lost.py"
    assert changed(before, edited(project_copy, base_module, append("\nX = 1\n"))) == {
        "order-lost",
        "positions",
    }
    # what a chapter's scenes share: every scene that imports from it
    shared = {"column-sums", "blurry", "one-large", "context", "scores", "two-networks"}
    shared |= {"attention-layer"}
    assert changed(
        before, edited(project_copy, "scenes/ch3_attention/shared.py", append("\nX = 1\n"))
    ) == (shared)


def test_settings_enter_the_fingerprint() -> None:
    one_hot = catalog.find_scene("one-hot")
    base = scene_fingerprint(one_hot, RenderSettings())
    assert scene_fingerprint(one_hot, RenderSettings(quality="m")) != base
    assert scene_fingerprint(one_hot, RenderSettings(sentence="the fat cat")) != base
    assert scene_fingerprint(one_hot, RenderSettings(), "still") != base
    fixed = catalog.find_scene("long-range")  # keeps its example: the sentence does not matter
    assert scene_fingerprint(fixed, RenderSettings(sentence="the fat cat")) == scene_fingerprint(
        fixed, RenderSettings()
    )


# -- the runner and whole videos (real renders) --------------------------------------------
def render(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.render
def test_a_chapter_renders_in_parallel_and_assembles(tmp_path: Path) -> None:
    result = render("--chapter", "1", "--jobs", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    video = tmp_path / "derived-transformer-chapter-1.mp4"
    scenes = catalog.chapter_scenes(catalog.find_chapter(1))
    with av.open(str(video)) as container:
        duration = float(container.duration) / av.time_base
        assert [c["metadata"]["title"] for c in container.chapters()] == ["CNNs for text"]
    parts = sorted((tmp_path / "cache").glob("*/*/scene.mp4"))
    assert len(parts) == len(scenes)
    assert abs(duration - sum(video_duration(p) for p in parts)) < 0.2
    cues = list(srt.parse(video.with_suffix(".srt").read_text()))
    assert cues[-1].end.total_seconds() <= duration + 0.1


@pytest.mark.render
def test_a_failing_scene_is_named_and_nothing_is_half_written(tmp_path: Path) -> None:
    from derived_transformer.rendering.pool import run_jobs
    from derived_transformer.rendering.runner import SceneJob, SceneRenderError

    broken = SceneJob(
        catalog.find_scene("intro"),
        RenderSettings(sentence="the zebra"),
        tmp_path / "cache" / "intro" / "x",
    )
    with pytest.raises(SceneRenderError, match="scene 'intro' failed") as failed:
        run_jobs([broken], 1, lambda r: None)
    assert failed.value.details.startswith("Traceback (most recent call last)")  # for the studio
    assert "zebra" in failed.value.details.splitlines()[-1]
    assert not (tmp_path / "cache" / "intro" / "x" / "meta.json").exists()
    leftovers = (tmp_path / "cache" / "intro").glob(".*")
    assert not [p for p in leftovers if not p.name.endswith(".lock")]  # no work folder


def test_chapter_marks_time_base() -> None:
    from derived_transformer.rendering.assemble import chapter_marks

    parts = [
        Part("a", Path("a"), 2.0, (), "Intro"),
        Part("b", Path("b"), 1.5, (), "Intro"),
        Part("c", Path("c"), 1.0, (), "CNNs for text"),
    ]
    assert chapter_marks(parts) == [("Intro", 0.0, 3.5), ("CNNs for text", 3.5, 4.5)]
