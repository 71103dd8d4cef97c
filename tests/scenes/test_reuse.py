"""Other explainers reuse the scenes and components: a subclass outside the package rendered
with Manim's own CLI, slides, and the gallery."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from derived_transformer.narration.words import short_word_at
from tests.support.harness import build_scene
from tests.support.paths import ROOT

OTHER = "the lion saw that the fire was roaring"

USER_FILE = textwrap.dedent(f'''
    from manim import *

    from derived_transformer.scenes.ch3_attention import SelfAttentionLayer
    from derived_transformer.scenes.theme import Theme


    class LionSawFire(SelfAttentionLayer):
        sentence = "{OTHER}"
        theme = Theme(positive="#7bd88f")
''')


def image(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=float)


@pytest.mark.render
def test_a_subclass_outside_the_package_renders_with_manims_cli(tmp_path: Path) -> None:
    user = tmp_path / "my_explainer.py"
    user.write_text(USER_FILE)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim",
            "render",
            "-ql",
            "-s",
            "--media_dir",
            str(tmp_path / "media"),
            str(user),
            "LionSawFire",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (still,) = (tmp_path / "media").rglob("LionSawFire*.png")
    # the same class built here draws the same picture, with the other sentence's trace
    spec = importlib.util.spec_from_file_location("my_explainer", user)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scene = build_scene(module.LionSawFire, tmp_path / "here", fresh=True)
    assert scene.trace.sentence == OTHER
    words = OTHER.split()  # repeated words are named by their position
    assert [w.text for w in scene.heat.row_labels] == [
        short_word_at(words, k) for k in range(len(words))
    ]
    assert scene.heat.row_labels[0].text == "the (1)" and scene.heat.row_labels[1].text == "lion"
    (here,) = (tmp_path / "here").rglob("LionSawFire*.png")
    assert np.abs(image(still) - image(here)).mean() < 1.0
    # and the default scene draws something else
    from derived_transformer.scenes.ch3_attention import SelfAttentionLayer

    build_scene(SelfAttentionLayer, tmp_path / "default", fresh=True)
    (default,) = (tmp_path / "default").rglob("SelfAttentionLayer*.png")
    assert np.abs(image(still) - image(default)).mean() > 1.0


@pytest.mark.render
def test_slides_of_one_scene_convert_to_html(tmp_path: Path) -> None:
    pytest.importorskip("manim_slides")
    result = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "demo", "--slides", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    html = tmp_path / "slides" / "demo.html"
    assert html.exists() and "<section" in html.read_text()
    import json

    from derived_transformer.scenes.demo import ComponentsDemo

    slides = json.loads((tmp_path / "slides" / "ComponentsDemo.json").read_text())["slides"]
    assert len(slides) == len(ComponentsDemo.beats)  # one slide per beat
    for slide in slides:  # manim-slides reads them relative to the folder holding slides/
        assert (tmp_path / slide["file"]).is_file() and (tmp_path / slide["rev_file"]).is_file()
    assert not [p for p in tmp_path.rglob(".*") if p.is_dir() and p.name != ".locks"]


@pytest.mark.render
def test_the_gallery_command_regenerates_the_committed_stills(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "--gallery", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    committed = sorted((ROOT / "docs" / "gallery").glob("*.png"))
    fresh = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in committed] == [p.name for p in fresh]
    for old, new in zip(committed, fresh, strict=True):
        assert np.abs(image(old) - image(new)).mean() < 1.0, old.name
