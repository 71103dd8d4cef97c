"""Every command the README shows runs as shown: the command line's as a dry run (what a
full render would check, without rendering), the modules and scripts with ``--help``, the
Makefile's targets as ``make -n``, Manim's own command line as a still (slow), and the
imports of every Python example."""

from __future__ import annotations

import ast
import importlib
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from derived_transformer.rendering.cli import main
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def shell_commands() -> list[list[str]]:
    """Each command of the README's ``sh`` blocks as its words (comments dropped)."""
    commands = []
    for block in blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(words)
    return commands


COMMANDS = shell_commands()
RENDER = [c[2:] for c in COMMANDS if c[:2] == ["python", "render.py"]]
HELPED = sorted(
    {
        tuple(c[1:3] if c[1] == "-m" else c[1:2])  # the module or the script
        for c in COMMANDS
        if c[0] == "python" and c[1] != "render.py"
    }
)
MAKE = [c for c in COMMANDS if c[0] == "make"]
MANIM = [c for c in COMMANDS if c[0] == "manim"]


def test_the_readme_shows_commands_of_every_kind() -> None:
    assert len(RENDER) >= 10 and HELPED and MAKE and MANIM
    known = {"python", "make", "manim", "pip"}
    assert {c[0] for c in COMMANDS} <= known, [c for c in COMMANDS if c[0] not in known]


@pytest.mark.parametrize("args", RENDER, ids=[" ".join(a) or "(none)" for a in RENDER])
def test_every_render_command_runs_as_shown(capsys, tmp_path: Path, args: list[str]) -> None:
    listing = {"--list", "--vocab"} & set(args)
    extra = [] if listing else ["--dry-run", "--out", str(tmp_path / "media")]
    try:
        code = main([*args, *extra])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "error" not in captured.err
    assert captured.out.strip()
    assert not (tmp_path / "media").exists()  # a dry run writes nothing


@pytest.mark.render
@pytest.mark.parametrize("command", HELPED, ids=[" ".join(w) for w in HELPED])
def test_every_module_and_script_shown_runs(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, *command, "--help"], cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


@pytest.mark.parametrize("words", MAKE, ids=[" ".join(w) for w in MAKE])
def test_every_make_target_shown_exists(words: list[str]) -> None:
    result = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def manim_source(words: list[str]) -> tuple[str, str, str]:
    """The file a ``manim -ql FILE SCENE`` command renders (the repository's, or the
    README's example written as ``# FILE``), its text, and the scene."""
    flags = [w for w in words[1:] if w.startswith("-")]
    file, scene = [w for w in words[1:] if not w.startswith("-")]
    assert flags == ["-ql"]
    if (ROOT / file).is_file():
        return file, (ROOT / file).read_text(encoding="utf-8"), scene
    (example,) = [b for b in blocks("python") if b.startswith(f"# {file}\n")]
    return file, example, scene


@pytest.mark.parametrize("words", MANIM, ids=[" ".join(w) for w in MANIM])
def test_manims_own_command_names_a_scene_that_exists(words: list[str]) -> None:
    _, source, scene = manim_source(words)
    tree = ast.parse(source)
    assert scene in {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


@pytest.mark.render
@pytest.mark.parametrize("words", MANIM, ids=[" ".join(w) for w in MANIM])
def test_manims_own_command_renders_as_shown(tmp_path: Path, words: list[str]) -> None:
    file, source, scene = manim_source(words)
    work = tmp_path / "explainer"
    (work / file).parent.mkdir(parents=True)
    (work / file).write_text(source, encoding="utf-8")  # a copy: the tests write no source
    result = subprocess.run(
        [sys.executable, "-m", "manim", "-ql", "-s", "--media_dir", str(tmp_path / "media"),
         file, scene],
        cwd=work, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob(f"{scene}*.png"))


PYTHON = blocks("python")


@pytest.mark.parametrize("block", PYTHON, ids=[f"example {k + 1}" for k in range(len(PYTHON))])
def test_every_python_example_imports_what_exists(block: str) -> None:
    tree = ast.parse(block)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert alias.name == "*" or hasattr(module, alias.name), (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
