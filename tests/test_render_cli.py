"""``render.py``: listing, errors as one line, and one real render checked with PyAV."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_list_shows_scenes_with_chapters_and_beats() -> None:
    result = run("--list")
    assert result.returncode == 0
    assert "demo" in result.stdout and "d.1" in result.stdout


def test_vocab_lists_the_words() -> None:
    result = run("--vocab")
    assert result.returncode == 0
    assert "roaring" in result.stdout.split()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("nosuchscene",), "unknown scene 'nosuchscene'"),
        (("demo", "-q", "x"), "invalid choice: 'x'"),
        (("demo", "--sentence", "the zebra was roaring"), "unknown word 'zebra'"),
        (("demo", "--sentence", "the " * 12), "at most 11"),
    ],
)
def test_bad_input_is_one_clear_line(args: tuple[str, ...], expected: str, tmp_path: Path) -> None:
    result = run(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.mp4"))


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("demo", "--still", "--out", str(blocker / "media"))
    assert result.returncode == 2
    assert "cannot create output folder" in result.stderr


def test_render_demo_end_to_end(tmp_path: Path) -> None:
    result = run("demo", "-q", "l", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    video = tmp_path / "videos" / "demo" / "480p15" / "ComponentsDemo.mp4"
    assert str(video) in result.stdout
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert abs(float(stream.average_rate) - 15) < 0.01
        duration = float(container.duration) / av.time_base
    srt = video.with_suffix(".srt").read_text()
    last_end = srt.strip().split("\n\n")[-1].splitlines()[1].split(" --> ")[1]
    h, m, s = last_end.replace(",", ".").split(":")
    subtitles_end = int(h) * 3600 + int(m) * 60 + float(s)
    assert 0 <= duration - subtitles_end <= 0.7  # the last subtitle, then the fade-out
    assert duration > 10


def test_contact_sheet(tmp_path: Path) -> None:
    from PIL import Image

    result = run("demo", "--contact-sheet", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    sheet = Image.open(tmp_path / "contact_sheets" / "demo.png")
    assert sheet.width == 3 * 854 + 2 * 6  # three 480p tiles a row
    assert not list((tmp_path / "contact_sheets").glob(".*"))  # no temporary left


@pytest.mark.slow
def test_manims_own_cli_renders_the_demo(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path),
         str(ROOT / "scenes" / "demo.py"), "ComponentsDemo"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("ComponentsDemo.mp4"))
