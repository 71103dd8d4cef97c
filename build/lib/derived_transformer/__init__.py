"""What every part of the project shares: its version, its base error, safe file writes.

The packages of the project sit in layers: ``rendering`` (videos, assembly, audio) over
``scenes`` (pictures) over ``scenes.components`` over ``scenes.theme``; ``model`` (PyTorch,
no drawing) beside them. This package sits under all of them and imports none of them.
"""

from derived_transformer.resources import assets_dir

__version__ = "0.2.0"
"""The project's version, stated here only (the package metadata reads it)."""

__all__ = ["__version__", "assets_dir"]
