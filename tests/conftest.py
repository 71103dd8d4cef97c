"""Shared fixtures, and the slow tier split by cost.

A slow test says what makes it slow with one marker of :data:`SLOW_KINDS` (``training``,
``install``, ``render``, ``corpus``, ``voice``, ``browser``); each of them marks the test
``slow`` too, so ``-m "not slow"`` is the quick tier and ``-m voice`` (say) runs one kind
alone. A test marked ``slow`` without a kind is refused at collection.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SLOW_KINDS = {
    "training": "trains models",
    "install": "builds the wheel and installs it in a fresh environment",
    "render": "renders real video, or builds scenes at every length",
    "corpus": "labels every sentence of the corpus (the quick tier reads a sample)",
    "voice": "needs the narration's voice (the voice extra)",
    "browser": "drives a real browser (Chromium)",
}
"""What makes a slow test slow; ``make test-KIND`` runs one kind alone."""


def pytest_configure(config: pytest.Config) -> None:
    for kind, what in SLOW_KINDS.items():
        config.addinivalue_line("markers", f"{kind}: slow: {what}")


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the markers added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        kinds = [kind for kind in SLOW_KINDS if item.get_closest_marker(kind)]
        if kinds:
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("slow"):
            raise pytest.UsageError(
                f"{item.nodeid} is marked slow without saying why: mark it with one of "
                f"{', '.join(SLOW_KINDS)} instead"
            )


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")
