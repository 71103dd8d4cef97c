"""Render the explainer: ``python render.py --help``. The command line itself lives in
:mod:`rendering.cli` (installed as ``derived-transformer``)."""

import sys

from derived_transformer.rendering.cli import main

if __name__ == "__main__":
    sys.exit(main())
