"""The files a studio watches: every folder of the project's package (the scenes, the
models, the narration, the shared helpers) and the shipped assets; a change is reported
once the files have been quiet for a moment.

>>> [folder.name for folder in watched_folders(SourceTree())][:1]
['derived_transformer']
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import awatch

from derived_transformer.rendering.fingerprint import PACKAGE, SourceTree

QUIET_MS = 300
"""How long the files must be left alone before a change is reported (an editor's save
is often several writes)."""


def watched_folders(tree: SourceTree) -> list[Path]:
    """The package's folder, each of its subpackages (where their links lead) and the
    assets, without repeats; the rendering package is left out (no scene depends on it)."""
    package = tree.root / PACKAGE
    folders = [package.resolve()]
    for child in sorted(package.iterdir()):
        if child.is_dir() and child.name not in ("rendering", "__pycache__"):
            folders.append(child.resolve())
    folders.append(tree.assets_folder().resolve())
    return [
        folder
        for n, folder in enumerate(folders)
        if not any(folder.is_relative_to(earlier) for earlier in folders[:n])
    ]


async def watch_sources(
    folders: list[Path], changed: Callable[[], Awaitable[None]], stop: asyncio.Event
) -> None:
    """Call ``changed()`` after every batch of changes in ``folders`` until ``stop`` is set
    (quietly: the page shows what follows)."""
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    async for _ in awatch(*folders, stop_event=stop, debounce=QUIET_MS, step=50):
        await changed()
