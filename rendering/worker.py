"""A worker process: ``python -m derived_transformer.rendering.worker FD PARENT`` renders the
scene jobs it reads from standard input, one JSON line each, and reports on the file
descriptor ``FD`` (one JSON line per message); ``PARENT`` is the pid of the process that
started it:

* ``{"ready": true}`` once, when it has loaded what rendering needs;
* ``{"progress": N}`` while job ``N`` advances (at most a few times a second);
* ``{"note": "..."}`` for something the user should be told (a lock taken over);
* ``{"done": N, "meta": {...}, "rendered": true|false}`` when it is finished;
* ``{"failed": N, "error": "...", "details": "..."}`` when its scene raised (one line, and
  the traceback).

The worker ends when its standard input closes, when it is sent SIGTERM (removing its
unfinished work folder first), and when its parent process ends (Linux: the kernel sends it
SIGTERM; elsewhere a watcher notices the new parent). It ignores SIGINT: Ctrl-C belongs to
the parent, which stops its workers.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from derived_transformer.processes import die_with_parent

PROGRESS_INTERVAL = 0.5
"""Seconds between two progress messages of a job."""


class Stopped(SystemExit):
    """The worker was told to stop (SIGTERM)."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped(128 + signum)


def throttled(send: Callable[[dict[str, Any]], None], number: int) -> Callable[[], None]:
    last = 0.0

    def progress() -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL:
            last = now
            send({"progress": number})

    return progress


def serve(jobs: IO[str], messages: IO[str]) -> None:
    """Render every job read from ``jobs``, reporting on ``messages``."""
    from derived_transformer.rendering.runner import SceneRenderError, job_from_json, render_job

    def send(message: dict[str, Any]) -> None:
        messages.write(json.dumps(message) + "\n")
        messages.flush()

    import manim  # noqa: F401  (loaded before the first job, so its clock starts at work)

    import derived_transformer.model  # noqa: F401

    send({"ready": True})
    for line in jobs:
        spec = json.loads(line)
        number = spec["number"]
        try:
            job = job_from_json(spec["job"])
            progress = throttled(send, number)
            meta, rendered = render_job(
                job, progress, stale_after=spec["timeout"], on_note=lambda t: send({"note": t})
            )
        except SceneRenderError as exc:
            send({"failed": number, "error": exc.error, "details": exc.details})
            continue
        send({"done": number, "meta": meta, "rendered": rendered})


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    die_with_parent(int(argv[1]))
    messages = os.fdopen(int(argv[0]), "w", buffering=1)
    try:
        serve(sys.stdin, messages)
    except Stopped as stop:
        return int(stop.code or 143)
    except BrokenPipeError:  # the parent is gone
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
