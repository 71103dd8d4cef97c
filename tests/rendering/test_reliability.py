"""Nothing hangs, nothing is lost: sentence limits, conflicting flags, the watchdog, locks,
signals, interrupted and failed runs, and errors of the file system."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from derived_transformer.files import atomic_write_together, file_lock
from derived_transformer.rendering.cli import main, parse_args, settings_of
from derived_transformer.rendering.pool import run_jobs
from derived_transformer.rendering.runner import SceneJob, SceneStalledError, make_jobs
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes import catalog
from derived_transformer.scenes.ch2_pairwise import PermutationView
from tests.support.paths import ROOT
from tests.support.processes import alive

SCENE = "order-lost"  # a short scene that draws a real trace


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- sentences a scene cannot show ------------------------------------------------------------
SENTENCE_DRIVEN = [s for s in catalog.VIDEO_SCENES if not s.fixed_example]


def test_every_scene_states_its_limits_and_its_own_sentence_fits() -> None:
    from derived_transformer.model import tokenize

    for scene in catalog.ALL_SCENES:
        assert 1 <= scene.min_words <= scene.max_words
        if not scene.fixed_example:
            assert scene.sentence_problem(tokenize(scene.sentence)) is None, scene.short_name


def test_list_shows_each_scenes_limits(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list")
    assert code == 0
    assert "--sentence drives it: 2 to 11 words" in out  # permutations, pairwise, ...


@pytest.mark.parametrize(
    "scene", [s for s in SENTENCE_DRIVEN if s.min_words > 1], ids=lambda s: s.short_name
)
def test_a_sentence_too_short_for_a_scene_is_refused_before_rendering(
    capsys, scene, tmp_path: Path
) -> None:
    words = " ".join(["lion"] * (scene.min_words - 1))
    code, _, err = run_cli(capsys, scene.short_name, "--sentence", words, "--out", str(tmp_path))
    assert code == 2
    line = one_line(err)
    assert f"scene '{scene.short_name}' shows sentences of {scene.min_words} to" in line
    assert not (tmp_path / "cache").exists()


def test_a_chapter_refuses_a_sentence_one_of_its_scenes_cannot_show(capsys, tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "--chapter", "2", "--sentence", "lion", "--out", str(tmp_path))
    assert code == 2
    assert "scene 'pairwise' shows sentences of 2 to 11 words; this one has 1" in one_line(err)
    assert not (tmp_path / "cache").exists()


def test_a_sentence_too_long_for_the_scenes_is_refused(capsys, tmp_path: Path) -> None:
    from derived_transformer.model import MAX_WORDS

    if MAX_WORDS <= 11:
        pytest.skip("the models read no longer sentences than the scenes show")
    long = " ".join(["the", "lion"] * 6)  # 12 words: the models read it, the scenes cannot
    code, _, err = run_cli(capsys, "one-hot", "--sentence", long, "--out", str(tmp_path))
    assert code == 2
    assert "shows sentences of 1 to 11 words; this one has 12" in one_line(err)


@pytest.mark.parametrize("n", range(2, 12))
def test_the_orderings_of_any_sentence_are_found_without_looping(n: int) -> None:
    view = PermutationView.__new__(PermutationView)
    view.i, view.j = 0, n - 1
    orders = view.pick_orderings(n)
    assert orders[0] == tuple(range(n))
    assert len(set(orders)) == len(orders) <= PermutationView.shown_orderings
    assert all(sorted(o) == list(range(n)) for o in orders)
    assert any(abs(o.index(view.i) - o.index(view.j)) == 1 for o in orders)


@pytest.mark.render
@pytest.mark.parametrize("scene", SENTENCE_DRIVEN, ids=lambda s: s.short_name)
def test_every_scene_builds_at_its_shortest_sentence(scene, media_dir: Path) -> None:
    from tests.support.harness import build_scene

    words = ["the", "fat", "cat", "was", "roaring", "near", "the", "tree", "and", "it", "was"]
    built = build_scene(scene, media_dir, sentence=" ".join(words[: scene.min_words]))
    assert built.cues


# -- flags that conflict ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--contact-sheet",), "--contact-sheet needs a scene name"),
        (("--slides",), "--slides needs a scene name"),
        (("demo", "--still", "--format", "gif"), "--format gif applies to videos"),
        (("demo", "--still", "--contact-sheet"), "choose one of --contact-sheet and --still"),
        (("--gallery", "demo"), "--gallery renders one scene of every chapter"),
        (("--gallery", "--chapter", "1"), "--gallery renders one scene of every chapter"),
        (("--list", "--chapter", "1"), "--list lists and renders nothing"),
        (("--vocab", "--sentence", "the fat cat"), "--vocab lists and renders nothing"),
        (("--timeout", "0"), "--timeout must be a positive number"),
        (("demo", "--contact-sheet", "--preview"), "--preview opens a video or a still"),
        (("",), "the scene name is empty"),
        (("  ", "--still"), "the scene name is empty"),
        (("--timeout", "nan"), "--timeout must be a positive number"),
        (("--timeout", "inf"), "--timeout must be a positive number"),
        (("--timeout", "-3"), "--timeout must be a positive number"),
        (("--list", "--jobs", "2"), "it takes no --jobs, --out"),
        (("--list", "-q", "l"), "it takes no --out, -q"),
        (("--vocab", "--timeout", "5"), "it takes no --out, --timeout"),
        (("--list",), "it takes no --out"),
    ],
)
def test_conflicting_flags_are_one_clear_line(
    capsys, args: tuple[str, ...], expected: str, tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, *args, "--out", str(tmp_path / "out"))
    assert code == 2
    assert expected in one_line(err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_output_folder_is_refused(capsys, empty: str) -> None:
    code, _, err = run_cli(capsys, "demo", "--still", "--out", empty)
    assert code == 2
    assert "argument --out: give a folder name" in one_line(err)


def test_a_chapter_takes_the_sentence_where_its_scenes_do_and_says_so_once(
    capsys, tmp_path: Path
) -> None:
    sentence = "the lion saw that the fire was roaring"
    for args in (("--chapter", "1"), ()):
        code, out, err = run_cli(capsys, *args, "--sentence", sentence, "--dry-run",
                                 "--out", str(tmp_path))  # fmt: skip
        assert code == 0, err
        (note,) = err.strip().splitlines()
        assert "keep their fixed example" in note and "cnn-text" in note
        assert "would render" in out
    assert not tmp_path.exists() or not list(tmp_path.iterdir())  # a dry run writes nothing
    code, _, err = run_cli(capsys, "cnn-text", "--sentence", sentence, "--out", str(tmp_path))
    assert code == 2 and "keeps its fixed example" in one_line(err)


def test_fixed_example_scenes_render_without_the_sentence(tmp_path: Path) -> None:
    scenes = list(catalog.chapter_scenes(catalog.find_chapter(1)))
    with_sentence = make_jobs(scenes, RenderSettings(sentence="the fat cat"), tmp_path)
    without = make_jobs(scenes, RenderSettings(), tmp_path)
    for scene, job, plain in zip(scenes, with_sentence, without, strict=True):
        if scene.fixed_example:  # the same render, from the same cache folder
            assert job.settings.sentence is None and job.folder == plain.folder
        else:
            assert job.settings.sentence == "the fat cat" and job.folder != plain.folder


def test_preview_without_a_viewer_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    from derived_transformer.rendering.cli import NoViewerError, open_file

    monkeypatch.setenv("PATH", str(tmp_path))  # no program to open anything with
    target = tmp_path / "still.png"
    with pytest.raises(NoViewerError) as caught:
        open_file(target)
    assert str(target) in str(caught.value) and "not installed" in str(caught.value)
    assert caught.value.exit_status == 1


def test_the_cache_keys_on_the_words_not_on_how_they_were_typed(tmp_path: Path) -> None:
    typed = settings_of(parse_args(["one-hot", "--sentence", "The FAT   cat!"]))
    plain = settings_of(parse_args(["one-hot", "--sentence", "the fat cat"]))
    other = settings_of(parse_args(["one-hot", "--sentence", "the cat fat"]))
    scene = catalog.find_scene("one-hot")
    folder = {s: make_jobs([scene], s, tmp_path)[0].folder for s in (typed, plain, other)}
    assert folder[typed] == folder[plain] != folder[other]


# -- the watchdog ---------------------------------------------------------------------------
def stubborn(name: str) -> type:
    from tests.support import stubborn_scenes

    return {
        "hangs": stubborn_scenes.Hangs,
        "slow": stubborn_scenes.SlowButSteady,
        "quick": stubborn_scenes.Quick,
    }[name]


@pytest.mark.render
@pytest.mark.parametrize("product", ["video", "still", "contact-sheet"])
def test_a_scene_that_makes_no_progress_is_stopped_and_named(tmp_path: Path, product) -> None:
    (job,) = make_jobs([stubborn("hangs")], RenderSettings(), tmp_path / "cache", product=product)
    started = time.monotonic()
    with pytest.raises(SceneStalledError, match="scene 'hangs' failed: no progress for 4 s"):
        run_jobs([job], 1, lambda r: None, timeout=4)
    assert time.monotonic() - started < 60
    assert not list((tmp_path / "cache").glob("*/.*.*/"))  # its work folder is gone


@pytest.mark.render
def test_a_slow_scene_that_keeps_progressing_is_not_stopped(tmp_path: Path) -> None:
    (job,) = make_jobs([stubborn("slow")], RenderSettings(), tmp_path / "cache")
    started = time.monotonic()
    (result,) = run_jobs([job], 1, lambda r: None, timeout=2)
    assert time.monotonic() - started > 4  # it took far longer than the limit, and finished
    assert result.rendered and result.output.exists()


# -- outputs written whole, in pairs -------------------------------------------------------------
def test_a_failed_write_leaves_the_previous_pair_untouched(tmp_path: Path) -> None:
    video, subtitles = tmp_path / "v.mp4", tmp_path / "v.srt"
    video.write_bytes(b"old video")
    subtitles.write_text("old subtitles")

    def broken_video(tmp: Path) -> None:
        tmp.write_bytes(b"half a vid")
        raise OSError(28, "No space left on device", str(tmp))

    with pytest.raises(OSError):
        atomic_write_together({subtitles: lambda t: t.write_text("new"), video: broken_video})
    assert video.read_bytes() == b"old video" and subtitles.read_text() == "old subtitles"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]


def test_a_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path\n"
         "from derived_transformer.files import file_lock\n"
         f"with file_lock(Path({str(lock)!r})):\n"
         "    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    waited = []
    killer_started = time.monotonic()

    def kill_once() -> None:
        if not waited:
            holder.send_signal(signal.SIGKILL)
        waited.append(time.monotonic())

    with file_lock(lock, while_waiting=kill_once):
        pass
    holder.wait()
    assert waited and time.monotonic() - killer_started < 10


# -- real processes: two renders at once, SIGTERM, SIGKILL -------------------------------------
def start_render(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "render.py"), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def rendering_started(out: Path) -> bool:
    return bool(list((out / "cache").glob("*/.*.*/")))


def workers_of(pid: int) -> list[int]:
    """Processes running the render worker whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"derived_transformer.rendering.worker" in cmdline:
            found.append(int(entry.name))
    return found


def frames_and_seconds(video: Path) -> tuple[int, float]:
    """The decoded frames of the video stream and that stream's own duration (not the
    container's, which an audio track padded to its last coded block can outlast)."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return frames, float(stream.duration * stream.time_base)


@pytest.mark.render
def test_two_renders_of_one_scene_at_once_one_killed_holding_the_lock(tmp_path: Path) -> None:
    hd = ("-q", "h", "--out", str(tmp_path))  # 1080p60: long enough to overlap
    first = start_render(SCENE, *hd)
    wait_for(lambda: rendering_started(tmp_path) and workers_of(first.pid))
    second = start_render(SCENE, *hd)
    wait_for(lambda: workers_of(second.pid))
    time.sleep(3)  # the second worker is now waiting for the scene's lock
    (holder,) = workers_of(first.pid)
    os.kill(holder, signal.SIGKILL)  # the worker holding the scene's lock
    first.communicate(timeout=120)
    assert first.returncode == 1
    out, err = second.communicate(timeout=600)
    assert second.returncode == 0, err
    assert "1 rendered" in out  # the second run rendered it after the lock was freed
    frames, seconds = frames_and_seconds(tmp_path / "scenes" / f"{SCENE}.mp4")
    meta = next((tmp_path / "cache" / SCENE).glob("*/meta.json"))
    assert abs(json.loads(meta.read_text())["duration"] * 60 - frames) <= 1
    assert abs(frames - seconds * 60) <= 1
    assert not list((tmp_path / "cache").glob("*/.*.*/"))


@pytest.mark.render
@pytest.mark.parametrize(("how", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_workers_and_keeps_the_previous_video(
    tmp_path: Path, how: int, status: int
) -> None:
    done = start_render(SCENE, "--out", str(tmp_path))
    done.communicate(timeout=300)
    video = tmp_path / "scenes" / f"{SCENE}.mp4"
    before = video.read_bytes()
    shutil.rmtree(tmp_path / "cache")  # render it again
    process = start_render(SCENE, "--out", str(tmp_path))
    wait_for(lambda: rendering_started(tmp_path) and workers_of(process.pid))
    workers = workers_of(process.pid)
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status
    last = err.strip().splitlines()[-1]
    assert last.startswith("render.py: error:") and "no video was written" in last
    assert "Traceback" not in err
    wait_for(lambda: not alive(workers), 20)
    assert video.read_bytes() == before
    assert not list((tmp_path / "cache").glob("*/.*.*/"))
    assert not [p for p in (tmp_path / "scenes").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.render
def test_workers_end_on_their_own_when_the_parent_is_killed(tmp_path: Path) -> None:
    process = start_render(SCENE, "--out", str(tmp_path))
    wait_for(lambda: rendering_started(tmp_path) and workers_of(process.pid))
    workers = workers_of(process.pid)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    wait_for(lambda: not alive(workers), 20)
    wait_for(lambda: not rendering_started(tmp_path), 20)  # they removed their work folders


def test_stale_work_folders_are_removed_by_the_next_run(capsys, tmp_path: Path) -> None:
    from derived_transformer.rendering.runner import remove_stale_work

    scene = catalog.find_scene(SCENE)
    (job,) = make_jobs([scene], RenderSettings(), tmp_path / "cache")
    stale = job.folder.parent / f".{job.folder.name}.abc123"
    (stale / "media").mkdir(parents=True)
    busy_job = SceneJob(scene, RenderSettings(), job.folder.parent / "other")
    busy = busy_job.folder.parent / ".other.xyz789"
    busy.mkdir()
    with file_lock(busy_job.lock):  # someone is rendering that one: keep it
        remove_stale_work(tmp_path / "cache")
    assert not stale.exists() and busy.exists()


# -- errors of the file system -------------------------------------------------------------------
def test_a_full_standard_output_is_one_clear_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, str(ROOT / "render.py"), "--list"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert result.returncode == 1
    assert "No space left on device" in one_line(result.stderr)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A folder on a 200 KB file system of its own (needs permission to mount)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.render
def test_disk_full_while_rendering_a_scene(small_disk: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "render.py"), SCENE, "--out",
                             str(small_disk)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT)  # fmt: skip
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "No space left on device" in line and str(small_disk) in line, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(small_disk.rglob("*.mp4"))


@pytest.mark.render
def test_disk_full_while_assembling(tmp_path: Path, small_disk: Path) -> None:
    roomy = tmp_path / "roomy"
    first = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "--chapter", "1", "--out", str(roomy)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert first.returncode == 0, first.stderr
    (small_disk / "cache").symlink_to(roomy / "cache")  # scenes from the cache, video too big
    result = subprocess.run([sys.executable, str(ROOT / "render.py"), "--chapter", "1", "--out",
                             str(small_disk)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT)  # fmt: skip
    assert result.returncode == 1
    assert "No space left on device" in one_line_last(result.stderr)
    assert not [p for p in small_disk.iterdir() if p.suffix in (".mp4", ".srt", ".tmp")]


def one_line_last(err: str) -> str:
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


def test_a_cache_that_is_a_file_is_one_clear_line(capsys, tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("not a folder")
    code, _, err = run_cli(capsys, SCENE, "--out", str(tmp_path))
    assert code == 1
    line = one_line_last(err)
    assert str(tmp_path / "cache") in line and "Not a directory" in line


@pytest.mark.render
def test_an_output_path_that_is_a_folder_is_one_clear_line(capsys, tmp_path: Path) -> None:
    (tmp_path / "scenes" / f"{SCENE}.mp4").mkdir(parents=True)
    code, _, err = run_cli(capsys, SCENE, "--out", str(tmp_path))
    assert code == 1
    line = one_line_last(err)
    assert f"{SCENE}.mp4" in line and "Is a directory" in line
