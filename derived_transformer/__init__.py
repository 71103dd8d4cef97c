"""The explainer "Transformer Neural Networks Derived from Scratch", re-created in Manim with
every number from small models trained here: one import package.

* ``derived_transformer.model``: corpus, labeller, models, training, traces (no drawing);
* ``derived_transformer.narration``: what is spoken, and when;
* ``derived_transformer.scenes``: theme, components, the base scene, one package per chapter;
* ``derived_transformer.rendering``: settings, the one render function, the worker pool,
  assembly, audio, the studio and the command line;
* ``derived_transformer.assets``: the files that ship with the code.

They sit in layers: rendering over scenes over narration and the models, all over this
package's own modules (its version, its base error, safe file writes, helper processes,
where the shipped files are), which import none of them. In the repository the parts are
top-level folders, linked from this package's folder.
"""

from derived_transformer.resources import assets_dir

__version__ = "0.2.0"
"""The project's version, stated here only (the package metadata reads it)."""

__all__ = ["__version__", "assets_dir"]
