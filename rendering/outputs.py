"""Where outputs are written: one lock per output file, so that two renders writing the same
file take turns instead of interleaving."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from derived_transformer.files import file_lock, remove_stale_temporaries, touch

LOCKS = ".locks"
"""The folder, beside the outputs, that holds their lock files."""


HEARTBEAT = 1.0
"""Seconds between two marks of life of a process holding an output's lock."""


@contextmanager
def output_lock(target: Path, stale_after: float | None = None) -> Iterator[None]:
    """Hold the lock for the output ``target`` (and its ``.srt``): another render writing it
    is waited for, unless it shows no sign of life for ``stale_after`` seconds (a stopped
    process): then it is said and its lock taken over. Temporary files of ``target`` left by
    a killed run are removed."""
    lock = target.parent / LOCKS / f"{target.name}.lock"
    announced = False

    def waiting() -> None:
        nonlocal announced
        if not announced:
            print(f"waiting for another render writing {target}", file=sys.stderr)
            announced = True

    def stale(seconds: float) -> None:
        print(
            f"note: the render writing {target} showed no sign of life for {seconds:.0f} s; "
            "taking its lock over",
            file=sys.stderr,
        )

    with file_lock(lock, while_waiting=waiting, stale_after=stale_after, on_stale=stale):
        done = threading.Event()
        beat = threading.Thread(target=_heartbeat, args=(lock, done), daemon=True)
        beat.start()
        try:
            remove_stale_temporaries(target)
            remove_stale_temporaries(target.with_suffix(".srt"))
            yield
        finally:
            done.set()
            beat.join()


def _heartbeat(lock: Path, done: threading.Event) -> None:
    """Mark the lock as in use every :data:`HEARTBEAT` seconds until ``done``."""
    while not done.wait(HEARTBEAT):
        touch(lock)
