"""The command line: listing, errors as one line, and one real render checked with PyAV.

The command line's ``main`` runs in this process (the scenes still render in a worker
process); only the tests about processes themselves start ``render.py`` as a new process.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import av
import pytest
import srt

from derived_transformer.rendering.cli import main
from derived_transformer.scenes import catalog
from tests.support.harness import build_scene
from tests.support.paths import ROOT

E2E_SCENE = "order-lost"  # a short scene that draws a real trace


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``main(args)``: its exit status, standard output and standard error."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argument errors exit from the parser
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_every_scene_with_its_chapter_and_beats(capsys) -> None:
    code, out, _ = run_cli(capsys, "--list")
    assert code == 0
    for scene in catalog.ALL_SCENES:
        assert f"{scene.short_name} " in out
        assert all(f"{beat.id} " in out for beat in scene.beats)
    assert "chapter 3 Self-attention" in out


def test_vocab_lists_the_words(capsys) -> None:
    from derived_transformer.model import VOCABULARY

    code, out, _ = run_cli(capsys, "--vocab")
    assert code == 0
    assert set(VOCABULARY.words) <= set(out.split())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("nosuchscene",), "unknown scene 'nosuchscene'"),
        (("demo", "-q", "x"), "invalid choice: 'x'"),
        (("demo", "--sentence", "the zebra was roaring"), "unknown word 'zebra'"),
        (("demo", "--sentence", "the " * 40), "at most"),
        (("--chapter", "9"), "unknown chapter 9"),
        (("--format", "avi"), "invalid choice: 'avi'"),
        (("--jobs", "0"), "--jobs must be at least 1"),
        (("long-range", "--sentence", "the fat cat"), "keeps its fixed example"),
    ],
)
def test_bad_input_is_one_clear_line(
    capsys, args: tuple[str, ...], expected: str, tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, *args, "--out", str(tmp_path / "out"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert expected in lines[0]
    assert not list(tmp_path.rglob("*.mp4"))


def test_unwritable_output_folder(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run_cli(capsys, "demo", "--still", "--out", str(blocker / "media"))
    assert code == 2
    assert "cannot create output folder" in err


def test_a_scene_renders_end_to_end_and_comes_from_the_cache_after(capsys, tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, E2E_SCENE, "-q", "l", "--out", str(tmp_path))
    assert code == 0, err
    video = tmp_path / "scenes" / f"{E2E_SCENE}.mp4"
    assert str(video) in out and "1 rendered" in out
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        assert abs(float(stream.average_rate) - 15) < 0.01
        frames = sum(1 for _ in container.decode(stream))
        duration = float(container.duration) / av.time_base
    assert abs(frames / 15 - duration) < 0.2
    cues = list(srt.parse(video.with_suffix(".srt").read_text()))
    assert cues and cues[0].start.total_seconds() == 0
    assert all(a.end <= b.start for a, b in itertools.pairwise(cues))  # one cue at a time
    # the last cue, the scene's closing hold, then the fade
    hold = catalog.find_scene(E2E_SCENE).closing_hold
    assert 0 <= duration - cues[-1].end.total_seconds() - hold <= 0.7
    # the scene built without drawing (as the tests and the lengths command build it) keeps
    # the video's clock: same length to the frame (but for the closing fade, drawn only in
    # videos), same cues
    built = build_scene(catalog.find_scene(E2E_SCENE), tmp_path / "built", check_layout=False)
    assert abs(built.time + built.end_fade - frames / 15) < 1e-3
    # subtitle files keep whole milliseconds (cut, not rounded): a cue may start up to 1 ms
    # before the built one
    assert [c.content for c in cues] == [c.text for c in built.cues]
    for written, cue in zip(cues, built.cues, strict=True):
        assert -1e-6 <= cue.start - written.start.total_seconds() < 0.0011
    leftovers = [p for p in tmp_path.rglob(".*") if not p.name.endswith(".lock")
                 and p.name != ".locks"]  # fmt: skip
    assert not leftovers  # no temporary file or work folder left behind
    # unchanged: the second run takes the scene from the cache and renders nothing
    code, out, _ = run_cli(capsys, E2E_SCENE, "-q", "l", "--out", str(tmp_path))
    assert code == 0 and "1 unchanged" in out


@pytest.mark.render
def test_contact_sheet(capsys, tmp_path: Path) -> None:
    from PIL import Image

    code, _, err = run_cli(capsys, "demo", "--contact-sheet", "--out", str(tmp_path))
    assert code == 0, err
    sheet = Image.open(tmp_path / "contact_sheets" / "demo.png")
    assert sheet.width == 3 * 854 + 2 * 6  # three 480p tiles a row
    assert not list((tmp_path / "contact_sheets").glob("*.tmp"))  # no temporary left


@pytest.mark.render
def test_render_py_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "--list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "qkv" in result.stdout


@pytest.mark.render
def test_manims_own_cli_renders_the_demo(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "-ql",
            "--media_dir",
            str(tmp_path),
            str(ROOT / "scenes" / "demo.py"),
            "ComponentsDemo",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("ComponentsDemo.mp4"))
