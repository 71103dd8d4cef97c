"""Rendering scenes in parallel processes, each into a folder named by its fingerprint.

A scene's folder is complete when its ``meta.json`` exists; that file is written last, so
an interrupted render leaves nothing that a later run would take for finished. The file
records where the scene's lines are spoken and how long each was taken to be; a finished
folder whose line lengths the timing source in force would no longer give (the table was
regenerated, a voice was installed) is rendered again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from derived_transformer.errors import DerivedTransformerError
from narration import Cue, Measured, Placement, Timing
from rendering.fingerprint import SourceTree, scene_fingerprint
from rendering.scene_render import render_scene
from rendering.settings import EXTENSIONS, RenderSettings
from rendering.speech import project_timing
from scenes.base import DerivedScene


@dataclass(frozen=True)
class SceneJob:
    """One scene to render into ``folder`` (``cache/<scene>/<fingerprint>``)."""

    scene_class: type[DerivedScene]
    settings: RenderSettings
    folder: Path
    still: bool = False

    @property
    def name(self) -> str:
        return self.scene_class.short_name or self.scene_class.__name__


@dataclass(frozen=True)
class SceneResult:
    """A rendered (or cached) scene: its file, length, cues, chapter title and the lines
    its voice speaks."""

    name: str
    output: Path
    duration: float
    cues: tuple[Cue, ...]
    chapter: str
    rendered: bool  # False when it came from the cache
    render_seconds: float  # how long its render took (when it was rendered)
    voice: tuple[Placement, ...] = ()


class SceneRenderError(DerivedTransformerError):
    """A scene raised while rendering; names the scene (and pickles across processes)."""

    def __init__(self, name: str, error: str) -> None:
        super().__init__(name, error)
        self.name, self.error = name, error

    def __str__(self) -> str:
        return f"scene '{self.name}' failed: {self.error}"


def output_name(job: SceneJob) -> str:
    return "scene" + EXTENSIONS["png" if job.still else job.settings.video_format]


def meta_path(job: SceneJob) -> Path:
    """The file whose presence marks the job's folder as finished (written last)."""
    return job.folder / ("still.json" if job.still else "meta.json")


def cached_result(job: SceneJob, timing: Timing | None = None) -> SceneResult | None:
    """The finished result in the job's folder, if there is one and its lines' lengths are
    still what ``timing`` (default: the project's) gives."""
    path = meta_path(job)
    if not path.exists():
        return None
    result = _result(job, json.loads(path.read_text()), rendered=False)
    if result.voice:
        timing = timing or project_timing()
        for p in result.voice:
            if not timing.holds(p.speech, Measured(p.duration, p.timing)):
                return None
    return result


def render_job(job: SceneJob) -> SceneResult:
    """Render one scene into its folder (in a worker process), unless already there."""
    cached = cached_result(job)
    if cached is not None:
        return cached
    job.folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.folder.name}.", dir=job.folder.parent))
    try:
        started = time.perf_counter()
        try:
            rendered = render_scene(job.scene_class, job.settings, work / "media", still=job.still)
        except DerivedTransformerError as exc:
            raise SceneRenderError(job.name, str(exc)) from None
        except Exception as exc:  # reported with the scene's name
            raise SceneRenderError(job.name, f"{type(exc).__name__}: {exc}") from None
        job.folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(rendered.path), job.folder / output_name(job))
        chapter = job.scene_class.chapter
        meta = {
            "render_seconds": round(time.perf_counter() - started, 3),
            "duration": rendered.duration,
            "cues": [[c.start, c.end, c.text] for c in rendered.scene.cues],
            "chapter": chapter.title if chapter is not None else "",
            "voice": [p.as_json() for p in rendered.scene.voice_placements],
        }
        finished = meta_path(job)
        tmp = finished.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, finished)
        return _result(job, meta, rendered=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _result(job: SceneJob, meta: dict, rendered: bool) -> SceneResult:
    return SceneResult(
        name=job.name,
        output=job.folder / output_name(job),
        duration=meta["duration"],
        cues=tuple(Cue(*c) for c in meta["cues"]),
        chapter=meta["chapter"],
        rendered=rendered,
        render_seconds=meta.get("render_seconds", 0.0),
        voice=tuple(Placement.from_json(p) for p in meta.get("voice", [])),
    )


def remove_unfinished(jobs: Sequence[SceneJob]) -> None:
    """Remove the work folders that stopped workers left behind (named ``.<fingerprint>.*``
    beside each job's folder); finished folders are kept."""
    for job in jobs:
        for work in job.folder.parent.glob(f".{job.folder.name}.*"):
            shutil.rmtree(work, ignore_errors=True)


def make_jobs(
    scenes: Sequence[type[DerivedScene]],
    settings: RenderSettings,
    cache: Path,
    still: bool = False,
    tree: SourceTree | None = None,
) -> list[SceneJob]:
    """One job per scene, each in the cache folder named by its fingerprint."""
    tree = tree or SourceTree()
    jobs = []
    for scene in scenes:
        fingerprint = scene_fingerprint(scene, settings, still, tree)
        name = scene.short_name or scene.__name__
        jobs.append(SceneJob(scene, settings, cache / name / fingerprint, still))
    return jobs


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_numbered(item: tuple[int, SceneJob]) -> tuple[int, SceneResult]:
    number, job = item
    return number, render_job(job)


def run_jobs(
    jobs: Sequence[SceneJob], processes: int, on_done: Callable[[SceneResult], None]
) -> list[SceneResult]:
    """Render the jobs with ``processes`` worker processes; results in job order.

    The first failure (a :class:`SceneRenderError`) or an interrupt stops every worker,
    removes their unfinished work folders and is raised."""
    results: dict[int, SceneResult] = {}
    pending = []
    for number, job in enumerate(jobs):
        cached = cached_result(job)
        if cached is None:
            pending.append((number, job))
        else:
            results[number] = cached
            on_done(cached)
    if pending:
        context = multiprocessing.get_context("spawn")
        pool = context.Pool(
            processes=max(1, min(processes, len(pending))), initializer=_ignore_interrupts
        )
        try:
            for number, result in pool.imap_unordered(_render_numbered, pending):
                results[number] = result
                on_done(result)
            pool.close()
        except BaseException:
            pool.terminate()
            pool.join()
            remove_unfinished(jobs)
            raise
        pool.join()
    return [results[k] for k in range(len(jobs))]
