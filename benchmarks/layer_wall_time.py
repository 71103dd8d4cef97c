"""Wall time of chapter 4's layers: ``python benchmarks/layer_wall_time.py``.

Times the pairwise self-attention layer (``AttentionLayer``) and the transformer layer
(``TransformerLayer``), built fresh at the trained models' sizes and reading vectors of
``COST_WIDTH`` numbers (as ``model.costs`` counts them), on one sentence and on batches of
sentences, from 2 to 128 words: short sentences, where fixed costs decide, and long or
batched ones, where the arithmetic does. Each figure is the fastest of ``--repeats`` runs on
one thread, without gradients.

Writes ``assets/data/layer-timings.json`` (``--out``) with the machine and the date: the
only place the video's wall times come from. Run it again on purpose only; the scenes that
state the times change with the file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from derived_transformer.model.costs import COST_WIDTH  # noqa: E402
from derived_transformer.model.nets import AttentionLayer, TransformerLayer  # noqa: E402
from derived_transformer.model.registry import model_config  # noqa: E402
from derived_transformer.model.timings import TIMINGS  # noqa: E402

WORDS = (2, 4, 8, 16, 24, 32, 64, 128)
BATCHES = (1, 32)


def fastest(run: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs, in seconds, after one run to warm up."""
    run()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def processor() -> str:
    """The processor's name as the system reports it."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine() -> str:
    return (
        f"{processor()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PyTorch {torch.__version__}"
    )


@torch.no_grad()
def measure(repeats: int) -> dict[str, object]:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    attention, transformer = model_config("attention"), model_config("transformer")
    layers = {
        "attention": AttentionLayer(
            COST_WIDTH, attention.hidden, attention.pair_dim, attention.score_hidden
        ),
        "transformer": TransformerLayer(COST_WIDTH, transformer),
    }
    rows = []
    for batch in BATCHES:
        for words in WORDS:
            x = torch.randn(batch, words, COST_WIDTH)
            mask = torch.ones(batch, words, dtype=torch.bool)
            seconds = {
                name: fastest(lambda layer=layer, x=x, mask=mask: layer.parts(x, mask), repeats)
                for name, layer in layers.items()
            }
            rows.append({"batch": batch, "words": words, "seconds": seconds})
            ratio = seconds["attention"] / seconds["transformer"]
            print(
                f"{batch:>3} × {words:>3} words: pairwise self-attention "
                f"{seconds['attention'] * 1e3:8.3f} ms, transformer layer "
                f"{seconds['transformer'] * 1e3:8.3f} ms, "
                + (f"{ratio:.2f} times faster" if ratio >= 1 else f"{1 / ratio:.2f} times slower")
            )
    return {
        "measured_on": datetime.date.today().isoformat(),
        "machine": machine(),
        "method": f"fastest of {repeats} runs, one thread, no gradients, layers freshly built "
        f"at the trained models' sizes reading vectors of {COST_WIDTH} numbers",
        "width": COST_WIDTH,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--out", type=Path, default=TIMINGS, help=f"default {TIMINGS}")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    result = measure(args.repeats)
    tmp = args.out.with_suffix(".json.tmp")
    try:
        tmp.write_text(json.dumps(result, indent=1) + "\n")
        tmp.replace(args.out)
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
