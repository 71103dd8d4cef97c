"""1.1: Images solved, language not (scene ``cnn-text``).

``manim -ql scenes/ch1_cnn/cnn_text.py CNNsAndText``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import illustration_note
from derived_transformer.scenes.text import flat_text, flat_text_row
from derived_transformer.scenes.theme import current_theme


def disc_pixels(side: int) -> np.ndarray:
    """``(side, side)`` grey levels in [0, 1] of a soft disc: a stand-in for a photo.

    >>> disc_pixels(5).shape, float(disc_pixels(5)[2, 2])
    ((5, 5), 1.0)
    """
    centre = (side - 1) / 2
    rows, columns = np.mgrid[0:side, 0:side]
    distance = np.hypot(rows - centre, columns - centre) / (side / 2)
    return np.clip(1.2 - distance, 0.0, 1.0) ** 0.8


class CNNsAndText(DerivedScene):
    """1.1: CNNs had cracked images; on language they were far worse. Why? The field's
    history as commonly told, side by side: images on the left, three language tasks on the
    right (labelled as not measured here)."""

    short_name = "cnn-text"
    chapter = CHAPTER
    beats = (Beat("1.1", "Images solved, language not"),)
    fixed_example = "the field's history: images against three language tasks"
    tasks: tuple[str, ...] = ("translation", "review sentiment", "chat")
    column_x: float = 3.3
    """How far left and right of the middle the two columns stand."""
    column_top: float = 2.45
    """The height of the columns' titles."""
    image_side: int = 7
    """Pixels on each side of the picture the image network's window slides over."""
    pixel_size: float = 0.22
    """The side of one drawn pixel."""
    text_example: str = "the lion was roaring"
    """The words the text network's window of 3 slides along."""
    picture_y: float = 1.2
    """The height of the middle of both pictures (the image and the row of words)."""
    caption_y: float = -2.8
    """The height of both columns' verdicts ("close to people", "far worse")."""

    def construct(self) -> None:
        self.road()
        self.images_solved()
        self.language_not()

    def road(self) -> None:
        self.beat("1.1")
        self.road_map = self.open_chapter(
            Line("The first stop: the kind of network that learned to see, applied to text.")
        )

    def column_title(self, text: str, color: str, x: float) -> VMobject:
        theme = current_theme()
        return flat_text(text, theme.sizes.title, color, bold=True).move_to([x, self.column_top, 0])

    def image_picture(self) -> VGroup:
        """A small grey picture and the 3-by-3 window one network reads at a time."""
        theme = current_theme()
        levels = disc_pixels(self.image_side)
        pixels = VGroup(
            *(
                Square(self.pixel_size, stroke_width=0.5, stroke_color=theme.background)
                .set_fill(
                    interpolate_color(
                        ManimColor(theme.background), ManimColor(theme.text), float(v)
                    ),
                    1.0,
                )
                .move_to([c * self.pixel_size, -r * self.pixel_size, 0])
                for r, row in enumerate(levels)
                for c, v in enumerate(row)
            )
        )
        pixels.move_to([-self.column_x, self.picture_y, 0])
        window = Square(3 * self.pixel_size, color=theme.cnn, stroke_width=4)
        window.move_to(pixels[self.image_side + 1])  # over the top-left 3 by 3 pixels
        self.image_grid, self.image_window = pixels, window
        return VGroup(pixels, window)

    def image_window_path(self) -> list[Animation]:
        """The window's moves along the picture's rows, a row of windows at a time."""
        side = self.image_side
        moves = []
        for r in range(1, side - 1, 2):
            for c in (side - 2, 1) if (r // 2) % 2 == 0 else (1, side - 2):
                moves.append(self.image_window.animate.move_to(self.image_grid[r * side + c]))
        return moves

    def word_picture(self) -> VGroup:
        """The example's words in a row and the window of 3 words one network reads."""
        theme = current_theme()
        words = VGroup(*flat_text_row(self.text_example.split(), theme.sizes.heading))
        words.move_to([self.column_x, self.picture_y, 0])
        window = SurroundingRectangle(words[:3], color=theme.cnn, buff=theme.gaps.hair)
        self.word_row, self.word_window = words, window
        return VGroup(words, window)

    def images_solved(self) -> None:
        theme = current_theme()
        title = self.column_title("images", theme.cnn, -self.column_x)
        picture = self.image_picture()
        note = illustration_note("a drawn picture; each network reads 3 by 3 pixels")
        note.next_to(self.image_grid, DOWN, buff=theme.gaps.tight)
        task = flat_text("what a photo shows", theme.sizes.heading)
        task.next_to(note, DOWN, buff=theme.gaps.large).set_x(-self.column_x)
        mark = flat_text("✓", theme.sizes.heading, theme.text)
        mark.next_to(task, LEFT, theme.gaps.small)
        caption = flat_text("close to people", theme.sizes.heading, theme.cnn)
        caption.move_to([-self.column_x, self.caption_y, 0])
        with self.voiceover(
            Line(
                "Around 2017, convolutional networks had become very good at images: telling "
                "what a photo shows, almost as well as people."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.1)
            self.heading("Convolutional networks, around 2017")
            self.play_during(
                clip, FadeIn(title), FadeIn(self.image_grid), FadeIn(note), start=0.12, end=0.2
            )
            self.play_during(clip, Create(self.image_window), start=0.2, end=0.25)
            self.play_during(
                clip, Succession(*self.image_window_path()), FadeIn(task), FadeIn(mark),
                start=0.25, end=0.7,
            )  # fmt: skip
            self.play_during(clip, FadeIn(caption, shift=UP * 0.1), start=0.7, end=0.9)
        self.images = VGroup(title, picture, note, task, mark, caption)

    def language_not(self) -> None:
        theme = current_theme()
        title = self.column_title("language", theme.text, self.column_x)
        items = VGroup(*(flat_text(t, theme.sizes.heading) for t in self.tasks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.medium)
        self.word_picture()
        items.move_to([self.column_x, 0, 0])
        items.shift(UP * (self.images[3].get_y() - items[0].get_y()))  # level with the task
        crosses = VGroup(
            *(
                flat_text("✗", theme.sizes.heading, theme.text).next_to(i, LEFT, theme.gaps.small)
                for i in items
            )
        )
        caption = flat_text("far worse", theme.sizes.heading, theme.text)
        caption.move_to([self.column_x, self.caption_y, 0])
        history = flat_text(
            "the field's history, as commonly told: not measured here",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=theme.layout.margin + theme.gaps.tight)
        with self.voiceover(
            Line(
                "On language, on translation, review sentiment or chat, they did much worse "
                "than people, and were often unusable."
            )
        ) as clip:
            self.play_during(clip, FadeIn(title), FadeIn(history), FadeIn(self.word_row), end=0.12)
            slides = [
                self.word_window.animate.become(
                    SurroundingRectangle(
                        self.word_row[k : k + 3], color=theme.cnn, buff=theme.gaps.hair
                    )
                )
                for k in range(1, len(self.word_row) - 2)
            ]
            self.play_during(
                clip,
                Succession(Create(self.word_window), *slides),
                LaggedStart(*(FadeIn(i, shift=LEFT * 0.2) for i in items), lag_ratio=0.35),
                start=0.12,
                end=0.6,
            )
            self.play_during(clip, FadeIn(crosses), FadeIn(caption), start=0.65, end=0.85)
        why = flat_text("why?", theme.sizes.title, theme.highlight, bold=True)
        why.move_to([0, self.caption_y, 0])  # between the two verdicts
        with self.voiceover(
            Line("Why? To find out, we build a convolutional network for text, and look inside.")
        ) as clip:
            self.play_during(clip, FadeIn(why, scale=1.3), end=0.2)
