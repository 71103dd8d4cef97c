"""The command line: ``python render.py --help`` (or the installed ``derived-transformer``).

    render.py                        the whole explainer, assembled into one video
    render.py --chapter 3            one chapter, assembled
    render.py NAME                   one scene (short name, see --list)
    render.py NAME --still           the scene's last frame as PNG
    render.py NAME --contact-sheet   one PNG of the frames at the end of every beat
                                     (and of every subtitle within a beat)
    render.py NAME --slides          one scene as slides (one per beat), as HTML
    render.py --gallery              one still per chapter into docs/gallery/
    render.py --list                 scenes in explainer order, chapters and beats
    render.py --vocab                the words a sentence may use

Output lands in ``media/`` under the current folder (or ``--out DIR``): the whole video as
``derived-transformer.mp4``, a chapter as ``derived-transformer-chapter-N.mp4``, a scene as
``scenes/NAME.mp4``, each with its ``.srt`` beside it; stills in ``stills/``. Videos carry
the narration when the voice is installed (the ``voice`` extra), unless ``--no-voice``;
synthesised clips are cached in ``cache/voice/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from derived_transformer.errors import DerivedTransformerError
from rendering.settings import FORMATS, QUALITIES, QUALITY_HELP, RenderSettings

if TYPE_CHECKING:
    from rendering.audio import Track

PROGRAM = "render.py"
VIDEO_NAME = "derived-transformer"
GALLERY_FOLDER = Path("docs") / "gallery"


class OneLineParser(argparse.ArgumentParser):
    """Argument errors as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = OneLineParser(prog=PROGRAM, description="Render the explainer's scenes.")
    parser.add_argument("scene", nargs="?", help="a scene's short name (see --list)")
    parser.add_argument(
        "-q",
        "--quality",
        default="l",
        choices=sorted(QUALITIES),
        help=f"{QUALITY_HELP} (default l)",
    )
    parser.add_argument(
        "--format", dest="video_format", default="mp4", choices=FORMATS, help="video format"
    )
    parser.add_argument("--chapter", type=int, help="render and assemble one chapter")
    parser.add_argument("--preview", action="store_true", help="open the result")
    parser.add_argument(
        "--still", action="store_true", help="the last frame as PNG (of every scene, without NAME)"
    )
    parser.add_argument("--sentence", help="the sentence for scenes that take one")
    parser.add_argument(
        "--captions", action="store_true", help="draw the subtitles on screen as well"
    )
    parser.add_argument(
        "--no-voice",
        action="store_true",
        help="no narration: a silent video with subtitles (the same frames as a narrated one)",
    )
    parser.add_argument(
        "--contact-sheet", action="store_true", help="one PNG of the frame at the end of every beat"
    )
    parser.add_argument(
        "--slides",
        action="store_true",
        help="NAME as slides, one per beat, converted to HTML "
        "(needs the 'slides' extra: manim-slides)",
    )
    parser.add_argument(
        "--gallery",
        action="store_true",
        help=f"regenerate the gallery: one still per chapter (into {GALLERY_FOLDER}/ unless --out)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="scenes rendered at once (default: the number of cores)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: media/ in the current folder)",
    )
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


def settings_of(args: argparse.Namespace) -> RenderSettings:
    return RenderSettings(args.quality, args.video_format, args.sentence, args.captions)


def list_scenes() -> str:
    from scenes.catalog import ALL_SCENES

    lines = []
    for scene in ALL_SCENES:
        where = f"chapter {scene.chapter}" if scene.chapter else "not in the video"
        lines.append(f"{scene.short_name:16s} {scene.__name__} ({where}; {scene.__module__})")
        for beat in scene.beats:
            lines.append(f"    {beat.id:6s} {beat.title}")
        if scene.fixed_example:
            lines.append(f"    keeps its example: {scene.fixed_example}")
        else:
            lines.append(f'    --sentence drives it (default: "{scene.sentence}")')
    return "\n".join(lines)


def check_output_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DerivedTransformerError(
            f"cannot create output folder {out}: {exc.strerror}"
        ) from None
    if not os.access(out, os.W_OK):
        raise DerivedTransformerError(f"output folder {out} is not writable")


def render_videos(scenes: list[type], args: argparse.Namespace, out: Path, video: Path) -> None:
    """Render ``scenes`` (in parallel, from the cache in ``out/cache`` where unchanged) and
    join them into ``video`` with its subtitles beside it, or, with ``--still``, write their
    last frames into ``out/stills``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from derived_transformer.files import atomic_write
    from rendering.assemble import Part, publish, video_duration
    from rendering.runner import SceneResult, make_jobs, run_jobs

    settings = settings_of(args)
    console = Console(stderr=True)
    jobs = make_jobs(scenes, settings, out / "cache", still=args.still)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("rendering scenes", total=len(jobs))

        def done(result: SceneResult) -> None:
            how = "rendered" if result.rendered else "unchanged, from the cache"
            progress.console.print(f"  {result.name}: {result.duration:.1f} s ({how})")
            progress.advance(task)

        results = run_jobs(jobs, args.jobs, done)
    if args.still:
        stills = out / "stills"
        for result in results:
            target = stills / f"{result.name}.png"
            atomic_write(target, lambda tmp, r=result: tmp.write_bytes(r.output.read_bytes()))
            print(target)
        return
    parts = [
        Part(r.name, r.output, video_duration(r.output), r.cues, r.chapter, r.voice)
        for r in results
    ]
    track = narration(parts, args, out)
    subtitles = publish(parts, video, args.video_format, track)
    total = sum(p.duration for p in parts)
    fresh = sum(r.rendered for r in results)
    print(
        f"{video} ({int(total // 60)}:{total % 60:04.1f}, {len(parts)} scenes: "
        f"{fresh} rendered, {len(parts) - fresh} unchanged); subtitles {subtitles}"
    )
    if args.preview:
        from manim.utils.file_ops import open_file

        open_file(video)


def narration(parts: list, args: argparse.Namespace, out: Path) -> Track | None:
    """The voice track of ``parts`` (``None`` for a silent video: ``--no-voice``, GIF, no
    spoken lines, or the voice not installed, which is said once)."""
    from rendering.narrate import voice_track
    from rendering.speech import VOICE_EXTRA, ClipCache, PiperService, voice_installed

    lines = [p for part in parts for p in part.voice]
    estimated = [p.written for p in lines if p.timing == "estimate"]
    if estimated:
        print(
            f"note: {len(estimated)} line(s) are not in the measured lengths table, so their "
            f"timing is estimated (first: {estimated[0]!r}); install the voice "
            f"({VOICE_EXTRA}) for measured timings",
            file=sys.stderr,
        )
    if args.no_voice or args.video_format == "gif" or not lines:
        return None
    if not voice_installed():
        print(
            f"note: the voice is not installed, so the video is silent (subtitles only); "
            f"add it with: {VOICE_EXTRA}",
            file=sys.stderr,
        )
        return None
    built = voice_track(parts, PiperService(), ClipCache(out / "cache" / "voice"), args.jobs)
    report = built.report
    print(
        f"voice: {len(lines)} lines, {report.synthesised} synthesised "
        f"({report.speech_seconds:.1f} s of speech in {report.wall_seconds:.1f} s), "
        f"{report.cached} from the cache",
        file=sys.stderr,
    )
    if built.mismatched:
        print(
            f"warning: {len(built.mismatched)} clip(s) differ in length from the measured "
            f"table (first: {built.mismatched[0]!r}); regenerate it: python -m rendering.lengths",
            file=sys.stderr,
        )
    return built.track


def run(args: argparse.Namespace) -> None:
    from model import VOCABULARY, tokenize
    from rendering.scene_render import check_sentence_applies
    from scenes import catalog

    if args.list:
        print(list_scenes())
        return
    if args.vocab:
        print(" ".join(VOCABULARY.words))
        return
    if args.sentence is not None:
        tokenize(args.sentence)
    out = args.out if args.out is not None else Path.cwd() / "media"
    if args.gallery:
        from rendering.gallery import render_gallery

        folder = args.out if args.out is not None else GALLERY_FOLDER
        check_output_dir(folder)
        for path in render_gallery(settings_of(args), folder):
            print(path)
        return
    if args.scene:
        scene = catalog.find_scene(args.scene)
        check_sentence_applies(scene, settings_of(args))
        check_output_dir(out)
        if args.slides:
            from rendering.slides import render_slides

            print(f"{scene.short_name}: {render_slides(scene, settings_of(args), out)}")
        elif args.contact_sheet:
            from rendering.contact_sheet import render_contact_sheet

            sheet = render_contact_sheet(scene, settings_of(args), out)
            print(f"{scene.short_name}: {sheet}")
        else:
            video = out / "scenes" / f"{scene.short_name}.{args.video_format}"
            render_videos([scene], args, out, video)
        return
    if args.chapter is not None:
        scenes = list(catalog.chapter_scenes(catalog.find_chapter(args.chapter)))
        name = f"{VIDEO_NAME}-chapter-{args.chapter}"
    else:
        scenes, name = list(catalog.VIDEO_SCENES), VIDEO_NAME
    check_output_dir(out)
    render_videos(scenes, args, out, out / f"{name}.{args.video_format}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (errors are one line on stderr)."""
    from rendering.runner import SceneRenderError

    args = parse_args(argv)
    try:
        run(args)
    except SceneRenderError as exc:
        print(f"{PROGRAM}: error: {exc}; no video was written", file=sys.stderr)
        return 1
    except DerivedTransformerError as exc:
        print(f"{PROGRAM}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROGRAM}: interrupted; no video was written", file=sys.stderr)
        return 130
    return 0
