"""What each design choice is worth, measured: ``python -m derived_transformer.model.ablations``.

Each variant is a shipped model with one thing changed, trained with the same budget and
seed, scored on the same held-out sets: one layer instead of two (pairwise attention,
transformer), positions counted from the start instead of back from the last word (pairwise
attention), attached one-hot positions instead of offset scores (transformer). The
results go to ``assets/checkpoints/ablations.json`` (no checkpoints: the variants are not
shipped) and into the README's table through
``python -m derived_transformer.model.report --readme``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from derived_transformer.files import atomic_write
from derived_transformer.model.checkpoints import training_dir
from derived_transformer.model.data import corpus
from derived_transformer.model.evaluation import examples_for, score
from derived_transformer.model.nets import (
    AttentionConfig,
    PairwiseAttention,
    Transformer,
    TransformerConfig,
)
from derived_transformer.model.registry import D_POS, OFFSETS, SPECS, ModelSpec, V
from derived_transformer.model.train import WORKERS, Budget, _prepare_shared_data, train_model

VARIANTS: dict[str, tuple[str, str]] = {
    # variant name: (the shipped model it changes, what is changed)
    "attention_one_layer": ("attention", "one layer instead of two"),
    "transformer_one_layer": ("transformer", "one layer instead of two"),
    "attention_positions_from_start": ("attention", "positions counted from the start"),
    "transformer_positions_attached": (
        "transformer",
        "one-hot positions (counted back from the last word) attached, no offset scores",
    ),
}


def variant_spec(name: str) -> ModelSpec:
    base_name, _ = VARIANTS[name]
    base = SPECS[base_name]
    if name == "attention_one_layer":
        return replace(
            base, name=name, build=lambda: PairwiseAttention(AttentionConfig(D_POS, V, layers=1))
        )
    if name == "transformer_one_layer":
        return replace(
            base,
            name=name,
            build=lambda: Transformer(TransformerConfig(V, V, layers=1, offsets=OFFSETS)),
        )
    if name == "transformer_positions_attached":
        return replace(
            base, name=name, positions=True, build=lambda: Transformer(TransformerConfig(D_POS, V))
        )
    return replace(base, name=name, positions_from="start")


def register() -> None:
    """Make the variants known by name in this process (they are not in ``MODEL_NAMES``)."""
    for name in VARIANTS:
        SPECS.setdefault(name, variant_spec(name))


def _run(name: str) -> tuple[str, dict[str, Any]]:
    register()
    started = time.perf_counter()
    model = train_model(name, Budget())
    seconds = time.perf_counter() - started
    model_spec = SPECS[name]
    data = corpus()
    result: dict[str, Any] = {
        "changes": VARIANTS[name][1],
        "model": VARIANTS[name][0],
        "train_seconds": round(seconds, 2),
    }
    for split in ("new_sentences", "new_structures"):
        scores = score(name, model, examples_for(model_spec, getattr(data, split)))
        result[split] = {
            k: v for k, v in scores.items() if k == "overall" or k.startswith("family:")
        }
    print(
        f"{name:34s} new sentences {result['new_sentences']['overall']['accuracy']:.1%}, "
        f"new structures {result['new_structures']['overall']['accuracy']:.1%}",
        flush=True,
    )
    return name, result


def run_all(directory: Path | None = None, workers: int = WORKERS) -> dict[str, Any]:
    register()
    _prepare_shared_data()
    results: dict[str, Any] = {}
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for name, result in pool.imap_unordered(_run, list(VARIANTS)):
            results[name] = result
    summary = {"budget": Budget().__dict__, "variants": dict(sorted(results.items()))}
    path = (directory or training_dir()) / "ablations.json"
    atomic_write(
        path, lambda tmp: tmp.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    )
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=None, help=f"output folder (default: {training_dir()})"
    )
    args = parser.parse_args(argv)
    run_all(args.out)


if __name__ == "__main__":
    main()
