"""Saving and loading the trained models: small files under ``assets/checkpoints``.

A checkpoint holds the weights, the config, the vocabulary it was trained with, the training
settings and its metrics. Loading uses ``torch.load(weights_only=True)`` and never trains.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import torch
from torch import nn

from derived_transformer.files import atomic_write
from derived_transformer.resources import assets_dir
from model.errors import CheckpointError
from model.registry import spec
from model.vocab import MAX_WORDS, VOCABULARY

CHECKPOINT_DIR = assets_dir() / "checkpoints"
FORMAT = 1
TRAIN_COMMAND = "python -m model.train"


def checkpoint_path(name: str, directory: Path | None = None) -> Path:
    return (directory or CHECKPOINT_DIR) / f"{name}.pt"


def save_checkpoint(
    name: str,
    model: nn.Module,
    metrics: dict[str, Any],
    training: dict[str, Any],
    directory: Path | None = None,
) -> Path:
    payload = {
        "format": FORMAT,
        "name": name,
        "config": asdict(model.config),
        "vocabulary": list(VOCABULARY.words),
        "max_words": MAX_WORDS,
        "training": training,
        "metrics": metrics,
        "state_dict": model.state_dict(),
    }
    path = checkpoint_path(name, directory)
    atomic_write(path, lambda tmp: torch.save(payload, tmp))
    return path


def read_checkpoint(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The checkpoint's contents, checked against this code's vocabulary and config."""
    path = checkpoint_path(name, directory)
    if not path.exists():
        raise CheckpointError(
            f"no checkpoint for model '{name}' at {path.name} in {path.parent}; "
            f"make one with `{TRAIN_COMMAND}`"
        )
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many kinds for a damaged file
        raise CheckpointError(
            f"checkpoint {path} is corrupt ({type(exc).__name__}); "
            f"re-create it with `{TRAIN_COMMAND}`"
        ) from None
    expected = asdict(spec(name).build().config)
    problems = []
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        problems.append("unknown format")
    else:
        if payload.get("vocabulary") != list(VOCABULARY.words):
            problems.append("its vocabulary differs from the corpus's")
        if payload.get("max_words") != MAX_WORDS:
            problems.append(f"it was made for {payload.get('max_words')} words, not {MAX_WORDS}")
        if payload.get("config") != expected:
            problems.append("its model config differs from the code's")
    if problems:
        raise CheckpointError(
            f"checkpoint {path} does not match this code ({'; '.join(problems)}); "
            f"re-create it with `{TRAIN_COMMAND}`"
        )
    return payload


def load_model(name: str, directory: Path | None = None) -> nn.Module:
    """The trained model ``name`` in eval mode. Raises :class:`CheckpointError`."""
    payload = read_checkpoint(name, directory)
    model = spec(name).build()
    try:
        model.load_state_dict(payload["state_dict"])
    except (RuntimeError, KeyError) as exc:
        raise CheckpointError(
            f"checkpoint {checkpoint_path(name, directory)} does not fit model '{name}' "
            f"({str(exc).splitlines()[0]}); re-create it with `{TRAIN_COMMAND}`"
        ) from None
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def read_metrics(directory: Path | None = None) -> dict[str, Any]:
    """The training summary ``metrics.json``: the budget and every model's accuracy."""
    path = (directory or CHECKPOINT_DIR) / "metrics.json"
    if not path.exists():
        raise CheckpointError(f"no {path.name} in {path.parent}; make it with `{TRAIN_COMMAND}`")
    try:
        return json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CheckpointError(f"{path} is corrupt; re-create it with `{TRAIN_COMMAND}`") from None


@cache
def cached_model(name: str) -> nn.Module:
    """:func:`load_model` from the shipped checkpoints, loaded once per process."""
    return load_model(name)
