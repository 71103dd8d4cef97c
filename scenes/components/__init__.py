"""Mobjects that take arrays (never a model) and draw them in the theme.

One naming scheme for every component:

* **Data** it was given keeps its name: ``values`` is always the array of numbers drawn
  (a vector, a matrix, pair vectors, probabilities); ``value_scale`` is the magnitude drawn
  at full colour (every colour scale is named so, never ``scale``, which is Manim's
  resizing); ``labels`` are the texts it names them by (the words of a row, a chart's
  bars or x positions, a grid's rows and columns).
* **Parts** come in pairs: a plural attribute holds them all as a ``VGroup``
  (``cells``, ``number_labels``, ``word_labels``, ``bars``) and a singular method returns
  one (``cell(k)``, ``number_label(k)``, ``word_label(i)``, ``bar(k)``). Drawn texts are
  ``*_label(s)``. ``drawn_value(...)`` reads a number back from the drawing itself.
* **Animations** a component owns are methods named ``animate_<what>`` that return an
  ``Animation`` to ``play``: ``animate_values``, ``animate_grow``, ``animate_highlight``,
  ``animate_focus``, ``animate_forward``, ``animate_receptive_field``,
  ``animate_reset_colors``.
* **Choices** are typed (``Literal``) and checked: ``orientation="vertical"`` or
  ``"horizontal"``.
* No component shadows a name of Manim's (``ProbabilityBars``, not ``BarChart``;
  ``FlatText``, not ``Label``).

Animations of a component already on screen are grouped with ``group=<the component>`` and
never use introducers (FadeIn, Create) on its parts: Manim adds an animation's mobject to
the scene's top level, which would split a component that is already there.
"""

from derived_transformer.scenes.components.bars import ProbabilityBars
from derived_transformer.scenes.components.charts import LineChart
from derived_transformer.scenes.components.counts import SQUARE_POINTS, square_field, squares_in
from derived_transformer.scenes.components.grids import (
    Heatmap,
    LayerGrid,
    PairGrid,
    components_named,
)
from derived_transformer.scenes.components.keys import ColorKey
from derived_transformer.scenes.components.legend import (
    ILLUSTRATION_PREFIX,
    Legend,
    illustration_note,
)
from derived_transformer.scenes.components.log_plot import MARKERS, LogLogPlot, marker_shape
from derived_transformer.scenes.components.network import NetworkGlyph
from derived_transformer.scenes.components.pixels import (
    SHAPES,
    PixelGrid,
    noise_picture,
    shape_picture,
    smooth_picture,
)
from derived_transformer.scenes.components.pyramid import ConvPyramid
from derived_transformer.scenes.components.roadmap import RoadMap
from derived_transformer.scenes.components.softmax import SoftmaxColumn
from derived_transformer.scenes.components.sums import slide_into, stacked_strips, vector_strip
from derived_transformer.scenes.components.table import TextTable
from derived_transformer.scenes.components.tokens import TokenRow
from derived_transformer.scenes.components.vectors import OneHotStrip, OneHotVector, VectorColumn

__all__ = [
    "ILLUSTRATION_PREFIX",
    "MARKERS",
    "SHAPES",
    "SQUARE_POINTS",
    "ColorKey",
    "ConvPyramid",
    "Heatmap",
    "LayerGrid",
    "Legend",
    "LineChart",
    "LogLogPlot",
    "NetworkGlyph",
    "OneHotStrip",
    "OneHotVector",
    "PairGrid",
    "PixelGrid",
    "ProbabilityBars",
    "RoadMap",
    "SoftmaxColumn",
    "TextTable",
    "TokenRow",
    "VectorColumn",
    "components_named",
    "illustration_note",
    "marker_shape",
    "noise_picture",
    "shape_picture",
    "slide_into",
    "smooth_picture",
    "square_field",
    "squares_in",
    "stacked_strips",
    "vector_strip",
]
