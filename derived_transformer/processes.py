"""Helper processes that never outlive the process that started them.

A process calls :func:`die_with_parent` first thing: when its parent ends in any way, a
kill included, it is sent SIGTERM (Linux: by the kernel, ``PR_SET_PDEATHSIG``; everywhere:
by a thread that notices the new parent within a second).

>>> import os, subprocess, sys
>>> code = "from derived_transformer.processes import die_with_parent; die_with_parent({})"
>>> child = subprocess.run([sys.executable, "-c", code.format(os.getpid())])
>>> child.returncode
0
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None, signum: int = signal.SIGTERM) -> None:
    """End this process with ``signum`` when its parent process ends. ``parent``: the pid
    of the process that started this one, as that process gave it (default: the parent now;
    give it when the parent may have ended before this is called, as it may while a new
    process is still loading)."""
    if parent is None:
        parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signum)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signum)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
    if os.getppid() != parent:  # the parent ended before the watch began
        os.kill(os.getpid(), signum)
