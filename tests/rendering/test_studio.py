"""The studio's routes in process (Starlette's test client): the page and its data, the
sentence checked exactly as the command line checks it, renders answered from the cache,
the event stream, re-renders when a scene's source changes, and no file served from
outside the output folder. Renders in worker processes and the page in a real browser are
in ``test_studio_browser.py`` (slow)."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from derived_transformer.rendering.fingerprint import SourceTree
from derived_transformer.rendering.runner import SceneJob, meta_path, output_name
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.studio.files import file_inside
from derived_transformer.rendering.studio.renders import Wanted
from derived_transformer.rendering.studio.server import Studio, studio_app
from derived_transformer.scenes import catalog
from tests.rendering.test_cli import run_cli
from tests.support.paths import ROOT
from tests.support.videos import tiny_video

CUES = [[0.0, 2.0, "First line."], [2.0, 5.0, "Second line."]]


@pytest.fixture
def studio(tmp_path: Path) -> Studio:
    return Studio(tmp_path / "media", timeout=30.0)


@pytest.fixture
def client(studio: Studio) -> Iterator[TestClient]:
    with TestClient(studio_app(studio, watch=False)) as client:
        yield client


def finish(job: SceneJob, shade: int) -> bytes:
    """Put a finished result for ``job`` in the cache, as a render would leave it (a real
    video, or a real PNG for a contact sheet, of one ``shade``); returns its bytes."""
    job.folder.mkdir(parents=True, exist_ok=True)
    output = job.folder / output_name(job)
    if job.product == "contact-sheet":
        Image.new("RGB", (32, 18), (shade, shade, shade)).save(output, format="PNG")
    else:
        tiny_video(output, 5.0, shade)
    meta = {"duration": 5.0, "cues": CUES, "beats": [["d.1", 0.0], ["d.2", 2.0]], "chapter": ""}
    meta_path(job).write_text(json.dumps(meta))
    return output.read_bytes()


def cache_both(studio: Studio, wanted: Wanted, shade: int = 40) -> tuple[bytes, bytes]:
    """The scene's video and contact sheet in the cache; their bytes."""
    video, sheet = studio.renders.jobs_of(wanted)
    return finish(video, shade), finish(sheet, shade)


def demo(sentence: str | None = "the fat cat") -> Wanted:
    return Wanted(catalog.find_scene("demo"), RenderSettings(sentence=sentence))


# -- the page and its data ---------------------------------------------------------------
def test_the_page_and_its_files_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<script src="/static/studio.js">' in page.text
    for name in ("studio.js", "studio.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert "http" not in page.text.replace("http-equiv", "")  # nothing loaded from outside


def test_the_catalogue_lists_every_scene_by_chapter_with_its_beats(client: TestClient) -> None:
    data = client.get("/api/catalogue").json()
    listed = {s["name"]: s for chapter in data["chapters"] for s in chapter["scenes"]}
    assert list(listed) == [s.short_name for s in catalog.ALL_SCENES]
    conv = listed["conv-layers"]
    assert conv["beats"] == [{"id": "1.3", "title": "A convolutional layer on words"}]
    assert (conv["min_words"], conv["max_words"], conv["fixed_example"]) == (1, 11, None)
    assert listed["long-range"]["fixed_example"]
    assert "lion" in data["vocabulary"]["animals that roar"]
    assert data["qualities"]["l"] == "480p15" and data["default_quality"] == "l"


@pytest.mark.parametrize(
    ("scene", "sentence", "cli_args"),
    [
        ("demo", "the zebra was roaring", ("--sentence", "the zebra was roaring")),
        ("pairwise", "lion", ("--sentence", "lion")),
        ("long-range", "the fat cat", ("--sentence", "the fat cat")),
        ("nosuchscene", None, ()),
        ("demo", "the " * 40, ("--sentence", "the " * 40)),
    ],
)
def test_a_sentence_is_refused_with_the_command_lines_own_line(
    client: TestClient, capsys, tmp_path: Path, scene: str, sentence: str | None, cli_args
) -> None:
    query = {"scene": scene, "quality": "l"} | ({"sentence": sentence} if sentence else {})
    checked = client.get("/api/check", params=query).json()
    code, _, err = run_cli(capsys, scene, *cli_args, "--out", str(tmp_path / "cli"))
    assert code == 2 and checked["ok"] is False
    assert err.strip() == f"render.py: error: {checked['error']}"
    refused = client.post("/api/render", json=query)
    assert refused.status_code == 400 and refused.json()["error"] == checked["error"]


def test_a_good_sentence_is_checked_as_its_words(client: TestClient) -> None:
    checked = client.get("/api/check", params={"scene": "demo", "sentence": "The fat cat!"})
    assert checked.json() == {"ok": True, "sentence": "the fat cat"}
    assert client.get("/api/check", params={"scene": "demo", "quality": "x"}).json() == {
        "ok": False,
        "error": "unknown quality 'x'; choose one of l=480p15, m=720p30, h=1080p60, k=2160p60",
    }


@pytest.mark.parametrize(
    "body", ['{"scene": 3}', "[1, 2]", "not json", '{"scene": "demo", "sentence": 5}']
)
def test_a_malformed_request_is_refused_in_one_line(client: TestClient, body: str) -> None:
    reply = client.post("/api/render", content=body)
    assert reply.status_code == 400 and "\n" not in reply.json()["error"]


def test_the_models_answer_and_the_labellers_verdict(client: TestClient) -> None:
    query = {"scene": "attention-layer", "sentence": "the lion saw that the fire was roaring"}
    found = client.get("/api/answer", params=query).json()
    assert found["model"] == "attention" and found["question"] == "who or what is “roaring” about?"
    assert found["expected"] == "fire"
    assert found["verdict"].startswith(f"“{found['answer']}”")


# -- renders from the cache, and events ----------------------------------------------------
def test_an_unchanged_scene_comes_from_the_cache_at_once(client: TestClient, studio) -> None:
    cached_video, cached_sheet = cache_both(studio, demo())
    reply = client.post("/api/render", json={"scene": "demo", "sentence": "The fat cat"})
    video, sheet = reply.json()["events"]
    assert video["kind"] == "video" and video["rendered"] is False
    assert video["beats"] == [
        {"id": "d.1", "title": "Words and one-hot vectors", "start": 0.0},
        {"id": "d.2", "title": "A network on a pair", "start": 2.0},
    ]
    assert [c["text"] for c in video["cues"]] == ["First line.", "Second line."]
    assert client.get(video["video"]).content == cached_video
    assert client.get(sheet["sheet"]).content == cached_sheet
    assert not studio.renders.renders["demo"].running  # no worker was started


def test_events_reach_the_page(client: TestClient, studio: Studio) -> None:
    with client.stream("GET", "/events") as stream:
        lines = stream.iter_lines()
        assert next(lines).startswith("retry:")
        studio.publish({"kind": "sheet", "scene": "demo", "render": 7})
        data = next(line for line in lines if line.startswith("data:"))
        studio.stopping = True
    assert json.loads(data.removeprefix("data: "))["render"] == 7


def test_an_edited_scene_is_rendered_again(
    client: TestClient, studio: Studio, tmp_path: Path, monkeypatch
) -> None:
    copy = tmp_path / "project"
    for folder in ("derived_transformer", "scenes", "model", "narration", "assets"):
        shutil.copytree(ROOT / folder, copy / folder, symlinks=True)
    monkeypatch.setattr(studio.renders, "tree", lambda: SourceTree(copy))
    cache_both(studio, demo(), 40)
    first = client.post("/api/render", json={"scene": "demo", "sentence": "the fat cat"})
    assert studio.renders.source_changed() is None  # nothing changed
    source = copy / "scenes" / "demo.py"
    source.write_text(source.read_text().replace("a single 1 at its index", "one 1 at its index"))
    after, _ = cache_both(studio, demo(), 200)
    event = studio.renders.source_changed()
    assert event is not None and event["kind"] == "video"
    assert event["video"] != first.json()["events"][0]["video"]
    assert client.get(event["video"]).content == after
    edited = source.read_text()
    source.write_text("def broken(:\n")  # half an edit: one line naming the file
    event = studio.renders.source_changed()
    assert event is not None and event["kind"] == "failed"
    assert event["error"].endswith("scenes/demo.py, line 1: invalid syntax")
    assert "def broken(:" in event["details"]  # the line, folded beneath on the page
    source.write_text(edited)  # the edit finished: the same scene as before it
    event = studio.renders.source_changed()
    assert event is not None and event["kind"] == "video" and event["rendered"] is False


# -- only the output folder is served ---------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/files/%2e%2e/secret.txt",
        "/files/%2E%2E/%2e%2e/secret.txt",
        "/files/..%2fsecret.txt",
        "/files/%2F{tmp}/secret.txt",
        "/files//{tmp}/secret.txt",
        "/files/outside/secret.txt",
        "/files/cache",
    ],
)
def test_no_file_outside_the_output_folder_is_served(
    client: TestClient, studio: Studio, tmp_path: Path, path: str
) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    (studio.out / "outside").symlink_to(tmp_path)
    reply = client.get(path.format(tmp=str(tmp_path).lstrip("/")))
    assert reply.status_code == 404 and "secret" not in reply.text


def test_file_inside_refuses_every_way_out(tmp_path: Path) -> None:
    root = tmp_path / "media"
    (root / "cache").mkdir(parents=True)
    (root / "cache" / "a.mp4").write_bytes(b"")
    (tmp_path / "secret.txt").write_text("secret")
    assert file_inside(root, "cache/a.mp4") == (root / "cache" / "a.mp4").resolve()
    for bad in ("../secret.txt", str(tmp_path / "secret.txt"), "cache/../../secret.txt", "a\0b"):
        assert file_inside(root, bad) is None, bad


# -- the command ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--port", "70000"), "--port must be between 0 and 65535"),
        (("--timeout", "0"), "--timeout must be a positive number of seconds"),
        (("--host", "no.such.host.invalid"), "cannot listen on no.such.host.invalid port 0"),
    ],
)
def test_bad_studio_options_are_one_clear_line(capsys, tmp_path: Path, args, expected) -> None:
    code, _, err = run_cli(capsys, "studio", "--no-browser", "--out", str(tmp_path), *args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and expected in lines[0], err


def test_a_port_in_use_is_one_clear_line(capsys, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        code, _, err = run_cli(capsys, "studio", "--no-browser", "--port", port)
    assert code == 2
    assert err.strip().endswith(f"cannot listen on 127.0.0.1 port {port}: Address already in use")
