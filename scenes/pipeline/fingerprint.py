"""What a scene's picture depends on, hashed: a scene whose fingerprint has not changed is
not rendered again.

The fingerprint covers the scene's own code (its class and the classes it derives from in
its module, plus the module's helpers, but not the other scenes of the module), the shared
scene toolkit, the model package, the checkpoints and fonts, the sentence (for scenes that
take one), the quality, format and caption setting, and the Manim version.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
from dataclasses import asdict, dataclass
from pathlib import Path

import manim

from scenes.catalog import ROOT, SceneEntry

CHAPTER_MODULE_PREFIX = "ch"


@dataclass(frozen=True)
class RenderSettings:
    """Everything about a render run that changes the frames."""

    quality: str = "l"
    format: str = "mp4"
    sentence: str | None = None
    captions: bool = False


def _shared_files() -> list[Path]:
    scenes = [p for p in (ROOT / "scenes").rglob("*.py")
              if not p.name.startswith(CHAPTER_MODULE_PREFIX) and "pipeline" not in p.parts]
    model = list((ROOT / "model").glob("*.py"))
    assets = [p for p in (ROOT / "assets").rglob("*") if p.is_file()]
    return sorted(scenes + model + assets)


def scene_source(entry: SceneEntry) -> str:
    """The scene's module without the source of the module's other scene classes."""
    cls = entry.load()
    source = entry.path.read_text()
    keep = {c.__name__ for c in cls.__mro__}
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    cut: list[tuple[int, int]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name not in keep:
            module_cls = getattr(inspect.getmodule(cls), node.name, None)
            if inspect.isclass(module_cls) and issubclass(module_cls, manim.Scene):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                cut.append((start - 1, node.end_lineno or node.lineno))
    for start, end in sorted(cut, reverse=True):
        del lines[start:end]
    return "".join(lines)


def shared_digest() -> str:
    """One hash of everything every scene depends on (toolkit, model code, assets)."""
    digest = hashlib.sha256()
    for path in _shared_files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def scene_fingerprint(entry: SceneEntry, settings: RenderSettings,
                      shared: str | None = None) -> str:
    """``shared``: a :func:`shared_digest` computed once for many scenes."""
    cls = entry.load()
    digest = hashlib.sha256()
    used = asdict(settings)
    if cls.fixed_example:
        used["sentence"] = None
    used["manim"] = manim.__version__
    used["scene"] = f"{entry.module}.{entry.class_name}"
    digest.update(repr(sorted(used.items())).encode())
    digest.update((shared or shared_digest()).encode())
    digest.update(scene_source(entry).encode())
    return digest.hexdigest()[:20]
