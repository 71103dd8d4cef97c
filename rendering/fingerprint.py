"""What a scene's picture depends on, hashed: a scene whose fingerprint has not changed is
not rendered again.

A scene depends on

* its own module (one module per scene: ``scenes/ch1_cnn/conv_layers.py``);
* the project modules that module imports, followed import by import (a name imported from
  a package counts as the module that defines it, so ``from
  derived_transformer.scenes.components import ProbabilityBars`` depends on
  ``scenes/components/bars.py``, not on every component, and a chapter's scene depends on
  its chapter's ``shared.py``, not on the chapter's other scenes);
* the assets it reads: the checkpoints of the models it traces (``models_used()``), the
  training metrics, the data files, the fonts and the narration's lexicon (it changes what
  is spoken, so how long lines last). The table of measured line lengths is not part of it:
  the runner checks each finished scene's recorded lengths against the table instead, so a
  regenerated table re-renders only the scenes whose lines changed length;
* the render settings (quality, format, the sentence for scenes that take one, captions);
* the versions of the libraries that draw it.

Everything else (tests, the command line, other scenes, the demo) is left out, so editing it
re-renders nothing. Imports are read from the source files with :mod:`ast`, so the
fingerprint of a copy of the project can be computed without importing it.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import sys
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import derived_transformer
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.resources import assets_dir

PACKAGE = "derived_transformer"
OTHERS = ("rendering", "assets")
"""Subpackages whose source is left out (the other subpackages and the package's own
helpers enter a fingerprint when a scene imports them): scenes do not import the rendering
package, and the assets a scene reads are counted file by file."""

LIBRARIES = ("manim", "manimpango", "pycairo", "numpy", "torch", "av")
"""Libraries whose version enters every fingerprint."""

ROOT = Path(derived_transformer.__file__).resolve().parent.parent
"""The folder that holds the ``derived_transformer`` package: the repository's top folder in
a checkout (the package's subpackages are links to its top-level folders), the installed
package's folder else."""


@lru_cache(maxsize=1024)
def parsed(text: str, filename: str) -> ast.Module:
    """``text``'s syntax tree, shared by every tree that reads the same text (the studio and
    the tests compute fingerprints of one project again and again as single files change)."""
    return ast.parse(text, filename=filename)


@dataclass
class SourceTree:
    """The project's source files under ``root`` (the repository, or a copy of it)."""

    root: Path = ROOT
    assets: Path | None = None
    """The shipped files (default: ``root/assets`` for a copy, the installed ones else)."""
    _imports: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _trees: dict[str, ast.Module] = field(default_factory=dict, repr=False)
    _digests: dict[Path, str] = field(default_factory=dict, repr=False)

    # -- locating modules ---------------------------------------------------------------
    def module_file(self, module: str) -> Path | None:
        """The file of a project module (a package's ``__init__.py``), or ``None``."""
        package, *rest = module.split(".")
        if package != PACKAGE or (rest and rest[0] in OTHERS):
            return None
        base = self.root.joinpath(*module.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def is_package(self, module: str) -> bool:
        path = self.module_file(module)
        return path is not None and path.name == "__init__.py"

    def tree(self, module: str) -> ast.Module:
        """The module's syntax tree (read once per tree, parsed once per content: the same
        text is not parsed again by a later tree; do not change it). A module outside the
        project (a user's own explainer) is read from where Python found it."""
        if module not in self._trees:
            path = self.module_file(module) or self._outside_file(module)
            self._trees[module] = parsed(path.read_text(), str(path))
        return self._trees[module]

    def _outside_file(self, module: str) -> Path:
        loaded = sys.modules.get(module)
        path = getattr(loaded, "__file__", None)
        if path is None:
            raise ValueError(f"no source for module {module!r}")
        return Path(path)

    def digest(self, path: Path) -> str:
        """A hash of a file's name (relative to its package or the root) and content, read
        once per tree."""
        if path not in self._digests:
            assets = self.assets_folder()
            if path.is_relative_to(assets):
                name = Path("assets") / path.relative_to(assets)
            elif path.is_relative_to(self.root):
                name = path.relative_to(self.root)
            else:  # a user's own checkpoint
                name = Path("user") / path.parent.name / path.name
            digest = hashlib.sha256(str(name).encode() + b"\0")
            digest.update(path.read_bytes())
            self._digests[path] = digest.hexdigest()
        return self._digests[path]

    # -- following imports --------------------------------------------------------------
    def defining_module(self, module: str, name: str, seen: frozenset[str] = frozenset()) -> str:
        """The module that defines ``name`` as imported from ``module``: a submodule of that
        name, the module itself if it defines ``name``, or the module it re-exports it from."""
        if self.module_file(f"{module}.{name}") is not None:
            return f"{module}.{name}"
        if module in seen:
            return module
        tree = self.tree(module)
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name == name:
                    return module
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return module
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                source = self._absolute(module, node)
                for alias in node.names:
                    if (alias.asname or alias.name) == name and self.module_file(source):
                        return self.defining_module(source, alias.name, seen | {module})
        return module

    def _absolute(self, module: str, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = module if self.is_package(module) else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        return f"{package}.{node.module}" if node.module else package

    def direct_imports(self, module: str) -> set[str]:
        """The project modules ``module`` imports (anywhere in its code, lazily or not)."""
        if module in self._imports:
            return self._imports[module]
        found: set[str] = set()
        for node in ast.walk(self.tree(module)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if self.module_file(alias.name):
                        found.add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                source = self._absolute(module, node)
                if not self.module_file(source):
                    continue
                for alias in node.names:
                    if alias.name == "*":
                        found.add(source)
                    else:
                        found.add(self.defining_module(source, alias.name))
        found.discard(module)
        self._imports[module] = found
        return found

    def closure(self, module: str) -> list[str]:
        """``module`` and every project module it reaches through imports, sorted."""
        reached, stack = {module}, [module]
        while stack:
            for dependency in self.direct_imports(stack.pop()):
                if dependency not in reached:
                    reached.add(dependency)
                    stack.append(dependency)
        return sorted(reached)

    # -- a scene's own code ---------------------------------------------------------------
    def scene_source(self, module: str) -> str:
        """The scene's module as normalised source: layout and comments do not count."""
        return ast.unparse(self.tree(module))

    # -- assets -----------------------------------------------------------------------------
    def assets_folder(self) -> Path:
        """The shipped files: ``assets`` if given, else the installed ones for the project
        itself and ``root/assets`` for a copy of it."""
        if self.assets is not None:
            return self.assets
        return assets_dir() if self.root == ROOT else self.root / "assets"

    def asset_files(self, models: tuple[str, ...]) -> list[Path]:
        """The checkpoints of ``models``, the metrics, the data files, the fonts and the
        lexicon."""
        assets = self.assets_folder()
        if self.assets is None and self.root == ROOT:  # the files the loader will read
            from derived_transformer.model.checkpoints import checkpoint_path, metrics_path

            chosen = [checkpoint_path(name) for name in models] + [metrics_path()]
        else:
            chosen = [assets / "checkpoints" / f"{name}.pt" for name in models]
            chosen.append(assets / "checkpoints" / "metrics.json")
        chosen.append(assets / "narration" / "lexicon.json")
        for folder in ("data", "fonts"):
            chosen += [p for p in (assets / folder).rglob("*") if p.is_file()]
        return sorted(p for p in chosen if p.is_file())

    @cached_property
    def library_versions(self) -> dict[str, str]:
        versions = {}
        for name in LIBRARIES:
            try:
                versions[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                versions[name] = "absent"
        return versions


def scene_dependencies(scene_class: type, tree: SourceTree) -> list[Path]:
    """The files whose content a scene's fingerprint covers (its own module is covered by
    :meth:`SourceTree.scene_source` instead of whole)."""
    module = scene_class.__module__
    files = [tree.module_file(m) for m in tree.closure(module) if m != module]
    files = [f for f in files if f is not None]
    return sorted(set(files)) + tree.asset_files(scene_class.models_used())


def scene_fingerprint(
    scene_class: type,
    settings: RenderSettings,
    product: str = "video",
    tree: SourceTree | None = None,
) -> str:
    """A short hash of everything ``scene_class``'s pictures depend on (see the module).
    ``product``: what is made of the scene (``"video"``, ``"still"``, ``"contact-sheet"``,
    ``"slides"``)."""
    tree = tree or SourceTree()
    module = scene_class.__module__
    own = tree.scene_source(module)
    digest = hashlib.sha256()
    used = asdict(settings)
    if scene_class.fixed_example:
        used["sentence"] = None
    used["still"] = product == "still"
    if product not in ("video", "still"):
        used["product"] = product
    used["scene"] = f"{module}.{scene_class.__qualname__}"
    used["versions"] = tree.library_versions
    digest.update(repr(sorted(used.items())).encode())
    digest.update(own.encode())
    for path in scene_dependencies(scene_class, tree):
        digest.update(tree.digest(path).encode())
    return digest.hexdigest()[:20]
