"""The evidence measured again on the trained checkpoints, without training them again.

``python -m derived_transformer.model.remeasure`` loads every model that the folder's
``metrics.json`` lists, measures the evidence
(:func:`~derived_transformer.model.evidence.measure_evidence`, what training runs too) and
writes it into that ``metrics.json`` as its ``evidence`` block; every other figure stays as
it was. The file is replaced only when complete.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import atomic_write
from derived_transformer.model.checkpoints import load_model, read_metrics, training_dir
from derived_transformer.model.evidence import measure_evidence

PROG = "python -m derived_transformer.model.remeasure"


def remeasure(directory: Path) -> dict[str, Any]:
    """Measure the evidence on the checkpoints in ``directory`` and write it into the
    folder's ``metrics.json``; return the new evidence. Raises
    :class:`~derived_transformer.model.errors.CheckpointError` for a missing or damaged
    summary or checkpoint (then nothing is written)."""
    summary = read_metrics(directory)
    models = {name: load_model(name, directory) for name in sorted(summary["models"])}
    summary["evidence"] = measure_evidence(models)
    text = json.dumps(summary, indent=1, sort_keys=True) + "\n"
    atomic_write(directory / "metrics.json", lambda tmp: tmp.write_text(text))
    return summary["evidence"]


def main(argv: list[str] | None = None) -> int:
    """The command: 0 when written, 2 for a folder that is not one, 1 for a failure."""
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"the checkpoint folder to measure and write into (default: {training_dir()})",
    )
    args = parser.parse_args(argv)
    directory = args.out if args.out is not None else training_dir()
    if not directory.is_dir():
        print(f"{PROG}: error: {directory} is not a folder of checkpoints", file=sys.stderr)
        return 2
    try:
        evidence = remeasure(directory)
    except (DerivedTransformerError, OSError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    long_range = evidence["long_range"]
    print(
        f"{directory / 'metrics.json'}: evidence measured again "
        f"({long_range['sentences']} twins over reaches {', '.join(long_range['reach_counts'])})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
