"""Saving and loading the trained models: small files shipped with the code, and a user's
own.

The checkpoints shipped with the code live in the package's assets (``assets/checkpoints``
in a clone). ``python -m derived_transformer.model.train`` writes into that folder in a clone
(so that new checkpoints can be committed) and, in an installed package, into a folder of the user's
(:func:`user_checkpoint_dir`: ``$DERIVED_TRANSFORMER_HOME/checkpoints``, by default
``~/.local/share/derived-transformer/checkpoints``), never into the installed files. The
loader looks in the user's folder first, then in the shipped one.

A checkpoint holds the weights, the config, the vocabulary it was trained with, the training
settings and its metrics. Loading uses ``torch.load(weights_only=True)`` and never trains.
"""

from __future__ import annotations

import json
import os
import sysconfig
from collections.abc import Mapping
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import torch
from torch import nn

from derived_transformer.files import atomic_write
from derived_transformer.model.errors import CheckpointError
from derived_transformer.model.registry import spec
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY
from derived_transformer.resources import assets_dir

CHECKPOINT_DIR = assets_dir() / "checkpoints"
"""The checkpoints shipped with the code."""
FORMAT = 2
TRAIN_COMMAND = "python -m derived_transformer.model.train"
HOME_VARIABLE = "DERIVED_TRANSFORMER_HOME"


def user_checkpoint_dir() -> Path:
    """The user's own checkpoints: ``$DERIVED_TRANSFORMER_HOME/checkpoints``, else
    ``$XDG_DATA_HOME/derived-transformer/checkpoints`` (``~/.local/share`` by default)."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser() / "checkpoints"
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "derived-transformer" / "checkpoints"


def installed() -> bool:
    """Whether the code runs from an installed package (not a clone of the repository)."""
    installs = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    return any(CHECKPOINT_DIR.resolve().is_relative_to(folder) for folder in installs)


def training_dir() -> Path:
    """Where ``python -m derived_transformer.model.train`` writes by default: the shipped
    folder in a clone, the user's folder in an installed package."""
    return user_checkpoint_dir() if installed() else CHECKPOINT_DIR


def checkpoint_path(name: str, directory: Path | None = None) -> Path:
    """The checkpoint of model ``name`` in ``directory``; by default the user's own if there
    is one, else the shipped one."""
    if directory is not None:
        return directory / f"{name}.pt"
    own = user_checkpoint_dir() / f"{name}.pt"
    return own if own.exists() else CHECKPOINT_DIR / f"{name}.pt"


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


def _problems(name: str, payload: object) -> list[str]:
    """Everything about ``payload`` that does not match this code, in words."""
    if not isinstance(payload, dict):
        return [f"it holds a {type(payload).__name__}, not a checkpoint"]
    if payload.get("format") != FORMAT:
        return [f"unknown format {payload.get('format')!r}"]
    problems = []
    if payload.get("vocabulary") != list(VOCABULARY.words):
        problems.append("its vocabulary differs from the code's")
    if payload.get("max_words") != MAX_WORDS:
        problems.append(f"it was made for {payload.get('max_words')} words, not {MAX_WORDS}")
    if payload.get("config") != asdict(spec(name).build().config):
        problems.append("its model config differs from the code's")
    state = payload.get("state_dict")
    if not isinstance(state, Mapping):
        problems.append(f"its weights are a {type(state).__name__}, not a table of tensors")
        return problems
    expected = spec(name).build().state_dict()
    missing = sorted(set(expected) - set(state))
    extra = sorted(set(state) - set(expected))
    if missing:
        problems.append(f"weights missing: {', '.join(missing[:3])}")
    if extra:
        problems.append(f"unexpected weights: {', '.join(map(str, extra[:3]))}")
    for key in sorted(set(expected) & set(state)):
        value = state[key]
        if not isinstance(value, torch.Tensor):
            problems.append(f"weight '{key}' is a {type(value).__name__}, not a tensor")
        elif value.shape != expected[key].shape:
            problems.append(
                f"weight '{key}' has shape {tuple(value.shape)}, not {tuple(expected[key].shape)}"
            )
        elif not value.is_floating_point():
            problems.append(f"weight '{key}' holds {value.dtype}, not floating-point numbers")
        elif not bool(torch.isfinite(value).all()):
            problems.append(f"weight '{key}' holds NaN or infinite values")
    return problems


def read_checkpoint(name: str, directory: Path | None = None) -> dict[str, Any]:
    """The checkpoint's contents, checked in full against this code: format, vocabulary,
    config, and every weight's name, shape and values (finite numbers).

    Raises :class:`CheckpointError`, naming the file and what to do, for a missing, corrupt
    or mismatched checkpoint.
    """
    spec(name)
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
    problems = _problems(name, payload)
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
    model.load_state_dict(payload["state_dict"])  # names and shapes checked above
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def metrics_path(directory: Path | None = None) -> Path:
    """The training summary in ``directory``; by default the user's own if they trained,
    else the shipped one."""
    if directory is not None:
        return directory / "metrics.json"
    own = user_checkpoint_dir() / "metrics.json"
    return own if own.exists() else CHECKPOINT_DIR / "metrics.json"


def read_metrics(directory: Path | None = None) -> dict[str, Any]:
    """The training summary ``metrics.json``: the budget and every model's accuracy. By
    default the user's own summary over the shipped one (models the user did not train
    keep their shipped figures)."""
    path = metrics_path(directory)
    summary = _read_summary(path)
    if directory is None and path != CHECKPOINT_DIR / "metrics.json":
        shipped = _read_summary(CHECKPOINT_DIR / "metrics.json")
        summary = {**shipped, **summary, "models": {**shipped["models"], **summary["models"]}}
    return summary


def read_ablations(directory: Path | None = None) -> dict[str, Any] | None:
    """What each design choice is worth (``ablations.json``, made by
    ``python -m derived_transformer.model.ablations``), or ``None`` when it was not made."""
    path = (directory or CHECKPOINT_DIR) / "ablations.json"
    return _read_summary(path) if path.exists() else None


def _read_summary(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise CheckpointError(f"no {path.name} in {path.parent}; make it with `{TRAIN_COMMAND}`")
    try:
        return json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CheckpointError(f"{path} is corrupt; re-create it with `{TRAIN_COMMAND}`") from None


@cache
def cached_model(name: str) -> nn.Module:
    """:func:`load_model` from the user's or the shipped checkpoints, loaded once per
    process."""
    return load_model(name)
