"""One theme for the whole explainer: colours with meaning, fonts and sizes.

Everything reads the theme at call time through :func:`current_theme`, so a caller can swap
it (``use_theme(Theme(positive="#..."))`` or a scene's ``theme`` class attribute) and every
component built afterwards follows.

>>> from derived_transformer.scenes.theme import Theme, use_theme, value_to_color
>>> value_to_color(0.0) == current_theme().zero
True
>>> with use_theme(Theme(positive="#00ff00")):
...     value_to_color(1.0)
'#00ff00'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import cache

import numpy as np
from manim import config

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.resources import assets_dir

FONT_DIR = assets_dir() / "fonts"
"""The shipped fonts (found through the installed package)."""


@dataclass(frozen=True)
class Sizes:
    """Font sizes (Manim ``font_size`` units; 48 is Manim's default) and cell sizes."""

    title: float = 40
    heading: float = 30
    body: float = 26
    label: float = 22
    small: float = 17
    tiny: float = 15
    cell: float = 0.3


@dataclass(frozen=True)
class Gaps:
    """The spaces between parts, in scene units, from the smallest to the largest: the one
    scale every ``buff`` and spacing is taken from (Manim's ``SMALL_BUFF`` ...
    ``LARGE_BUFF`` are the model).

    >>> gaps = Gaps()
    >>> gaps.hair < gaps.tight < gaps.small < gaps.medium < gaps.large < gaps.wide
    True
    """

    hair: float = 0.08
    """A label on what it names: a value on its bar, lines of one caption."""
    tight: float = 0.15
    """A caption under its picture, items of one list."""
    small: float = 0.25
    """Parts of one group."""
    medium: float = 0.35
    """Neighbouring parts."""
    large: float = 0.6
    """A picture and its title or key."""
    wide: float = 1.0
    """Separate pictures side by side."""


@dataclass(frozen=True)
class Layout:
    """Where things go, in scene units (Manim's frame is 14.2 wide and 8 high).

    ``safe_width``: the widest a picture may be (a margin on each side); ``caption_width``:
    the widest a line of on-screen caption may be; ``caption_band``: the band below the
    picture that holds on-screen captions; ``heading_buff``: the heading's distance from the
    top edge; ``margin``: the least space between anything drawn and the frame's edge
    (:attr:`left`, :attr:`right`, :attr:`top` and :attr:`bottom` are the safe edges);
    ``cell``: the side of a value cell.

    >>> layout = Layout()
    >>> round(layout.right, 2), round(layout.top, 2)
    (6.81, 3.7)
    """

    safe_width: float = 12.5
    caption_width: float = 13.5
    caption_band: float = 1.0
    heading_buff: float = 0.35
    margin: float = 0.3
    cell: float = 0.3

    @property
    def right(self) -> float:
        """The rightmost x anything may reach."""
        return config.frame_x_radius - self.margin

    @property
    def left(self) -> float:
        return -self.right

    @property
    def top(self) -> float:
        """The highest y anything may reach."""
        return config.frame_y_radius - self.margin

    @property
    def bottom(self) -> float:
        return -self.top


@dataclass(frozen=True)
class Theme:
    """Colours with one meaning each, everywhere.

    ``negative`` / ``zero`` / ``positive``: the diverging map for model values.
    ``cnn`` ... ``transformer``: each model of the derivation.
    ``highlight``: what the viewer should look at now.
    ``reach_first`` / ``reach_second`` / ``reach_both``: what a convolution's output can see
    (its receptive field): the first word of a related pair, the second, or both (chapter 1's
    pyramid, with a legend naming them); outputs that reach neither are ``muted``. They are
    used for nothing else: ``cnn`` (purple) is the CNN model and its chapter only.
    ``attention`` has a hue clearly apart from both ends of the diverging map, so a
    self-attention bar is never read as a negative value. A model's parts (its A xᵢ, the
    textbook's query, key and value) are named in the model's colour, not colours of their
    own.
    """

    background: str = "#10131a"
    text: str = "#e6e6e6"
    muted: str = "#8b919c"
    outline: str = "#5a606b"
    negative: str = "#e8743b"
    zero: str = "#262a33"
    positive: str = "#3d9be9"
    highlight: str = "#ffd54a"
    cnn: str = "#9b7ede"
    pairwise: str = "#4fc1a6"
    pairwise_positions: str = "#a6e8d6"
    attention: str = "#a9dc58"
    transformer: str = "#e85d75"
    reach_first: str = "#e36bd9"
    reach_second: str = "#fff176"
    reach_both: str = "#ffffff"
    font: str = "DejaVu Sans"
    mono_font: str = "DejaVu Sans Mono"
    font_files: tuple[str, ...] = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf")
    sizes: Sizes = field(default_factory=Sizes)
    layout: Layout = field(default_factory=Layout)
    gaps: Gaps = field(default_factory=Gaps)

    def problem(self) -> str | None:
        """What is wrong with the theme (a colour that is not ``#rrggbb``), or ``None``.

        >>> Theme(positive="blue").problem()
        "theme colour positive='blue' is not a colour; give it as #rrggbb (as '#3d9be9')"
        """
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in COLOUR_FIELDS and not is_hex_colour(value):
                return (
                    f"theme colour {item.name}={value!r} is not a colour; give it as #rrggbb "
                    f"(as {item.default!r})"
                )
        return None

    def model_color(self, model_name: str) -> str:
        """The colour of a model of ``model.registry``: its own if the theme has one, else
        its family's (``transformer_network`` is drawn as ``transformer``)."""
        if isinstance(getattr(self, model_name, None), str):
            return getattr(self, model_name)
        family = model_name.split("_")[0].rstrip("0123456789")
        return getattr(self, family)


COLOUR_FIELDS = frozenset(
    f.name for f in fields(Theme) if f.type == "str" and f.name not in ("font", "mono_font")
)
"""The theme's fields that hold a colour."""


def is_hex_colour(value: object) -> bool:
    """Whether ``value`` is a colour written ``#rrggbb``."""
    return (
        isinstance(value, str)
        and len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


class ThemeError(DerivedTransformerError):
    """A theme with a value that is not what it should be (a colour that is not one)."""


class FontError(DerivedTransformerError):
    """A shipped font file is missing or is not a font."""

    exit_status = 1


_THEMES: list[Theme] = [Theme()]


def current_theme() -> Theme:
    """The theme in force now."""
    return _THEMES[-1]


@contextmanager
def use_theme(theme: Theme) -> Iterator[Theme]:
    """Use ``theme`` for everything built inside the ``with`` block (a theme that is not a
    :class:`Theme`, or has a colour that is not one, is a :class:`ThemeError`)."""
    if not isinstance(theme, Theme):
        raise ThemeError(f"a theme must be a Theme, not {type(theme).__name__} ({theme!r:.40})")
    problem = theme.problem()
    if problem is not None:
        raise ThemeError(problem)
    _THEMES.append(theme)
    try:
        yield theme
    finally:
        _THEMES.pop()


def _rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[k : k + 2], 16) for k in (0, 2, 4)], dtype=float)


def _hex(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{int(np.rint(c)):02x}" for c in np.clip(rgb, 0, 255))


def value_to_color(value: float, value_scale: float = 1.0, theme: Theme | None = None) -> str:
    """The diverging colour of ``value``: ``zero`` at 0, fully ``positive`` at
    ``+value_scale`` and above, fully ``negative`` at ``-value_scale`` and below.
    Returns ``#rrggbb``."""
    theme = theme or current_theme()
    if value_scale <= 0:
        raise ValueError("value_scale must be positive")
    t = float(np.clip(value / value_scale, -1.0, 1.0))
    end = theme.positive if t >= 0 else theme.negative
    return _hex(_rgb(theme.zero) + abs(t) * (_rgb(end) - _rgb(theme.zero)))


def color_scale(values: np.ndarray) -> float:
    """A colour scale for an array: its largest magnitude (1 for an all-zero array)."""
    peak = float(np.max(np.abs(values))) if np.size(values) else 0.0
    return peak if peak > 0 else 1.0


FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
"""How a TrueType or OpenType font file begins."""


@cache
def register_fonts(font_files: tuple[str, ...] = Theme().font_files) -> None:
    """Register the shipped fonts with Pango (once per process), so every machine draws
    the same typography."""
    import manimpango

    for name in font_files:
        path = FONT_DIR / name
        try:
            with open(path, "rb") as font:
                magic = font.read(4)
        except OSError as exc:
            raise FontError(f"cannot read font {path}: {exc.strerror}") from None
        if magic not in FONT_MAGIC:
            raise FontError(
                f"cannot read font {path}: not a TrueType or OpenType font; "
                "reinstall the project's fonts (git checkout assets/fonts, or pip install again)"
            )
        manimpango.register_font(str(path))
