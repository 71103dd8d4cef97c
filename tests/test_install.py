"""Installed from a wheel, outside the repository, the project works: traces from the shipped
checkpoints, text in the shipped fonts, the installed command (and its studio's page), and a
subclass of a scene rendered with plain ``manim`` from another folder."""

from __future__ import annotations

import os
import shutil
import signal
import site
import subprocess
import sys
import textwrap
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import ROOT

OTHER = "the lion saw that the fire was roaring"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the repository with the project's wheel
    installed; its dependencies (torch, Manim, ...) are this environment's, made visible by a
    path file, so nothing is downloaded."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # a copy: building writes into the tree it builds
    listing = ["git", "ls-files", "--cached", "--others", "--exclude-standard"]
    tracked = subprocess.run(
        listing, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    for name in tracked:
        path = ROOT / name
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():  # derived_transformer's links to the top-level folders
            (source / name).symlink_to(os.readlink(path))
        elif path.is_file():  # else deleted, not yet committed
            shutil.copy2(path, source / name)
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(source)], check=True, cwd=work, capture_output=True)  # fmt: skip
    (wheel,) = wheels.glob("derived_transformer-*.whl")
    (work / "wheel-name").write_text(str(wheel))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # this environment's packages (not its editable install of the project, whose finder
    # is loaded by a path file that is not read from an added folder)
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", str(wheel)], check=True, capture_output=True)  # fmt: skip
    return venv


def run_in(
    venv: Path, folder: Path, *command: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env.update(extra)
    return subprocess.run(list(command), cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)  # fmt: skip


@pytest.mark.install
def test_the_wheel_holds_one_package_that_sits_beside_a_users_own_files(
    installed: Path, tmp_path: Path
) -> None:
    wheel = Path((installed.parent / "wheel-name").read_text())
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        assert "derived_transformer/scenes/components/grids.py" in archive.namelist()
    assert {t for t in tops if not t.endswith(".dist-info")} == {"derived_transformer"}
    # an explainer folder with the commonest file names of Manim and PyTorch projects
    (tmp_path / "scenes.py").write_text("WHOSE = 'mine'\n")
    (tmp_path / "model.py").write_text("WHOSE = 'mine'\n")
    code = textwrap.dedent(f"""
        import numpy as np
        import model, scenes
        from derived_transformer.model import trace
        from derived_transformer.scenes.components import Heatmap
        from derived_transformer.scenes.theme import FONT_DIR
        import derived_transformer
        assert "site-packages" in derived_transformer.__file__, derived_transformer.__file__
        t = trace({OTHER!r}, model="attention")
        heat = Heatmap(t.importances, list(t.tokens))
        print(model.WHOSE, scenes.WHOSE, t.answer, heat.n, FONT_DIR)
    """)
    result = run_in(installed, tmp_path, str(installed / "bin" / "python"), "-c", code)
    assert result.returncode == 0, result.stderr
    mine, also_mine, answer, n, fonts = result.stdout.split()
    assert (mine, also_mine) == ("mine", "mine")
    assert answer in OTHER.split() and int(n) == len(OTHER.split())
    assert "site-packages/derived_transformer/assets/fonts" in fonts


@pytest.mark.install
def test_the_installed_command_lists_and_renders(installed: Path, tmp_path: Path) -> None:
    command = str(installed / "bin" / "derived-transformer")
    listed = run_in(installed, tmp_path, command, "--list")
    assert listed.returncode == 0 and "qkv" in listed.stdout, listed.stderr
    version = run_in(installed, tmp_path, command, "--version")
    from derived_transformer import __version__

    assert version.stdout.strip() == f"derived-transformer {__version__}"
    still = run_in(installed, tmp_path, command, "one-large", "--still")
    assert still.returncode == 0, still.stderr
    assert (tmp_path / "media" / "stills" / "one-large.png").exists()


@pytest.mark.install
def test_a_subclass_renders_with_plain_manim_in_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    import numpy as np
    from PIL import Image

    (tmp_path / "my_explainer.py").write_text(
        textwrap.dedent(f'''
        from derived_transformer.scenes.ch3_attention import SelfAttentionLayer


        class LionSawFire(SelfAttentionLayer):
            sentence = "{OTHER}"
    ''')
    )
    result = run_in(installed, tmp_path, str(installed / "bin" / "python"), "-m", "manim",
                    "render", "-ql", "-s", "my_explainer.py", "LionSawFire")  # fmt: skip
    assert result.returncode == 0, result.stderr
    (still,) = (tmp_path / "media").rglob("LionSawFire*.png")
    # the same picture as the scene built here, in the repository
    from derived_transformer.scenes.ch3_attention import SelfAttentionLayer
    from tests.support.harness import build_scene

    build_scene(SelfAttentionLayer, tmp_path / "here", fresh=True, sentence=OTHER)
    (here,) = (tmp_path / "here").rglob("SelfAttentionLayer*.png")
    a = np.asarray(Image.open(still).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(here).convert("RGB"), dtype=float)
    assert np.abs(a - b).mean() < 1.0


@pytest.mark.install
def test_training_an_installed_package_writes_a_folder_of_the_users(
    installed: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    python = str(installed / "bin" / "python")
    env_home = {"DERIVED_TRANSFORMER_HOME": str(home)}
    shipped = run_in(
        installed,
        tmp_path,
        python,
        "-c",
        "from derived_transformer.model.checkpoints import CHECKPOINT_DIR; print(CHECKPOINT_DIR)",
    )
    shipped_dir = Path(shipped.stdout.strip())
    before = {p.name: p.stat().st_mtime_ns for p in shipped_dir.iterdir()}
    train = "derived_transformer.model.train"
    helped = run_in(installed, tmp_path, python, "-m", train, "--help", env=env_home)
    assert str(home / "checkpoints") in "".join(helped.stdout.split())  # wrapped anywhere
    trained = run_in(installed, tmp_path, python, "-m", train, "cnn2", "--workers", "1",
                     env=env_home)  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert (home / "checkpoints" / "cnn2.pt").exists()
    assert {p.name: p.stat().st_mtime_ns for p in shipped_dir.iterdir()} == before
    found = run_in(installed, tmp_path, python, "-c",
                   "from derived_transformer.model.checkpoints import "
                   "checkpoint_path, read_metrics; "
                   "print(checkpoint_path('cnn2')); print(checkpoint_path('cnn')); "
                   "print(sorted(read_metrics()['models'])[:3])", env=env_home)  # fmt: skip
    own, other, models = found.stdout.strip().splitlines()
    assert own == str(home / "checkpoints" / "cnn2.pt")  # the user's own comes first
    assert other.startswith(str(shipped_dir))  # the others stay the shipped ones
    assert "attention" in models  # shipped figures kept beside the user's


@pytest.mark.install
@pytest.mark.parametrize("av_version", ["16.1.0", "18.1.0"])
def test_the_lowest_and_highest_pyav_allowed(
    installed: Path, tmp_path: Path, av_version: str
) -> None:
    """The installed package with the lowest and the highest PyAV its range allows (Manim's
    range is one release, the one every other test runs): a scene renders with plain Manim
    and two videos join with chapters, a voice-like audio track and the subtitle track."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages",
                    str(venv)], check=True)  # fmt: skip
    python = venv / "bin" / "python"
    purelib = Path(run_in(venv, tmp_path, str(python), "-c",
                          "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                   .stdout.strip())  # fmt: skip
    installed_purelib = next((installed / "lib").glob("python*/site-packages"))
    # the installed project first, then this environment's packages (PyAV pinned below)
    (purelib / "project.pth").write_text(
        "\n".join([str(installed_purelib), *site.getsitepackages()]) + "\n"
    )
    pinned = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                             "-q", "--no-deps", f"av=={av_version}"],
                            capture_output=True, text=True)  # fmt: skip
    if pinned.returncode != 0:
        pytest.skip(f"PyAV {av_version} cannot be installed here: {pinned.stderr[-200:]}")
    script = textwrap.dedent("""
        import av, sys
        from pathlib import Path
        from derived_transformer.narration import Cue
        from derived_transformer.rendering.assemble import Part, publish, video_duration
        from tests_support_tiny import tiny_video
        print(av.__version__)
        a = tiny_video(Path("a.mp4"), 1.0, 40)
        b = tiny_video(Path("b.mp4"), 1.0, 200)
        parts = [Part("a", a, video_duration(a), (Cue(0.0, 0.5, "first"),), "One"),
                 Part("b", b, video_duration(b), (Cue(0.1, 0.9, "second"),), "Two")]
        publish(parts, Path("joined.mp4"), "mp4")
        with av.open("joined.mp4") as c:
            print(len(c.chapters()), sorted({s.type for s in c.streams} - {"data"}))
    """)
    (tmp_path / "tests_support_tiny.py").write_text(
        (ROOT / "tests" / "support" / "videos.py").read_text()
    )
    joined = run_in(venv, tmp_path, str(python), "-c", script)
    assert joined.returncode == 0, joined.stderr
    version, chapters_and_streams = joined.stdout.strip().splitlines()
    assert version == av_version
    assert chapters_and_streams == "2 ['subtitle', 'video']"
    (tmp_path / "my_explainer.py").write_text(
        textwrap.dedent(f'''
        from derived_transformer.scenes.ch2_pairwise import PairwiseLayer

        class Mine(PairwiseLayer):
            sentence = "{OTHER}"
    ''')
    )
    rendered = run_in(venv, tmp_path, str(python), "-m", "manim", "render", "-ql",
                      "my_explainer.py", "Mine")  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    assert list((tmp_path / "media").rglob("Mine.mp4"))


@pytest.mark.install
def test_the_installed_command_serves_the_studio_page(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{installed / 'bin'}{os.pathsep}{env['PATH']}"
    studio = subprocess.Popen(
        [str(installed / "bin" / "derived-transformer"), "studio", "--no-browser"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert studio.stdout is not None
        first = studio.stdout.readline()
        assert first.startswith("studio: http://127.0.0.1:"), first + studio.stderr.read()
        url = first.split()[1]
        for path in ("", "static/studio.js", "static/studio.css"):
            with urllib.request.urlopen(url + path) as reply:
                assert reply.status == 200 and reply.read(), path
    finally:
        studio.send_signal(signal.SIGINT)
        _, err = studio.communicate(timeout=60)
    assert studio.returncode == 130, err
    assert err.strip() == "derived-transformer: error: interrupted; the studio stopped"
