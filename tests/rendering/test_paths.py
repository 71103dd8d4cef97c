"""Any folder name the file system accepts works: for the output, the cache and the project
itself (spaces, apostrophes, quotes, names that are not UTF-8); and a copy of the checkout
reads and writes its own files, not the original's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derived_transformer.rendering.settings import manim_can_use, safe_media_dir
from tests.support.paths import ROOT

SCENE = "order-lost"  # a short scene that draws a real trace
AWKWARD = ["Kim's videos", 'a "quoted" $name', "émoji 🎬 {braces}", os.fsdecode(b"not utf-8 \xff")]


def copy_checkout(target: Path) -> Path:
    """The project's files (its folder links kept as links), without its environment or
    outputs."""
    ignore = shutil.ignore_patterns(".venv", ".git", "media", "__pycache__", "*.egg-info", "dist")
    shutil.copytree(ROOT, target, symlinks=True, ignore=ignore)
    return target


@pytest.mark.parametrize("name", AWKWARD, ids=["apostrophe", "quotes", "unicode", "not-utf-8"])
def test_manim_gets_a_folder_it_can_use(tmp_path: Path, name: str) -> None:
    work = tmp_path / name
    with safe_media_dir(work) as media:
        assert manim_can_use(media)
        made = media
    assert (made == work / "media") == manim_can_use(work)
    assert made == work / "media" or not made.parent.exists()  # a temporary one is removed


@pytest.mark.render
def test_a_copy_of_the_checkout_uses_its_own_files(tmp_path: Path) -> None:
    copy = copy_checkout(tmp_path / "Kim's copy")
    probe = (
        "from derived_transformer import assets_dir\n"
        "from derived_transformer.model.checkpoints import training_dir\n"
        "from derived_transformer.rendering.pool import ROOT\n"
        "print(assets_dir().resolve()); print(training_dir().resolve()); print(ROOT)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=copy, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assets, checkpoints, root = result.stdout.splitlines()
    assert Path(assets) == (copy / "assets").resolve()
    assert Path(checkpoints) == (copy / "assets" / "checkpoints").resolve()
    assert Path(root) == copy.resolve()


def render(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "render.py", *args], cwd=cwd, capture_output=True, timeout=900,
        text=True, errors="surrogateescape",
    )  # fmt: skip


@pytest.mark.render
@pytest.mark.parametrize("name", AWKWARD, ids=["apostrophe", "quotes", "unicode", "not-utf-8"])
def test_a_video_renders_into_any_folder(tmp_path: Path, name: str) -> None:
    out = tmp_path / name / "media"
    result = render(ROOT, SCENE, "--no-voice", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "scenes" / f"{SCENE}.mp4").stat().st_size > 0
    assert (out / "scenes" / f"{SCENE}.srt").read_text(encoding="utf-8").strip()
    leftovers = [p.name for p in out.rglob(".*") if p.is_dir() and p.name != ".locks"]
    assert not leftovers


@pytest.mark.render
def test_the_project_renders_from_a_folder_with_an_apostrophe(tmp_path: Path) -> None:
    copy = copy_checkout(tmp_path / "Kim's project")
    result = render(copy, SCENE, "--still")
    assert result.returncode == 0, result.stderr
    assert (copy / "media" / "stills" / f"{SCENE}.png").is_file()
    assert list((copy / "media" / "cache" / SCENE).glob("*/still.json"))
