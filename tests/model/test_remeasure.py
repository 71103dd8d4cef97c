"""The evidence measured again from the checkpoints: the committed block is what the
checkpoints give, only that block is written, and bad input is one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from derived_transformer.model.checkpoints import CHECKPOINT_DIR
from derived_transformer.model.remeasure import main


@pytest.mark.training  # measures every model on every evidence sentence: about a minute
def test_the_committed_evidence_is_what_the_checkpoints_give(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "checkpoints"
    shutil.copytree(CHECKPOINT_DIR, folder)
    committed = json.loads((CHECKPOINT_DIR / "metrics.json").read_text())
    (folder / "metrics.json").write_text(json.dumps({**committed, "evidence": {}}))
    assert main(["--out", str(folder)]) == 0
    assert "evidence measured again" in capsys.readouterr().out
    written = json.loads((folder / "metrics.json").read_text())
    assert written == committed


@pytest.mark.parametrize(
    ("make", "code", "said"),
    [
        (lambda folder: folder / "missing", 2, "is not a folder of checkpoints"),
        (lambda folder: folder, 1, "no metrics.json in"),
    ],
    ids=["no folder", "no summary"],
)
def test_bad_folders_are_one_line(tmp_path: Path, capsys, make, code: int, said: str) -> None:
    assert main(["--out", str(make(tmp_path))]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("python -m derived_transformer.model.remeasure: error: ")
    assert said in line
    assert list(tmp_path.iterdir()) == []
