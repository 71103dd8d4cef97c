"""Training outcomes of the shipped checkpoints, determinism, and the README's table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch

from model import trace
from model.checkpoints import CHECKPOINT_DIR, cached_model, read_checkpoint
from model.data import (
    EXTRA_SENTENCES,
    VIDEO_SENTENCES,
    corpus,
    held_out_set,
    training_set,
)
from model.registry import MODEL_NAMES
from model.train import Budget, evaluate, format_table, train_model
from model.vocab import MAX_WORDS, VOCABULARY

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_holds_the_videos_sentences_and_the_vocabulary_covers_them() -> None:
    training_texts = {e.text for e in training_set()}
    for sentence in VIDEO_SENTENCES:
        assert sentence in training_texts
    for sentence in VIDEO_SENTENCES + EXTRA_SENTENCES:
        assert all(w in VOCABULARY for w in sentence.split())
    assert 20 <= len(VOCABULARY) <= 200
    assert max(len(e.words) for e in corpus()) == MAX_WORDS


def test_held_out_set_is_apart_from_training() -> None:
    assert not {e.text for e in held_out_set()} & {e.text for e in training_set()}


def roaring_held_out() -> list:
    return [e for e in held_out_set() if e.family == "roaring"]


def test_roaring_column_picks_the_deciding_word() -> None:
    tree = trace("there was a tree on fire and it was roaring", model="attention")
    lion = trace("there was a lion on fire and it was roaring", model="attention")
    assert tree.tokens[int(tree.importances[:, -1].argmax())] == "fire"
    assert lion.tokens[int(lion.importances[:, -1].argmax())] == "lion"
    examples = roaring_held_out()
    assert len(examples) >= 50
    kinds = {w for e in examples for w in e.words}
    assert {"tiger", "storm", "engine", "river"} <= kinds  # other animals, other roarers
    hits = 0
    for example in examples:
        t = trace(example.text, model="attention")
        hits += int(t.importances[:, -1].argmax()) == example.deciding
    assert hits / len(examples) >= 0.9


def test_training_is_deterministic() -> None:
    budget = Budget(steps=25)
    a = train_model("attention", budget).state_dict()
    b = train_model("attention", budget).state_dict()
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_shipped_metrics_are_reproduced_by_the_shipped_checkpoints() -> None:
    summary = json.loads((CHECKPOINT_DIR / "metrics.json").read_text())
    assert set(summary["models"]) == set(MODEL_NAMES)
    for name in MODEL_NAMES:
        stored = read_checkpoint(name)["metrics"]
        fresh = evaluate(name, cached_model(name))
        assert fresh["held_out"] == stored["held_out"]
        assert summary["models"][name]["held_out"] == stored["held_out"]
        assert read_checkpoint(name)["training"]["steps"] == summary["budget"]["steps"]


def test_accuracy_table_claims() -> None:
    summary = json.loads((CHECKPOINT_DIR / "metrics.json").read_text())
    held = {name: m["held_out"] for name, m in summary["models"].items()}
    # Without positions, "the fat cat" and "the cat fat" are the same input: no better than
    # a coin on word order.
    assert held["pairwise"]["family:phrase"]["accuracy"] <= 0.5
    assert held["pairwise2"]["family:phrase"]["accuracy"] >= 0.8
    for name in ("attention", "transformer", "transformer_network"):
        assert held[name]["overall"]["accuracy"] >= 0.95
        assert held[name]["family:phrase"]["accuracy"] >= 0.8
    # The README shows exactly the table that the metrics give.
    readme = (ROOT / "README.md").read_text()
    table = format_table({n: m for n, m in summary["models"].items()})
    assert table in readme


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_checkpoints_are_small(name: str) -> None:
    assert (CHECKPOINT_DIR / f"{name}.pt").stat().st_size < 500_000


def test_train_command_line_rejects_unknown_models(capsys: pytest.CaptureFixture[str]) -> None:
    from model.train import main

    with pytest.raises(SystemExit) as info:
        main(["nosuchmodel"])
    assert info.value.code == 2
    assert re.search(r"unknown model.*nosuchmodel", capsys.readouterr().err)
