"""Which files the studio serves: only those under its output folder, whatever the URL.

>>> file_inside(Path("media"), "../pyproject.toml") is None
True
"""

from __future__ import annotations

from pathlib import Path


def file_inside(root: Path, relative: str) -> Path | None:
    """The file that ``relative`` names under ``root``, or ``None`` when it names none there:
    a path that leaves ``root`` (``..``, an absolute path, a link pointing out of it), a
    folder, or nothing at all."""
    if "\0" in relative:
        return None
    base = root.resolve()
    candidate = (base / relative).resolve()
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def url_of(root: Path, path: Path) -> str:
    """The studio's URL of ``path``, a file under ``root``."""
    return "/files/" + path.resolve().relative_to(root.resolve()).as_posix()
