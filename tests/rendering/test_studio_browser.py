"""The studio driven in a real browser (headless Chromium through Selenium, Debian's
``chromium`` and ``chromium-driver``, which ``make test-all`` installs): the scene list, a
refused sentence, a render that plays, a subtitle line that moves the playback, a re-render
after an edit to a copy of the project, no file from outside the output folder, and Ctrl-C
stopping the server and its workers. Also a newer request cancelling an older render."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.studio.renders import Renders, Wanted
from derived_transformer.scenes import catalog
from tests.rendering.test_reliability import (
    rendering_started,
    stubborn,
    wait_for,
    workers_of,
)
from tests.support.paths import ROOT
from tests.support.processes import alive

pytestmark = pytest.mark.browser

SENTENCE = "the lion saw that the fire was roaring"
TOO_LONG = "the lion " * 6


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project to edit, with its own ``render.py``."""
    root = tmp_path / "project"
    for folder in ("derived_transformer", "scenes", "model", "narration", "rendering", "assets"):
        shutil.copytree(
            ROOT / folder, root / folder, symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )  # fmt: skip
    shutil.copy(ROOT / "render.py", root / "render.py")
    return root


@pytest.fixture
def studio(project: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``render.py studio`` started from the copy, and its address."""
    process = subprocess.Popen(
        [sys.executable, "render.py", "studio", "--no-browser", "--out", str(tmp_path / "media")],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("studio: http://127.0.0.1:"), first + process.stderr.read()
    yield process, first.split()[1]
    if process.poll() is None:
        process.kill()
        process.communicate()


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.fail("needs Debian's chromium and chromium-driver (make test-all installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
        "--autoplay-policy=no-user-gesture-required",
    ):  # fmt: skip
        options.add_argument(argument)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    yield chrome
    chrome.quit()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_studio_in_a_browser(studio, browser, project: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait

    process, url = studio
    page = browser
    wait = WebDriverWait(page, 240, poll_frequency=0.2)

    def video(prop: str) -> object:
        return page.execute_script(f"return document.getElementById('video').{prop}")

    # the scenes by chapter, each with its beats
    page.get(url)
    wait.until(lambda p: len(p.find_elements(By.CSS_SELECTOR, "#scenes button")) > 1)
    listed = [
        b.get_attribute("data-scene") for b in page.find_elements(By.CSS_SELECTOR, "#scenes button")
    ]
    assert listed == [s.short_name for s in catalog.ALL_SCENES]
    page.find_element(By.CSS_SELECTOR, '#scenes button[data-scene="demo"]').click()

    # a sentence the scene cannot show: its one-line reason at once, and no render
    sentence = page.find_element(By.ID, "sentence")
    sentence.send_keys(TOO_LONG)
    problem = page.find_element(By.ID, "problem")
    wait.until(lambda p: problem.is_displayed())
    assert problem.text == "scene 'demo' shows sentences of 1 to 11 words; this one has 12"
    assert not page.find_element(By.ID, "render").is_enabled()

    # a sentence it can show: rendered, and the video plays
    sentence.clear()
    sentence.send_keys(SENTENCE, Keys.ENTER)
    wait.until(lambda p: not problem.is_displayed())
    answer = page.find_element(By.ID, "answer")
    wait.until(lambda p: f"“{SENTENCE}”" in answer.text)
    assert "Labeller: “fire”: right" in answer.text
    wait.until(lambda p: video("currentTime") > 1.0)
    first = video("currentTime")
    wait.until(lambda p: video("currentTime") > first + 0.5)  # it advances
    cues = page.find_elements(By.CSS_SELECTOR, "#cues li")
    assert len(cues) >= 4
    assert len(page.find_elements(By.CSS_SELECTOR, "#timeline .beat")) == 6

    # a subtitle line clicked: the playback jumps there
    start = float(cues[3].get_attribute("data-start"))
    cues[3].click()
    wait.until(lambda p: start <= video("currentTime") < start + 1.5)
    sheet = page.find_element(By.ID, "sheet")
    wait.until(
        lambda p: (
            sheet.is_displayed() and p.execute_script("return arguments[0].naturalWidth", sheet) > 0
        )
    )
    page.execute_script("window.scrollTo(0, 0)")
    page.save_screenshot(str(tmp_path / "studio.png"))

    # an edit to the scene's source: rendered again, and the page shows the new render in
    # the beat it was showing
    def beat_starts() -> list[float]:
        marks = page.find_elements(By.CSS_SELECTOR, "#timeline .beat")
        return [float(mark.get_attribute("data-start")) for mark in marks]

    page.execute_script("document.getElementById('video').pause()")
    paused = video("currentTime")
    beat = max(i for i, start in enumerate(beat_starts()) if start <= paused)
    before = video("currentSrc")
    source = project / "scenes" / "demo.py"
    source.write_text(source.read_text().replace("Each word becomes", "Every word becomes"))
    wait.until(lambda p: video("currentSrc") != before)
    wait.until(lambda p: "Every word becomes" in p.find_element(By.CSS_SELECTOR, "#cues li").text)
    wait.until(lambda p: video("readyState") >= 1)  # its length is known
    starts = [*beat_starts(), video("duration")]
    wait.until(lambda p: video("currentTime") >= starts[beat])
    assert video("currentTime") < starts[beat + 1]  # still in the same beat

    # nothing outside the output folder is served, however the path is written
    assert status_of(url + "files/" + "cache/demo/") == 404
    for path in ("%2e%2e/render.py", "..%2f..%2frender.py", "%2F" + str(project / "render.py")):
        assert status_of(url + "files/" + path) == 404, path

    # Ctrl-C during a render stops the server and its workers
    page.execute_script("document.getElementById('quality').value = 'm'")
    page.find_element(By.ID, "render").click()
    wait_for(lambda: workers_of(process.pid), 60)
    workers = workers_of(process.pid)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "render.py: error: interrupted; the studio stopped"
    wait_for(lambda: not alive(workers), 20)
    assert not list((tmp_path / "media" / "cache").glob("*/.*.*/"))  # no work folder left


def test_a_newer_request_cancels_an_older_render_of_the_same_scene(tmp_path: Path) -> None:
    events: list[dict] = []
    lock = threading.Lock()

    def publish(event: dict) -> None:
        with lock:
            events.append(event)

    renders = Renders(tmp_path / "media", timeout=60.0, publish=publish)
    hangs = stubborn("hangs")
    older = renders.request(Wanted(hangs, RenderSettings(quality="l")))[0]
    wait_for(lambda: rendering_started(tmp_path / "media"))
    newer = renders.request(Wanted(hangs, RenderSettings(quality="m")))[0]
    assert newer["render"] > older["render"]
    wait_for(lambda: {"kind": "cancelled", "scene": "hangs", "render": older["render"]} in events)
    renders.stop()
    kinds = [(e["kind"], e["render"]) for e in events if e["kind"] != "progress"]
    assert kinds == [
        ("rendering", older["render"]),
        ("rendering", newer["render"]),
        ("cancelled", older["render"]),
        ("cancelled", newer["render"]),
    ]
    assert not list((tmp_path / "media" / "cache").glob("*/.*.*/"))
