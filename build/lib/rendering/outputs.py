"""Where outputs are written: one lock per output file, so that two renders writing the same
file take turns instead of interleaving."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from derived_transformer.files import file_lock, remove_stale_temporaries

LOCKS = ".locks"
"""The folder, beside the outputs, that holds their lock files."""


@contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold the lock for the output ``target`` (and its ``.srt``): another render writing it
    is waited for. Temporary files of ``target`` left by a killed run are removed."""
    lock = target.parent / LOCKS / f"{target.name}.lock"
    announced = False

    def waiting() -> None:
        nonlocal announced
        if not announced:
            print(f"waiting for another render writing {target}", file=sys.stderr)
            announced = True

    with file_lock(lock, while_waiting=waiting):
        remove_stale_temporaries(target)
        remove_stale_temporaries(target.with_suffix(".srt"))
        yield
