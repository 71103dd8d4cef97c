"""Mobjects that take arrays (never a model) and draw them in the theme."""

from scenes.components.bars import BarChart, GroupedBarChart
from scenes.components.counts import SQUARE_POINTS, square_field, squares_in
from scenes.components.grids import Heatmap, PairGrid
from scenes.components.network import NetworkGlyph
from scenes.components.pixels import (
    SHAPES,
    PixelGrid,
    noise_picture,
    shape_picture,
    smooth_picture,
)
from scenes.components.pyramid import ConvPyramid
from scenes.components.roadmap import RoadMap
from scenes.components.tokens import TokenRow
from scenes.components.vectors import OneHotVector, VectorColumn

__all__ = [
    "SHAPES",
    "SQUARE_POINTS",
    "BarChart",
    "ConvPyramid",
    "GroupedBarChart",
    "Heatmap",
    "NetworkGlyph",
    "OneHotVector",
    "PairGrid",
    "PixelGrid",
    "RoadMap",
    "TokenRow",
    "VectorColumn",
    "noise_picture",
    "shape_picture",
    "smooth_picture",
    "square_field",
    "squares_in",
]

# Animations of a component already on screen are grouped with ``group=<the component>`` and
# never use introducers (FadeIn, Create) on its parts: Manim adds an animation's mobject to
# the scene's top level, which would split a component that is already there.
