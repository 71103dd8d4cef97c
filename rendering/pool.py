"""Worker processes that render scene jobs, watched for progress.

Each worker is a ``python -m derived_transformer.rendering.worker`` process (see
:mod:`derived_transformer.rendering.worker`): jobs go to it as JSON lines on its standard
input, and it reports progress and results on a pipe of its own. The pool hands a job to
each idle worker, and stops everything when a job fails, when a busy worker reports nothing
for longer than the time limit (a render that keeps producing frames, however slowly, is
never stopped), when a worker dies, when the one who asked cancels (a newer request in the
studio), or when the pool is left by an exception (Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import derived_transformer
from derived_transformer.rendering.runner import (
    SceneJob,
    SceneRenderError,
    SceneResult,
    SceneStalledError,
    cached_result,
    job_to_json,
    remove_abandoned_work,
    result_of,
)
from derived_transformer.rendering.settings import DEFAULT_TIMEOUT

STOP_GRACE = 5.0
"""Seconds a worker has to clean up after SIGTERM before it is killed."""

START_LIMIT = 120.0
"""Seconds a new worker may take to load what rendering needs before its first job counts
as making no progress (loading is not watched by the shorter ``--timeout``)."""

ROOT = Path(derived_transformer.__file__).resolve().parent.parent
"""The folder holding the imported ``derived_transformer``: workers import the same one."""


@dataclass
class Worker:
    process: subprocess.Popen[str]
    messages: IO[str]
    job: tuple[int, SceneJob] | None = None
    ready: bool = False
    last_progress: float = field(default_factory=time.monotonic)

    def give(self, number: int, job: SceneJob, timeout: float) -> None:
        assert self.process.stdin is not None
        self.job = (number, job)
        self.last_progress = time.monotonic()
        spec = {"number": number, "job": job_to_json(job), "timeout": timeout}
        self.process.stdin.write(json.dumps(spec) + "\n")
        self.process.stdin.flush()


class RenderCancelledError(Exception):
    """The jobs were cancelled by the one who asked for them; the workers were stopped."""


class WorkerPool:
    """``with WorkerPool(processes, timeout) as pool: pool.run(jobs, finished)``."""

    def __init__(self, processes: int, timeout: float) -> None:
        self.size = max(1, processes)
        self.timeout = timeout
        self.workers: list[Worker] = []
        self.selector = selectors.DefaultSelector()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _start_worker(self) -> Worker:
        read_fd, write_fd = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), *filter(None, [env.get("PYTHONPATH")]), *sys.path]
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "derived_transformer.rendering.worker",
                str(write_fd),
                str(os.getpid()),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            text=True,
            env=env,
            start_new_session=True,  # Ctrl-C at the terminal reaches the parent only
        )
        os.close(write_fd)
        messages = os.fdopen(read_fd, "r", buffering=1)
        worker = Worker(process, messages)
        self.selector.register(messages, selectors.EVENT_READ, worker)
        self.workers.append(worker)
        return worker

    def run(
        self,
        jobs: Sequence[tuple[int, SceneJob]],
        finished: Callable[[int, dict[str, Any], bool], None],
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Render ``(number, job)`` pairs; ``finished(number, meta, rendered)`` for each,
        ``progress(number)`` whenever one advances. Raises :class:`RenderCancelledError` soon
        after ``cancelled()`` turns true."""
        waiting = list(jobs)
        for _ in range(min(self.size, len(waiting))):
            self._start_worker()
        busy = 0
        for worker in self.workers:
            if waiting:
                worker.give(*waiting.pop(0), self.timeout)
                busy += 1
        while busy:
            if cancelled is not None and cancelled():
                raise RenderCancelledError
            for key, _ in self.selector.select(timeout=0.5):
                worker: Worker = key.data
                line = worker.messages.readline()
                if not line:
                    self._worker_died(worker)
                message = json.loads(line)
                worker.last_progress = time.monotonic()
                if "ready" in message:
                    worker.ready = True
                    continue
                if "note" in message:
                    print(f"note: {message['note']}", file=sys.stderr)
                    continue
                number, job = worker.job  # type: ignore[misc]
                if "progress" in message:
                    if progress is not None:
                        progress(number)
                    continue
                if "failed" in message:
                    raise SceneRenderError(job.name, message["error"], message["details"])
                finished(number, message["meta"], message["rendered"])
                worker.job = None
                busy -= 1
                if waiting:
                    worker.give(*waiting.pop(0), self.timeout)
                    busy += 1
            self._check_progress()

    def _worker_died(self, worker: Worker) -> None:
        code = worker.process.wait()
        name = worker.job[1].name if worker.job else "?"
        how = f"signal {-code}" if code < 0 else f"exit status {code}"
        raise SceneRenderError(name, f"its worker process ended unexpectedly ({how})")

    def _check_progress(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            limit = self.timeout if worker.ready else max(self.timeout, START_LIMIT)
            if worker.job is not None and now - worker.last_progress > limit:
                name = worker.job[1].name
                raise SceneStalledError(
                    name,
                    f"no progress for {self.timeout:g} s (no new frame or animation); "
                    "stopped (--timeout sets the limit)",
                )

    def stop(self) -> None:
        """Stop every worker: SIGTERM (each removes its unfinished work folder), then a kill
        for any still running after a grace period; then close the pipes."""
        for worker in self.workers:
            if worker.process.poll() is None:
                try:
                    assert worker.process.stdin is not None
                    worker.process.stdin.close()  # an idle worker ends on its own
                except OSError:
                    pass
                if worker.job is not None:
                    worker.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for worker in self.workers:
            try:
                worker.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
            if worker.job is not None:
                remove_abandoned_work(worker.job[1])
            self.selector.unregister(worker.messages)
            worker.messages.close()
        self.workers.clear()
        self.selector.close()


def run_jobs(
    jobs: Sequence[SceneJob],
    processes: int,
    on_done: Callable[[SceneResult], None],
    timeout: float = DEFAULT_TIMEOUT,
    on_progress: Callable[[SceneJob], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_damaged: Callable[[SceneJob, str], None] | None = None,
) -> list[SceneResult]:
    """Render the jobs with up to ``processes`` worker processes; results in job order.

    Scenes already in the cache are taken from it without starting a worker; a damaged
    cache entry is rendered again, after ``on_damaged(job, reason)``. The first failure, a
    scene that makes no progress for ``timeout`` seconds (or waits that long for another
    run's render of it that makes none), an interrupt or ``cancelled()`` turning true
    (:class:`RenderCancelledError`) stops every worker (each removes its unfinished work
    folder) and is raised. ``on_progress(job)`` whenever a job being rendered advances."""
    results: dict[int, SceneResult] = {}
    pending = []
    for number, job in enumerate(jobs):
        damaged = None if on_damaged is None else (lambda why, j=job: on_damaged(j, why))
        cached = cached_result(job, on_damaged=damaged)
        if cached is None:
            pending.append((number, job))
        else:
            results[number] = cached
            on_done(cached)
    if pending:
        by_number = dict(pending)

        def finished(number: int, meta: dict[str, Any], rendered: bool) -> None:
            results[number] = result_of(by_number[number], meta, rendered)
            on_done(results[number])

        def progress(number: int) -> None:
            if on_progress is not None:
                on_progress(by_number[number])

        with WorkerPool(min(processes, len(pending)), timeout) as pool:
            pool.run(pending, finished, progress, cancelled)
    return [results[k] for k in range(len(jobs))]
