"""Which processes are still running, read from ``/proc`` (Linux)."""

from __future__ import annotations

from pathlib import Path


def alive(pids: list[int]) -> list[int]:
    """The processes of ``pids`` still running (neither gone nor a zombie)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running
