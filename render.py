"""Render the explainer: ``python render.py --help``. The command line itself lives in
:mod:`rendering.cli` (installed as ``derived-transformer``)."""

import os
import signal
import sys


def _stopped_early(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM while the command line is still loading: one line, nothing written."""
    how = "interrupted" if signum == signal.SIGINT else "terminated"
    os.write(2, f"render.py: error: {how}; no video was written\n".encode())
    os._exit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _stopped_early)
    signal.signal(signal.SIGTERM, _stopped_early)
    from derived_transformer.rendering.cli import main

    sys.exit(main())
