"""Render the explainer's scenes: ``python render.py --help``.

    python render.py --list                 scenes in explainer order, chapters and beats
    python render.py --vocab                the words a sentence may use
    python render.py NAME [-q l|m|h|k] [--preview] [--still] [--sentence "..."]
    python render.py NAME --contact-sheet   one PNG of the frames at the end of every beat
                                            (and of every subtitle within a beat)
    python render.py                        every scene of the explainer, in order

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

QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality",
             "k": "fourk_quality"}
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
    parser.add_argument("--preview", action="store_true", help="open the result")
    parser.add_argument("--still", action="store_true", help="write the last frame as PNG")
    parser.add_argument("--sentence", help="the sentence for scenes that take one")
    parser.add_argument("--contact-sheet", action="store_true",
                        help="one PNG of the frame at the end of every beat")
    parser.add_argument("--out", type=Path, default=ROOT / "media", help="output folder")
    parser.add_argument("--list", action="store_true", help="list the scenes")
    parser.add_argument("--vocab", action="store_true", help="list the vocabulary")
    return parser.parse_args(argv)


def list_scenes() -> str:
    lines = []
    for entry in SCENES:
        cls = entry.load()
        where = f"chapter {cls.chapter}" if entry.in_video else "not in the video"
        lines.append(f"{entry.name:14s} {cls.__name__} ({where}; {entry.module})")
        for beat in cls.beats:
            lines.append(f"    {beat.id:6s} {beat.title}")
        if cls.fixed_example:
            lines.append(f"    keeps its example: {cls.fixed_example}")
        else:
            lines.append(f"    --sentence drives it (default: \"{cls.sentence}\")")
    return "\n".join(lines)


def scene_class(entry: SceneEntry, sentence: str | None, **attributes: object) -> type:
    cls = entry.load()
    if sentence is not None:
        if cls.fixed_example:
            raise DerivedTransformerError(
                f"scene '{entry.name}' keeps its fixed example ({cls.fixed_example}); "
                "render it without --sentence"
            )
        attributes["sentence"] = sentence
    if not attributes:
        return cls
    return type(cls.__name__, (cls,), dict(attributes))


def render_config(
    quality: str, out: Path, scene_name: str, **overrides: object
) -> dict[str, object]:
    return {
        "quality": QUALITIES[quality],
        "media_dir": str(out),
        "video_dir": f"{{media_dir}}/videos/{scene_name}/{{quality}}",
        "images_dir": f"{{media_dir}}/images/{scene_name}",
        "verbosity": "WARNING",
        "progress_bar": "none",
        **overrides,
    }


def render(entry: SceneEntry, args: argparse.Namespace) -> Path:
    from manim import tempconfig

    cls = scene_class(entry, args.sentence)
    overrides = {"format": "png"} if args.still else {}
    settings = render_config(args.quality, args.out, entry.name, preview=args.preview,
                             **overrides)
    with tempconfig(settings):
        scene = cls()
        scene.render(preview=args.preview)
        return Path(scene.renderer.file_writer.output_plan.primary_artifact)


def contact_sheet(entry: SceneEntry, args: argparse.Namespace) -> Path:
    from manim import tempconfig

    from scenes.contact_sheet import tile_frames

    cls = scene_class(entry, args.sentence, capture_beat_frames=True)
    with tempconfig(render_config(args.quality, args.out, entry.name, format="png",
                                  write_to_movie=False)):
        scene = cls()
        scene.render()
    target = args.out / "contact_sheets" / f"{entry.name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".png", dir=target.parent)
    os.close(fd)
    try:
        tile_frames(scene.caption_frames, Path(tmp))
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def check_output_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DerivedTransformerError(
            f"cannot create output folder {out}: {exc.strerror}"
        ) from None
    if not os.access(out, os.W_OK):
        raise DerivedTransformerError(f"output folder {out} is not writable")


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
        entries = [find_scene(args.scene)] if args.scene else list(video_scenes())
        check_output_dir(args.out)
        for entry in entries:
            path = contact_sheet(entry, args) if args.contact_sheet else render(entry, args)
            print(f"{entry.name}: {path}")
    except DerivedTransformerError as exc:
        print(f"render.py: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("render.py: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
