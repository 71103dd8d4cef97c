"""Rendering scenes in parallel processes, each into a folder named by its fingerprint.

A scene's folder is complete when its ``meta.json`` exists; that file is written last, so
an interrupted render leaves nothing that a later run would take for finished.
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
from scenes.catalog import SceneEntry
from scenes.pipeline.fingerprint import RenderSettings, scene_fingerprint, shared_digest

QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality",
             "k": "fourk_quality"}
EXTENSIONS = {"mp4": ".mp4", "webm": ".webm", "gif": ".gif", "png": ".png"}


@dataclass(frozen=True)
class SceneJob:
    entry: SceneEntry
    settings: RenderSettings
    folder: Path  # cache/<scene>/<fingerprint>
    still: bool = False


@dataclass(frozen=True)
class SceneResult:
    name: str
    output: Path
    duration: float
    subtitles: tuple[tuple[float, float, str], ...]
    chapter: str
    rendered: bool  # False when it came from the cache
    render_seconds: float  # how long its render took (when it was rendered)


class SceneRenderError(DerivedTransformerError):
    """A scene raised while rendering; names the scene (and pickles across processes)."""

    def __init__(self, name: str, error: str) -> None:
        super().__init__(name, error)
        self.name, self.error = name, error

    def __str__(self) -> str:
        return f"scene '{self.name}' failed: {self.error}"


def scene_class(entry: SceneEntry, settings: RenderSettings, **attributes: object) -> type:
    cls = entry.load()
    if settings.sentence is not None and not cls.fixed_example:
        attributes["sentence"] = settings.sentence
    if settings.captions:
        attributes["captions_on_screen"] = True
    if not attributes:
        return cls
    return type(cls.__name__, (cls,), dict(attributes))


def output_name(job: SceneJob) -> str:
    return "scene" + EXTENSIONS["png" if job.still else job.settings.format]


def render_job(job: SceneJob) -> SceneResult:
    """Render one scene into its folder (in a worker process), unless already there."""
    meta_path = job.folder / ("still.json" if job.still else "meta.json")
    if meta_path.exists():
        return _result(job, json.loads(meta_path.read_text()), rendered=False)
    from manim import tempconfig

    job.folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.folder.name}.", dir=job.folder.parent))
    try:
        settings = {
            "quality": QUALITIES[job.settings.quality],
            "media_dir": str(work / "media"),
            "video_dir": "{media_dir}/videos",
            "images_dir": "{media_dir}/images",
            "output_file": "scene",
            "format": "png" if job.still else job.settings.format,
            "verbosity": "ERROR",
            "progress_bar": "none",
            "disable_caching": True,
        }
        started = time.perf_counter()
        try:
            with tempconfig(settings):
                scene = scene_class(job.entry, job.settings)()
                scene.render()
                produced = Path(scene.renderer.file_writer.output_plan.primary_artifact)
        except Exception as exc:  # reported with the scene's name
            raise SceneRenderError(job.entry.name, f"{type(exc).__name__}: {exc}") from None
        job.folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), job.folder / output_name(job))
        meta = {
            "render_seconds": round(time.perf_counter() - started, 3),
            "duration": float(scene.renderer.time),
            "subtitles": [list(s) for s in scene.subtitles],
            "chapter": scene.chapter,
        }
        tmp = meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, meta_path)
        return _result(job, meta, rendered=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _result(job: SceneJob, meta: dict, rendered: bool) -> SceneResult:
    return SceneResult(
        name=job.entry.name,
        output=job.folder / output_name(job),
        duration=meta["duration"],
        subtitles=tuple(tuple(s) for s in meta["subtitles"]),
        chapter=meta["chapter"],
        rendered=rendered,
        render_seconds=meta.get("render_seconds", 0.0),
    )


def remove_unfinished(jobs: Sequence[SceneJob]) -> None:
    """Remove the work folders that stopped workers left behind (named ``.<fingerprint>.*``
    beside each job's folder); finished folders are kept."""
    for job in jobs:
        for work in job.folder.parent.glob(f".{job.folder.name}.*"):
            shutil.rmtree(work, ignore_errors=True)


def make_jobs(entries: Sequence[SceneEntry], settings: RenderSettings, cache: Path,
              still: bool = False) -> list[SceneJob]:
    shared = shared_digest()
    return [SceneJob(e, settings, cache / e.name / scene_fingerprint(e, settings, shared),
                     still) for e in entries]


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_numbered(item: tuple[int, SceneJob]) -> tuple[int, SceneResult]:
    number, job = item
    return number, render_job(job)


def run_jobs(jobs: Sequence[SceneJob], processes: int,
             on_done: Callable[[SceneResult], None]) -> list[SceneResult]:
    """Render the jobs with ``processes`` worker processes; results in job order.

    The first failure (a :class:`SceneRenderError`) or an interrupt stops every worker,
    removes their unfinished work folders and is raised."""
    results: dict[int, SceneResult] = {}
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(processes=max(1, min(processes, len(jobs) or 1)),
                        initializer=_ignore_interrupts)
    try:
        for number, result in pool.imap_unordered(_render_numbered, list(enumerate(jobs))):
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
