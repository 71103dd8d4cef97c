"""Finding the files that ship with the code, wherever the project is installed.

>>> (assets_dir() / "fonts").is_dir()
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

ASSETS_PACKAGE = "derived_transformer.assets"
"""The package that holds the shipped files (the repository's ``assets/`` folder)."""


@cache
def assets_dir() -> Path:
    """The folder of the shipped files (checkpoints, fonts, data), found through the
    installed package (an editable install maps it to the repository's ``assets/``)."""
    root = resources.files(ASSETS_PACKAGE)
    path = Path(str(root))
    if not path.is_dir():
        raise FileNotFoundError(f"the shipped files ({ASSETS_PACKAGE}) are not a folder: {root}")
    return path
