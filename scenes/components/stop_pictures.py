"""Pictures of what each stop of the road does (drawn, not values): a window of 3 words
becoming one vector, a square for every pair, a column picked out and summed, one vector per
word in and out. The intro's road map and the recap draw them in the road's boxes."""

from __future__ import annotations

from manim import DOWN, LEFT, PI, RIGHT, UP, Arrow, Square, SurroundingRectangle, VGroup

from derived_transformer.scenes.theme import current_theme


def word_cells(count: int, side: float) -> VGroup:
    """A row of ``count`` empty squares: words."""
    theme = current_theme()
    cells = VGroup(*(Square(side, stroke_color=theme.muted, stroke_width=2) for _ in range(count)))
    return cells.arrange(RIGHT, buff=side / 4)


def vector_below(source: VGroup, color: str, side: float, gap: float) -> tuple[Arrow, Square]:
    """An arrow from ``source`` down into one vector (a filled square) ``gap`` below it."""
    theme = current_theme()
    output = Square(side, stroke_width=2, stroke_color=color).set_fill(color, opacity=0.8)
    output.next_to(source, DOWN, buff=gap)
    arrow = Arrow(
        source.get_bottom(), output.get_top(), buff=0.04, stroke_width=3, color=theme.muted
    )
    return arrow, output


def window_picture(color: str, side: float = 0.3) -> VGroup:
    """A row of words, a window on 3 of them, and the one vector it becomes."""
    words = word_cells(6, side)
    window = SurroundingRectangle(words[1:4], color=color, buff=side / 6, stroke_width=3)
    return VGroup(words, window, *vector_below(window, color, side, side * 1.6))


def pair_grid_picture(color: str, side: float = 0.3, n: int = 4) -> VGroup:
    """A row and a column of words and a square for every pair of them."""
    top, left = word_cells(n, side), word_cells(n, side).rotate(-PI / 2)
    cells = VGroup(
        *(
            Square(side, stroke_width=1.5, stroke_color=color).set_fill(color, opacity=0.6)
            for _ in range(n * n)
        )
    ).arrange_in_grid(n, n, buff=side / 4)
    top.next_to(cells, UP, buff=side / 3)
    left.next_to(cells, LEFT, buff=side / 3)
    grid = VGroup(top, left, cells)
    grid.cells = cells
    return grid


def pair_picture(color: str) -> VGroup:
    """Every pair of words gets a square: near or far."""
    return pair_grid_picture(color)


def attention_picture(color: str, side: float = 0.3) -> VGroup:
    """The pair grid with one column picked out and summed into one vector."""
    theme = current_theme()
    grid = pair_grid_picture(color, side)
    n = 4
    column = VGroup(*(grid.cells[i * n + n - 1] for i in range(n)))
    frame = SurroundingRectangle(column, color=theme.highlight, buff=side / 8, stroke_width=3)
    return VGroup(grid, frame, *vector_below(frame, color, side, side * 1.4))


def transformer_picture(color: str, side: float = 0.3, n: int = 4) -> VGroup:
    """One vector per word in, one vector per word out: no grid of pairs kept."""
    theme = current_theme()
    words = word_cells(n, side)
    outputs = VGroup(
        *(
            Square(side, stroke_width=2, stroke_color=color).set_fill(color, opacity=0.8)
            for _ in range(n)
        )
    ).arrange(RIGHT, buff=side / 4)
    outputs.next_to(words, DOWN, buff=side * 3)
    arrows = VGroup(
        *(
            Arrow(w.get_bottom(), o.get_top(), buff=0.04, stroke_width=3, color=theme.muted)
            for w, o in zip(words, outputs, strict=True)
        )
    )
    return VGroup(words, arrows, outputs)


STOP_PICTURES = (window_picture, pair_picture, attention_picture, transformer_picture)
"""One picture per stop of :data:`~derived_transformer.scenes.components.roadmap.STAGES`."""
