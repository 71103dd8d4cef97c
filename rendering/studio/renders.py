"""The studio's renders: each scene's video and contact sheet rendered through the worker
pool into the cache keyed by fingerprints, reported as events for the page.

A request whose video and sheet are in the cache is answered at once. Otherwise one thread
per render runs both jobs in one worker (the video first); a newer request for the same
scene cancels the older render (its worker is stopped and its work folder removed), and an
identical request joins the render under way. When the project's files change,
:meth:`Renders.source_changed` renders the open scene again if its fingerprint changed.

Events are dictionaries with ``kind`` (``rendering``, ``progress``, ``video``, ``sheet``,
``failed``, ``cancelled``), ``scene`` and ``render`` (the render's number)::

    renders = Renders(Path("media"), timeout=120.0, publish=print)
    renders.request(Wanted(find_scene("one-hot"), RenderSettings()))
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.fingerprint import SourceTree
from derived_transformer.rendering.pool import RenderCancelledError, run_jobs
from derived_transformer.rendering.runner import (
    SceneJob,
    SceneRenderError,
    SceneResult,
    cached_result,
    make_jobs,
    remove_stale_work,
)
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.studio.files import url_of
from derived_transformer.scenes.base import DerivedScene

Event = dict[str, Any]


@dataclass(frozen=True)
class Wanted:
    """A scene's render as the page asks for it."""

    scene: type[DerivedScene]
    settings: RenderSettings

    @property
    def name(self) -> str:
        return self.scene.short_name or self.scene.__name__


@dataclass
class Render:
    """One request's jobs (video, contact sheet) and the thread rendering what the cache
    does not hold."""

    number: int
    wanted: Wanted
    jobs: tuple[SceneJob, SceneJob]
    reason: str
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


class Renders:
    """The renders of one studio: results in ``out/cache``, events to ``publish``."""

    def __init__(
        self,
        out: Path,
        timeout: float,
        publish: Callable[[Event], None],
    ) -> None:
        self.out = out
        self.cache = out / "cache"
        self.timeout = timeout
        self.publish = publish
        self.renders: dict[str, Render] = {}
        self.open: Wanted | None = None
        self.open_jobs: tuple[SceneJob, SceneJob] | None = None
        self.started: list[Render] = []  # every render whose thread may still run
        self.closed = False
        self.last_seconds: dict[tuple[str, str], float] = {}
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()
        self.cache.mkdir(parents=True, exist_ok=True)
        remove_stale_work(self.cache)

    def tree(self) -> SourceTree:
        """The project's source as it is now (read afresh: files may have changed)."""
        return SourceTree()

    def jobs_of(self, wanted: Wanted) -> tuple[SceneJob, SceneJob]:
        tree = self.tree()
        video = make_jobs([wanted.scene], wanted.settings, self.cache, tree=tree)[0]
        sheet = make_jobs(
            [wanted.scene], wanted.settings, self.cache, tree=tree, product="contact-sheet"
        )[0]
        return video, sheet

    def request(self, wanted: Wanted, reason: str = "requested") -> list[Event]:
        """Render ``wanted`` (the open scene from now on); returns the events so far: what
        the cache held, or that rendering began, or why the scene's source cannot be read."""
        with self.lock:
            if self.closed:
                return []
            self.open = wanted
            self.open_jobs = None
            number = next(self.numbers)
            previous = self.renders.get(wanted.name)
            try:
                jobs = self.jobs_of(wanted)
            except (SyntaxError, OSError, ValueError) as exc:
                if previous is not None:
                    previous.cancel.set()
                details = "".join(traceback.format_exception_only(exc)).rstrip()
                event = self._event(
                    "failed", wanted, number, error=source_problem(exc), details=details
                )
                self.publish(event)
                return [event]
            self.open_jobs = jobs
            if previous is not None and previous.jobs == jobs and previous.running:
                return list(previous.events)
            if previous is not None:
                previous.cancel.set()
            render = Render(number, wanted, jobs, reason)
            self.renders[wanted.name] = render
            self._start(render)
            return list(render.events)

    def source_changed(self) -> Event | None:
        """Render the open scene again if a changed file changed its fingerprint (or its
        source could not be read last time); returns the first event of what followed."""
        with self.lock:
            wanted, jobs_before = self.open, self.open_jobs
        if wanted is None:
            return None
        try:
            jobs = self.jobs_of(wanted)
        except (SyntaxError, OSError, ValueError):
            jobs = None  # the request below reports it
        if jobs is not None and jobs == jobs_before:
            return None
        return self.request(wanted, reason="source changed")[0]

    def stop(self) -> None:
        """Cancel every render and wait for its workers to stop; start no other."""
        self.cancel_all()
        with self.lock:
            renders = list(self.started)
        for render in renders:
            if render.thread is not None:
                render.thread.join()

    def cancel_all(self) -> None:
        """Tell every render to stop, without waiting (the server is shutting down), and
        start no other."""
        with self.lock:
            self.closed = True
            renders = list(self.started)
        for render in renders:
            render.cancel.set()

    # -- one render ---------------------------------------------------------------------
    def _event(self, kind: str, wanted: Wanted, number: int, **fields: Any) -> Event:
        return {"kind": kind, "scene": wanted.name, "render": number, **fields}

    def _emit(self, render: Render, kind: str, **fields: Any) -> None:
        event = self._event(kind, render.wanted, render.number, **fields)
        if kind != "progress":
            render.events.append(event)
        self.publish(event)

    def _start(self, render: Render) -> None:
        pending = []
        for job in render.jobs:
            cached = cached_result(job)
            if cached is None:
                pending.append(job)
            else:
                self._finished(render, job, cached)
        if not pending:
            return
        self._emit(
            render,
            "rendering",
            reason=render.reason,
            parts=["sheet" if job.product == "contact-sheet" else "video" for job in pending],
            expected_seconds=self.last_seconds.get(self._key(render)),
        )
        render.thread = threading.Thread(
            target=self._run, args=(render, pending), name=f"render {render.wanted.name}"
        )
        self.started = [r for r in self.started if r.running] + [render]
        render.thread.start()

    def _key(self, render: Render) -> tuple[str, str]:
        return render.wanted.name, render.wanted.settings.quality

    def _run(self, render: Render, pending: list[SceneJob]) -> None:
        started = time.monotonic()

        def progress(job: SceneJob) -> None:
            part = "sheet" if job.product == "contact-sheet" else "video"
            self._emit(render, "progress", part=part, elapsed=time.monotonic() - started)

        def done(result: SceneResult) -> None:
            job = next(j for j in pending if j.folder / result.output.name == result.output)
            self._finished(render, job, result)

        try:
            run_jobs(
                pending, 1, done, self.timeout, on_progress=progress, cancelled=render.cancel.is_set
            )
        except RenderCancelledError:
            self._emit(render, "cancelled")
        except SceneRenderError as exc:
            self._emit(render, "failed", error=str(exc), details=exc.details)
        except (DerivedTransformerError, OSError) as exc:
            self._emit(render, "failed", error=str(exc), details="")

    def _finished(self, render: Render, job: SceneJob, result: SceneResult) -> None:
        if job.product == "contact-sheet":
            self._emit(render, "sheet", sheet=url_of(self.out, result.output))
            return
        if result.rendered:
            self.last_seconds[self._key(render)] = result.render_seconds
        titles = {beat.id: beat.title for beat in render.wanted.scene.beats}
        self._emit(
            render,
            "video",
            video=url_of(self.out, result.output),
            duration=result.duration,
            rendered=result.rendered,
            render_seconds=result.render_seconds,
            cues=[{"start": c.start, "end": c.end, "text": c.text} for c in result.cues],
            beats=[
                {"id": beat, "title": titles.get(beat, ""), "start": start}
                for beat, start in result.beats
            ],
        )


def source_problem(exc: BaseException) -> str:
    """One line for a project file that cannot be read or parsed (an edit half made)."""
    if isinstance(exc, SyntaxError):
        return f"{exc.filename}, line {exc.lineno}: {exc.msg}"
    return str(exc)
