"""Writing files so that a reader never sees half of one, and locks between processes.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> atomic_write(folder / "a.txt", lambda tmp: tmp.write_text("done"))
>>> (folder / "a.txt").read_text()
'done'
"""

from __future__ import annotations

import fcntl
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def temporary_beside(path: Path) -> Path:
    """A new empty file in ``path``'s folder, named ``.<name>.<random>.tmp``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary_path)`` for a temporary file in ``path``'s folder, then move
    the finished file into place. On any error (or an interrupt) the temporary file is
    removed and ``path`` keeps what it held before."""
    atomic_write_together({path: write})


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT and SIGTERM (delivered when the block ends), in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write_together(writes: Mapping[Path, Callable[[Path], object]]) -> None:
    """Write several files that belong together (a video and its subtitles).

    Each ``write(temporary_path)`` fills a temporary file beside its target; only once all
    of them are complete are they renamed into place, one after the other with interrupts
    held back, so an interrupted or failed run never leaves a new file beside an old one."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, write in writes.items():
            temporaries[path] = temporary_beside(path)
            write(temporaries[path])
            os.chmod(temporaries[path], 0o644)
        with signals_held():
            for path, tmp in temporaries.items():
                os.replace(tmp, path)
    except BaseException:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)
        raise


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` left by a run that was killed while writing it.
    Call it only while holding the lock for ``path`` (no one else is writing it)."""
    if path.parent.is_dir():
        for stale in path.parent.glob(f".{path.name}.*{TEMPORARY_SUFFIX}"):
            stale.unlink(missing_ok=True)


@contextmanager
def file_lock(
    path: Path,
    *,
    while_waiting: Callable[[], None] | None = None,
    poll: float = 0.25,
) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the block.

    Another process holding it is waited for (``while_waiting`` is called every ``poll``
    seconds meanwhile). The lock belongs to the open file, so the kernel releases it when
    its holder ends in any way, a kill included."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if while_waiting is not None:
                    while_waiting()
                time.sleep(poll)
        yield
    finally:
        os.close(fd)


@contextmanager
def lock_if_free(path: Path) -> Iterator[bool]:
    """Take the lock on ``path`` for the block if nobody holds it; yields whether it did."""
    if not path.exists():
        yield True
        return
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
