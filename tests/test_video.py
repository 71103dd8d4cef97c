"""The whole-video pipeline: parallel renders assembled with chapters and subtitles, the
incremental re-render, safe outputs and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import pytest
import srt

from scenes.catalog import find_scene
from scenes.pipeline.fingerprint import RenderSettings, scene_fingerprint, scene_source
from scenes.pipeline.runner import SceneRenderError, make_jobs, run_jobs

ROOT = Path(__file__).resolve().parent.parent


def render(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def test_two_scenes_in_parallel_assembled_with_chapters_and_subtitles(tmp_path: Path) -> None:
    result = render("--chapter", "0", "--jobs", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    video = tmp_path / "derived-transformer-chapter-0.mp4"
    assert str(video) in result.stdout
    # the chapter is one scene; assemble two chapters' scenes through the Python API too
    entries = [find_scene("intro"), find_scene("cnn-text")]
    jobs = make_jobs(entries, RenderSettings(), tmp_path / "cache")
    results = run_jobs(jobs, 2, lambda r: None)
    assert [r.name for r in results] == ["intro", "cnn-text"]
    assert not results[0].rendered  # rendered by the command above: from the cache

    from scenes.pipeline.assemble import Part, assemble, video_duration

    parts = [Part(r.name, r.output, video_duration(r.output), r.subtitles, r.chapter)
             for r in results]
    joined, subtitles = tmp_path / "joined.mp4", tmp_path / "joined.srt"
    assemble(parts, joined, subtitles, "mp4")
    with av.open(str(joined)) as container:
        duration = float(container.duration) / av.time_base
        chapters = container.chapters()
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
    assert abs(duration - sum(p.duration for p in parts)) < 0.1
    assert [c["metadata"]["title"] for c in chapters] == ["0 Intro", "1 CNNs for text"]
    second_start = float(chapters[1]["start"] * chapters[1]["time_base"])
    assert abs(second_start - parts[0].duration) < 0.01
    entries_srt = list(srt.parse(subtitles.read_text()))
    assert len(entries_srt) == sum(len(r.subtitles) for r in results)
    first_of_second = entries_srt[len(results[0].subtitles)]
    assert abs(first_of_second.start.total_seconds() - parts[0].duration) < 0.01
    assert entries_srt[-1].end.total_seconds() <= duration + 0.1


def test_incremental_render_redoes_exactly_the_changed_scene(tmp_path: Path) -> None:
    settings = RenderSettings()
    one_hot, conv = find_scene("one-hot"), find_scene("conv-layers")
    before = {e.name: scene_fingerprint(e, settings) for e in (one_hot, conv)}
    # a change inside one scene's class changes its fingerprint only
    original = scene_source(conv)
    assert "class OneHotWords" not in original and "class ConvolutionLayers" in original
    source = conv.path.read_text()
    marker = "    slow_windows: int = 2\n"
    assert marker in source
    try:
        conv.path.write_text(source.replace(marker, marker + "    extra_hold: int = 0\n"))
        after = {e.name: scene_fingerprint(e, settings) for e in (one_hot, conv)}
    finally:
        conv.path.write_text(source)
    assert after["one-hot"] == before["one-hot"]
    assert after["conv-layers"] != before["conv-layers"]
    # and the runner renders only what has no finished folder
    jobs = make_jobs([find_scene("intro"), find_scene("cnn-text")], settings,
                     tmp_path / "cache")
    first = run_jobs(jobs, 2, lambda r: None)
    assert [r.rendered for r in first] == [True, True]
    (jobs[1].folder / "meta.json").unlink()  # as if its inputs had changed
    second = run_jobs(jobs, 2, lambda r: None)
    assert [r.rendered for r in second] == [False, True]


def test_settings_enter_the_fingerprint() -> None:
    entry = find_scene("one-hot")
    base = scene_fingerprint(entry, RenderSettings())
    assert scene_fingerprint(entry, RenderSettings(quality="m")) != base
    assert scene_fingerprint(entry, RenderSettings(sentence="the fat cat")) != base
    fixed = find_scene("long-range")  # keeps its example: the sentence does not matter
    assert scene_fingerprint(fixed, RenderSettings(sentence="the fat cat")) == \
        scene_fingerprint(fixed, RenderSettings())


def test_a_failing_scene_is_named_and_nothing_is_half_written(tmp_path: Path) -> None:
    from scenes.pipeline.runner import SceneJob

    broken = SceneJob(find_scene("intro"), RenderSettings(sentence="the zebra"),
                      tmp_path / "cache" / "intro" / "x")
    with pytest.raises(SceneRenderError, match="scene 'intro' failed"):
        run_jobs([broken], 1, lambda r: None)
    assert not (tmp_path / "cache" / "intro" / "x" / "meta.json").exists()
    assert not [p for p in (tmp_path / "cache" / "intro").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--chapter", "9"), "unknown chapter 9"),
        (("--format", "avi"), "invalid choice: 'avi'"),
        (("-q", "z"), "invalid choice: 'z'"),
        (("--sentence", "the zebra roared"), "unknown words 'zebra'"),
        (("--jobs", "0"), "--jobs must be at least 1"),
    ],
)
def test_bad_input_for_the_whole_video(args: tuple[str, ...], expected: str,
                                       tmp_path: Path) -> None:
    result = render(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert not list(tmp_path.rglob("*.mp4"))


def test_ctrl_c_leaves_no_video_and_no_work_folders(tmp_path: Path) -> None:
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, str(ROOT / "render.py"), "--chapter", "1", "--jobs", "2",
         "--out", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while not list((tmp_path / "cache").glob("*/.*")) and time.monotonic() < deadline:
        time.sleep(0.2)  # until a scene has started rendering
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "interrupted; no video was written" in stderr
    assert "Traceback" not in stderr
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob(".*"))
    assert not list((tmp_path / "cache").glob("*/.*"))


@pytest.mark.parametrize("video_format", ["webm", pytest.param("gif", marks=pytest.mark.slow)])
def test_other_formats_assemble(video_format: str, tmp_path: Path) -> None:
    result = render("--chapter", "0", "--format", video_format, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    video = tmp_path / f"derived-transformer-chapter-0.{video_format}"
    parts = list((tmp_path / "cache" / "intro").glob(f"*/scene.{video_format}"))
    assert video.exists() and len(parts) == 1
    if video_format == "gif":
        from PIL import Image

        def length(path: Path) -> float:
            image, total = Image.open(path), 0
            for k in range(image.n_frames):
                image.seek(k)
                total += image.info["duration"]
            return total / 1000

        assert abs(length(video) - length(parts[0])) < 0.05
    else:
        with av.open(str(video)) as container:
            assert [c["metadata"]["title"] for c in container.chapters()] == ["0 Intro"]
            duration = float(container.duration) / av.time_base
        with av.open(str(parts[0])) as container:
            assert abs(duration - float(container.duration) / av.time_base) < 0.1
