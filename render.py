"""Render the explainer: ``python render.py --help``.

    python render.py                        the whole explainer, assembled into one video
    python render.py --chapter 3            one chapter, assembled
    python render.py NAME                   one scene (short name, see --list) into media/
    python render.py NAME --contact-sheet   one PNG of the frames at the end of every beat
                                            (and of every subtitle within a beat)
    python render.py NAME --slides          one scene as slides (one per beat), as HTML
    python render.py --gallery              one still per chapter into docs/gallery/
    python render.py --list                 scenes in explainer order, chapters and beats
    python render.py --vocab                the words a sentence may use

Output lands in ``media/`` (or ``--out DIR``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from model import VOCABULARY, DerivedTransformerError, tokenize
from derived_transformer.files import atomic_write
from scenes.catalog import SCENES, SceneEntry, find_scene, video_scenes
from scenes.pipeline.runner import QUALITIES, SceneRenderError

FORMATS = ("mp4", "webm", "gif")
VIDEO_NAME = "derived-transformer"
ROOT = Path(__file__).resolve().parent


class OneLineParser(argparse.ArgumentParser):
    """Argument errors as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"render.py: error: {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = OneLineParser(description="Render the explainer's scenes.")
    parser.add_argument("scene", nargs="?", help="a scene's short name (see --list)")
    parser.add_argument("-q", "--quality", default="l", choices=sorted(QUALITIES),
                        help="l=480p15, m=720p30, h=1080p60, k=2160p60 (default l)")
    parser.add_argument("--format", default="mp4", choices=FORMATS, help="video format")
    parser.add_argument("--chapter", type=int, help="render and assemble one chapter")
    parser.add_argument("--preview", action="store_true", help="open the result")
    parser.add_argument("--still", action="store_true",
                        help="the last frame as PNG (of every scene, without NAME)")
    parser.add_argument("--sentence", help="the sentence for scenes that take one")
    parser.add_argument("--captions", action="store_true",
                        help="draw the subtitles on screen as well")
    parser.add_argument("--contact-sheet", action="store_true",
                        help="one PNG of the frame at the end of every beat")
    parser.add_argument("--slides", action="store_true",
                        help="NAME as slides, one per beat, converted to HTML "
                             "(needs the 'slides' extra: manim-slides)")
    parser.add_argument("--gallery", action="store_true",
                        help="regenerate the gallery: one still per chapter")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="scenes rendered at once (default: the number of cores)")
    parser.add_argument("--out", type=Path, default=ROOT / "media", help="output folder")
    parser.add_argument("--list", action="store_true", help="list the scenes")
    parser.add_argument("--vocab", action="store_true", help="list the vocabulary")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.scene and args.chapter is not None:
        parser.error("give a scene or --chapter, not both")
    if args.slides and not args.scene:
        parser.error("--slides needs a scene name")
    return args


def list_scenes() -> str:
    lines = []
    for entry in SCENES:
        cls = entry.load()
        where = f"chapter {cls.chapter}" if entry.in_video else "not in the video"
        lines.append(f"{entry.name:16s} {cls.__name__} ({where}; {entry.module})")
        for beat in cls.beats:
            lines.append(f"    {beat.id:6s} {beat.title}")
        if cls.fixed_example:
            lines.append(f"    keeps its example: {cls.fixed_example}")
        else:
            lines.append(f"    --sentence drives it (default: \"{cls.sentence}\")")
    return "\n".join(lines)


def chapter_scenes(number: int) -> list[SceneEntry]:
    chosen = [e for e in video_scenes() if e.load().chapter.split()[0] == str(number)]
    if not chosen:
        chapters = sorted({e.load().chapter for e in video_scenes()})
        raise DerivedTransformerError(
            f"unknown chapter {number}; the chapters are: {', '.join(chapters)}"
        )
    return chosen


def check_output_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DerivedTransformerError(
            f"cannot create output folder {out}: {exc.strerror}"
        ) from None
    if not os.access(out, os.W_OK):
        raise DerivedTransformerError(f"output folder {out} is not writable")


# -- one scene -----------------------------------------------------------------------------
def one_scene_config(args: argparse.Namespace, entry: SceneEntry,
                     **overrides: object) -> dict[str, object]:
    return {
        "quality": QUALITIES[args.quality],
        "media_dir": str(args.out),
        "video_dir": f"{{media_dir}}/videos/{entry.name}/{{quality}}",
        "images_dir": f"{{media_dir}}/images/{entry.name}",
        "format": "png" if args.still else args.format,
        "verbosity": "WARNING",
        "progress_bar": "none",
        **overrides,
    }


def render_one(entry: SceneEntry, args: argparse.Namespace) -> Path:
    from manim import tempconfig

    cls = configured_class(entry, args)
    with tempconfig(one_scene_config(args, entry, preview=args.preview)):
        scene = cls()
        scene.render(preview=args.preview)
        return Path(scene.renderer.file_writer.output_plan.primary_artifact)


def configured_class(entry: SceneEntry, args: argparse.Namespace, **attributes: object) -> type:
    """The scene's class with this run's sentence and caption setting (and ``attributes``)."""
    from scenes.pipeline.fingerprint import RenderSettings
    from scenes.pipeline.runner import scene_class

    check_sentence_applies(entry, args.sentence)
    settings = RenderSettings(args.quality, args.format, args.sentence, args.captions)
    return scene_class(entry, settings, **attributes)


def check_sentence_applies(entry: SceneEntry, sentence: str | None) -> None:
    cls = entry.load()
    if sentence is not None and cls.fixed_example:
        raise DerivedTransformerError(
            f"scene '{entry.name}' keeps its fixed example ({cls.fixed_example}); "
            "render it without --sentence"
        )


def contact_sheet(entry: SceneEntry, args: argparse.Namespace) -> Path:
    from manim import tempconfig

    from scenes.contact_sheet import tile_frames

    cls = configured_class(entry, args, capture_beat_frames=True)
    with tempconfig(one_scene_config(args, entry, format="png", write_to_movie=False)):
        scene = cls()
        scene.render()
    target = args.out / "contact_sheets" / f"{entry.name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda tmp: tile_frames(scene.caption_frames, tmp))
    return target


def render_slides(entry: SceneEntry, args: argparse.Namespace) -> Path:
    """The scene as manim-slides slides (a boundary at every beat), converted to HTML."""
    try:
        from manim_slides import Slide
    except ImportError:
        raise DerivedTransformerError(
            "slides need manim-slides: pip install -e '.[slides]'"
        ) from None
    import subprocess

    from manim import tempconfig
    from manim_slides.slide.base import BaseSlide


    class CompatibleSlide(Slide):
        """manim-slides' Slide without the two settings it writes that Manim 0.22 no
        longer accepts: ``write_to_movie`` (movies are written whenever the format is a
        video) and an infinite ``max_files_cached`` (-1 means unlimited now)."""

        def __init__(self, *scene_args: object, **kwargs: object) -> None:
            BaseSlide.__init__(self, *scene_args, **kwargs)

        def render(self, *render_args: object, **kwargs: object) -> None:
            from manim import Scene, config

            limit = config["max_files_cached"]
            config["max_files_cached"] = -1  # the slides reuse the partial movie files
            try:
                Scene.render(self, *render_args, **kwargs)
            finally:
                config["max_files_cached"] = limit
            self._save_slides(use_cache=not config["disable_caching"], flush_cache=False,
                              skip_reversing=self.skip_reversing)

    cls = configured_class(entry, args)
    slides_cls = type(cls.__name__, (cls, CompatibleSlide), {})
    folder = args.out / "slides"
    with tempconfig(one_scene_config(args, entry, format="mp4")):
        scene = slides_cls(output_folder=folder)
        scene.render()
    target = folder / f"{entry.name}.html"
    result = subprocess.run(
        [sys.executable, "-m", "manim_slides", "convert", "--folder", str(folder),
         "--to", "html", cls.__name__, str(target)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0 or not target.exists():
        raise DerivedTransformerError(
            f"manim-slides could not convert '{entry.name}': "
            f"{(result.stderr or result.stdout).strip().splitlines()[-1:]}"
        )
    return target


def render_gallery(args: argparse.Namespace) -> list[Path]:
    """One still per chapter (the scenes named in ``scenes.catalog.GALLERY``) as PNG."""
    from manim import tempconfig

    from scenes.catalog import GALLERY

    folder = args.out
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter, name in GALLERY:
        entry = find_scene(name)
        config = one_scene_config(args, entry, format="png", write_to_movie=False,
                                  media_dir=str(folder / ".work"))
        with tempconfig(config):
            scene = entry.load()()
            scene.render()
            produced = Path(scene.renderer.file_writer.output_plan.primary_artifact)
        target = folder / f"chapter-{chapter}-{name}.png"
        atomic_write(target, lambda tmp, p=produced: tmp.write_bytes(p.read_bytes()))
        written.append(target)
    import shutil

    shutil.rmtree(folder / ".work", ignore_errors=True)
    return written


# -- many scenes ------------------------------------------------------------------------------
def render_many(entries: list[SceneEntry], args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from scenes.pipeline.assemble import Part, assemble, video_duration
    from scenes.pipeline.fingerprint import RenderSettings
    from scenes.pipeline.runner import make_jobs, run_jobs

    settings = RenderSettings(args.quality, args.format, args.sentence, args.captions)
    console = Console(stderr=True)
    jobs = make_jobs(entries, settings, args.out / "cache", still=args.still)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=False) as progress:
        task = progress.add_task("rendering scenes", total=len(jobs))

        def done(result) -> None:
            how = "rendered" if result.rendered else "unchanged, from the cache"
            progress.console.print(f"  {result.name}: {result.duration:.1f} s ({how})")
            progress.advance(task)

        results = run_jobs(jobs, args.jobs, done)
    if args.still:
        stills = args.out / "stills"
        stills.mkdir(parents=True, exist_ok=True)
        for result in results:
            target = stills / f"{result.name}.png"
            atomic_write(target, lambda tmp, r=result: tmp.write_bytes(r.output.read_bytes()))
        print(f"{len(results)} stills in {stills}")
        return
    name = VIDEO_NAME if args.chapter is None else f"{VIDEO_NAME}-chapter-{args.chapter}"
    video = args.out / f"{name}.{args.format}"
    subtitles = video.with_suffix(".srt")
    parts = [Part(r.name, r.output, video_duration(r.output), r.subtitles, r.chapter)
             for r in results]
    # both files under temporary names, renamed only once both are complete
    atomic_write(video, lambda tmp_video: atomic_write(
        subtitles, lambda tmp_srt: assemble(parts, tmp_video, tmp_srt, args.format)))
    total = sum(p.duration for p in parts)
    fresh = sum(r.rendered for r in results)
    print(f"{video} ({int(total // 60)}:{total % 60:04.1f}, {len(parts)} scenes: "
          f"{fresh} rendered, {len(parts) - fresh} unchanged); subtitles {subtitles}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.list:
            print(list_scenes())
            return 0
        if args.vocab:
            print(" ".join(VOCABULARY.words))
            return 0
        if args.sentence is not None:
            tokenize(args.sentence)
        if args.gallery:
            out = args.out if args.out != ROOT / "media" else ROOT / "docs" / "gallery"
            check_output_dir(out)
            args.out = out
            for path in render_gallery(args):
                print(path)
            return 0
        if args.scene:
            entry = find_scene(args.scene)
            check_output_dir(args.out)
            if args.slides:
                path = render_slides(entry, args)
            elif args.contact_sheet:
                path = contact_sheet(entry, args)
            else:
                path = render_one(entry, args)
            print(f"{entry.name}: {path}")
            return 0
        entries = (chapter_scenes(args.chapter) if args.chapter is not None
                   else list(video_scenes()))
        check_output_dir(args.out)
        render_many(entries, args)
    except SceneRenderError as exc:
        print(f"render.py: error: {exc}; no video was written", file=sys.stderr)
        return 1
    except DerivedTransformerError as exc:
        print(f"render.py: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("render.py: interrupted; no video was written", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
