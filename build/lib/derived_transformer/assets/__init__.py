"""What ships with the code: trained checkpoints and their metrics (``checkpoints/``), the
fonts and their licence (``fonts/``) and data files.

Installed, this folder is the package ``derived_transformer.assets``; code finds it through
:func:`derived_transformer.assets_dir`, never through a path relative to the repository.
"""
