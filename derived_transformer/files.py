"""Writing files so that a reader never sees half of one, and locks between processes.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> atomic_write(folder / "a.txt", lambda tmp: tmp.write_text("done"))
>>> (folder / "a.txt").read_text()
'done'
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from derived_transformer.errors import DataFileError

TEMPORARY_SUFFIX = ".tmp"

WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
"""Errors only writing gives (a full disk, a quota, a read-only file system)."""


def os_verb(exc: OSError) -> str:
    """What failed, for a message: ``"write"`` for an error only writing gives, else
    ``"use"`` (a missing file, a folder where a file should be, no permission).

    >>> os_verb(OSError(errno.ENOSPC, "No space left on device"))
    'write'
    """
    return "write" if exc.errno in WRITE_ERRORS else "use"


def read_json(path: Path, fields: tuple[str, ...] = ()) -> Any:
    """The JSON in ``path`` (a table holding ``fields``); a file that cannot be read, is not
    JSON or lacks one of ``fields`` is a :class:`DataFileError` naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path} is damaged (not JSON: {exc}); restore it from git") from None
    missing = [f for f in fields if not isinstance(data, dict) or f not in data]
    if missing:
        raise DataFileError(f"{path} is damaged (it lacks '{missing[0]}'); restore it from git")
    return data


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
    held back. If one of them cannot be put in place (its target is a folder, an immutable
    file), those already renamed are put back as they were: an interrupted or failed run
    never leaves a new file beside an old one."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, write in writes.items():
            temporaries[path] = temporary_beside(path)
            try:
                write(temporaries[path])
            except OSError as exc:
                if exc.filename is None:  # write() names no file: name the target
                    raise OSError(exc.errno, exc.strerror, str(path)) from None
                raise
            os.chmod(temporaries[path], 0o644)
        with signals_held():
            _replace_together(temporaries)
    except BaseException:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)
        raise


def _replace_together(temporaries: Mapping[Path, Path]) -> None:
    """Rename each temporary onto its target; all of them, or none (see above)."""
    backups: dict[Path, Path | None] = {}
    try:
        for path in temporaries:
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            backups[path] = _backup(path) if path.exists() else None
        done: list[Path] = []
        try:
            for path, tmp in temporaries.items():
                os.replace(tmp, path)
                done.append(path)
        except OSError:
            for path in done:
                backup = backups[path]
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(backup, path)
            raise
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(path: Path) -> Path:
    """A second name for ``path``'s file beside it (a hard link, else a copy)."""
    backup = temporary_beside(path)
    backup.unlink()
    try:
        os.link(path, backup)
    except OSError:  # no hard links here: a copy
        shutil.copy2(path, backup)
    return backup


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` left by a run that was killed while writing it.
    Call it only while holding the lock for ``path`` (no one else is writing it)."""
    if path.parent.is_dir():
        for stale in path.parent.glob(f".{path.name}.*{TEMPORARY_SUFFIX}"):
            stale.unlink(missing_ok=True)


def touch(path: Path) -> None:
    """Mark the lock ``path`` as in use now (its holder made progress); see :func:`file_lock`."""
    with contextlib.suppress(OSError):  # taken over, or its folder removed: carry on
        os.utime(path)


def _open_lock(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


@contextmanager
def file_lock(
    path: Path,
    *,
    while_waiting: Callable[[], None] | None = None,
    poll: float = 0.25,
    stale_after: float | None = None,
    on_stale: Callable[[float], None] | None = None,
) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the block.

    Another process holding it is waited for (``while_waiting`` is called every ``poll``
    seconds meanwhile). The lock belongs to the open file, so the kernel releases it when
    its holder ends in any way, a kill included. A holder marks its progress with
    :func:`touch`; with ``stale_after``, a holder that has not for that many seconds (a
    stopped process) is given up on: ``on_stale(seconds)`` is called and the lock is taken
    over (the lock file is replaced by a new one; the old holder keeps the old file)."""
    fd = _open_lock(path)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                idle = time.time() - os.fstat(fd).st_mtime
                if not _same_file(fd, path):  # taken over by another waiter: wait on its file
                    os.close(fd)
                    fd = _open_lock(path)
                elif stale_after is not None and idle > stale_after:
                    if on_stale is not None:
                        on_stale(idle)
                    path.unlink(missing_ok=True)
                    os.close(fd)
                    fd = _open_lock(path)
                    continue
                if while_waiting is not None:
                    while_waiting()
                time.sleep(poll)
                continue
            if _same_file(fd, path):
                break
            os.close(fd)  # the file was taken over while its old holder held it
            fd = _open_lock(path)
        touch(path)
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
