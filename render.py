"""Render the explainer: ``python render.py --help``.

    python render.py                        the whole explainer, assembled into one video
    python render.py --chapter 3            one chapter, assembled
    python render.py NAME                   one scene (short name, see --list) into media/
    python render.py NAME --contact-sheet   one PNG of the frames at the end of every beat
                                            (and of every subtitle within a beat)
    python render.py --list                 scenes in explainer order, chapters and beats
    python render.py --vocab                the words a sentence may use

Output lands in ``media/`` (or ``--out DIR``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from model import VOCABULARY, DerivedTransformerError, tokenize
from scenes.catalog import SCENES, SceneEntry, find_scene, video_scenes
from scenes.pipeline.runner import SceneRenderError

QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality",
             "k": "fourk_quality"}
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


def move_into_place(write, target: Path) -> None:
    """``write(temporary_path)``, then rename it to ``target``: no half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                               dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


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

    from scenes.pipeline.fingerprint import RenderSettings
    from scenes.pipeline.runner import scene_class

    settings = RenderSettings(args.quality, args.format, args.sentence, args.captions)
    check_sentence_applies(entry, args.sentence)
    cls = scene_class(entry, settings)
    with tempconfig(one_scene_config(args, entry, preview=args.preview)):
        scene = cls()
        scene.render(preview=args.preview)
        return Path(scene.renderer.file_writer.output_plan.primary_artifact)


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
    from scenes.pipeline.fingerprint import RenderSettings
    from scenes.pipeline.runner import scene_class

    check_sentence_applies(entry, args.sentence)
    settings = RenderSettings(args.quality, args.format, args.sentence, args.captions)
    cls = scene_class(entry, settings, capture_beat_frames=True)
    with tempconfig(one_scene_config(args, entry, format="png", write_to_movie=False)):
        scene = cls()
        scene.render()
    target = args.out / "contact_sheets" / f"{entry.name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    move_into_place(lambda tmp: tile_frames(scene.caption_frames, tmp), target)
    return target


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
            move_into_place(lambda tmp, r=result: tmp.write_bytes(r.output.read_bytes()),
                            target)
        print(f"{len(results)} stills in {stills}")
        return
    name = VIDEO_NAME if args.chapter is None else f"{VIDEO_NAME}-chapter-{args.chapter}"
    video = args.out / f"{name}.{args.format}"
    subtitles = video.with_suffix(".srt")
    parts = [Part(r.name, r.output, video_duration(r.output), r.subtitles, r.chapter)
             for r in results]
    fd, tmp_video = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{args.format}",
                                     dir=args.out)
    os.close(fd)
    fd, tmp_srt = tempfile.mkstemp(prefix=f".{name}.", suffix=".srt", dir=args.out)
    os.close(fd)
    try:
        assemble(parts, Path(tmp_video), Path(tmp_srt), args.format)
        os.replace(tmp_srt, subtitles)
        os.replace(tmp_video, video)
    finally:
        Path(tmp_video).unlink(missing_ok=True)
        Path(tmp_srt).unlink(missing_ok=True)
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
        if args.scene:
            entry = find_scene(args.scene)
            check_output_dir(args.out)
            path = contact_sheet(entry, args) if args.contact_sheet else render_one(entry, args)
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
