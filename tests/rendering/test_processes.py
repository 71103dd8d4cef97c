"""Nothing left running, nothing waited for forever, outputs replaced as pairs: processes the
command starts end with it (a kill included), a lock whose holder makes no progress is taken
over, and a video and its subtitles are replaced together or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from derived_transformer.files import atomic_write_together, file_lock
from derived_transformer.rendering.speech import voice_installed
from tests.support.paths import ROOT
from tests.support.processes import alive


def descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


SYNTHESIS = """
import signal, sys
from pathlib import Path
from derived_transformer.rendering.speech import ClipCache, PiperService, synthesize_lines

if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    lines = [f"Line {k} of a long list of sentences, spoken slowly and clearly." for k in range(80)]
    synthesize_lines(PiperService(), lines, ClipCache(Path(sys.argv[1])), 2, isolated=True)
"""


@pytest.mark.render
@pytest.mark.skipif(not voice_installed(), reason="needs the voice extra (.[voice])")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_no_synthesis_process_outlives_the_command(tmp_path: Path, how: int) -> None:
    script = tmp_path / "synthesise.py"
    script.write_text(SYNTHESIS)
    command = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "clips")], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert wait_for(lambda: len(descendants(command.pid)) >= 3, 120)  # tracker, 2 synthesisers
    started = descendants(command.pid)
    os.kill(command.pid, how)
    command.wait(timeout=60)
    assert wait_for(lambda: not alive(started), 20), f"still running: {alive(started)}"
    assert not list((tmp_path / "clips").glob("*.tmp"))  # no half-written clip


# -- lock waits honour the time limit -----------------------------------------------------
HOLDER = """
import sys, time
from pathlib import Path
from derived_transformer.files import file_lock, touch
with file_lock(Path(sys.argv[1])):
    print("held", flush=True)
    for _ in range(int(sys.argv[2])):  # progress: the lock touched ten times a second
        time.sleep(0.1)
        touch(Path(sys.argv[1]))
    Path(sys.argv[1] + ".stalled").touch()
    time.sleep(120)
"""


def hold(lock: Path, progress_steps: int) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(progress_steps)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_lock_held_by_a_stopped_process_is_taken_over(tmp_path: Path) -> None:
    lock = tmp_path / "scene.lock"
    holder = hold(lock, 0)
    try:
        holder.send_signal(signal.SIGSTOP)  # it holds the lock and makes no progress
        told: list[float] = []
        with file_lock(lock, poll=0.05, stale_after=1.0, on_stale=told.append):
            assert len(told) == 1 and told[0] > 1.0
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.render  # waits seconds by design: a holder's progress, then its stop
def test_a_holder_that_makes_progress_keeps_its_lock(tmp_path: Path) -> None:
    lock = tmp_path / "scene.lock"
    holder = hold(lock, 30)  # progresses for 3 s, then stops making progress
    try:
        stalled: list[bool] = []
        with file_lock(
            lock, poll=0.05, stale_after=2.0,
            on_stale=lambda _: stalled.append(Path(f"{lock}.stalled").exists()),
        ):  # fmt: skip
            pass
        assert stalled == [True]  # taken over once, and only after its progress stopped
    finally:
        holder.kill()
        holder.wait()


OUTPUT_HOLDER = """
import sys, time
from pathlib import Path
from derived_transformer.rendering.outputs import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    Path(sys.argv[1] + ".written").touch()  # its last act while holding the lock
"""


@pytest.mark.render  # waits seconds by design, as a holder writes and then stops
@pytest.mark.parametrize("stopped", [True, False], ids=["stopped", "alive"])
def test_an_output_lock_is_taken_over_only_from_a_stopped_holder(
    tmp_path: Path, capsys, stopped: bool
) -> None:
    from derived_transformer.rendering.outputs import output_lock

    target = tmp_path / "video.mp4"
    holder = subprocess.Popen(
        [sys.executable, "-c", OUTPUT_HOLDER, str(target), "3"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        if stopped:
            holder.send_signal(signal.SIGSTOP)
        with output_lock(target, stale_after=2.0):
            written = Path(f"{target}.written").exists()
        err = capsys.readouterr().err
        assert ("taking its lock over" in err) == stopped
        assert written != stopped  # an alive holder was waited for until it was done
    finally:
        holder.kill()
        holder.wait()


# -- a video and its subtitles, replaced as a pair ------------------------------------------
def old_pair(folder: Path) -> tuple[Path, Path]:
    video, subtitles = folder / "v.mp4", folder / "v.srt"
    video.write_bytes(b"old video")
    subtitles.write_text("old subtitles")
    return video, subtitles


def test_a_video_that_cannot_be_put_in_place_keeps_the_old_subtitles(tmp_path: Path) -> None:
    subtitles = tmp_path / "v.srt"
    subtitles.write_text("old subtitles")
    (tmp_path / "v.mp4").mkdir()  # the video's target is a folder
    with pytest.raises(IsADirectoryError) as caught:
        atomic_write_together({
            subtitles: lambda t: t.write_text("new subtitles"),
            tmp_path / "v.mp4": lambda t: t.write_bytes(b"new video"),
        })  # fmt: skip
    assert caught.value.filename == str(tmp_path / "v.mp4")
    assert subtitles.read_text() == "old subtitles"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]


def test_a_failed_rename_puts_the_first_file_back(tmp_path: Path, monkeypatch) -> None:
    video, subtitles = old_pair(tmp_path)
    real_replace = os.replace

    def refuse_subtitles(source: object, target: object) -> None:
        if str(target) == str(subtitles):
            raise PermissionError(1, "Operation not permitted", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_subtitles)
    with pytest.raises(PermissionError):
        atomic_write_together({
            video: lambda t: t.write_bytes(b"new video"),
            subtitles: lambda t: t.write_text("new subtitles"),
        })  # fmt: skip
    assert video.read_bytes() == b"old video" and subtitles.read_text() == "old subtitles"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]


def test_a_pair_is_replaced_whole(tmp_path: Path) -> None:
    video, subtitles = old_pair(tmp_path)
    atomic_write_together({
        video: lambda t: t.write_bytes(b"new video"),
        subtitles: lambda t: t.write_text("new subtitles"),
    })  # fmt: skip
    assert video.read_bytes() == b"new video" and subtitles.read_text() == "new subtitles"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4", "v.srt"]


def test_a_full_disk_names_the_file_being_written(tmp_path: Path) -> None:
    def full(tmp: Path) -> None:
        raise OSError(28, "No space left on device")  # as write() raises it: no file name

    with pytest.raises(OSError) as caught:
        atomic_write_together({tmp_path / "v.mp4": full})
    assert caught.value.filename == str(tmp_path / "v.mp4")
    assert not list(tmp_path.iterdir())
