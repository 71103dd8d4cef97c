"""1.1: Images solved, language not (scene ``cnn-text``).

``manim -ql scenes/ch1_cnn/cnn_text.py CNNsAndText``
"""

from __future__ import annotations

from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    PixelGrid,
    illustration_note,
    smooth_picture,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class CNNsAndText(DerivedScene):
    """1.1: CNNs had cracked images; on language they were far worse. Why?
    (An illustration: the picture is generated, not a model value; a window slides over it
    as a convolution's does.)"""

    short_name = "cnn-text"
    chapter = CHAPTER
    beats = (Beat("1.1", "Images solved, language not"),)
    fixed_example = "an illustration: a generated picture and three language tasks"
    tasks: tuple[str, ...] = ("translation", "review sentiment", "chat")
    window_path: tuple[tuple[int, int], ...] = ((0, 0), (0, 3), (0, 6), (0, 9), (3, 9), (3, 6))
    """Where the 3 x 3 window of the illustration stops as it slides (row, column)."""

    def construct(self) -> None:
        self.road()
        self.images_solved()
        self.language_not()

    def road(self) -> None:
        self.beat("1.1")
        road = self.open_chapter(
            Line("The first stop: the kind of network that learned to see, applied to text.")
        )
        self.road_map = road

    def images_solved(self) -> None:
        theme = current_theme()
        picture = PixelGrid(smooth_picture(12, seed=3), pixel_size=0.36).move_to([0, 0.2, 0])
        note = illustration_note("a generated picture").next_to(
            picture, DOWN, buff=theme.gaps.tight
        )
        caption = flat_text("images: close to people", theme.sizes.body, theme.cnn)
        caption.next_to(note, DOWN, buff=theme.gaps.small)
        with self.voiceover(
            Line(
                "Around 2017, convolutional networks had become very good at images: telling "
                "what a photo shows, almost as well as people."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.2)
            self.heading("Convolutional networks, around 2017")
            self.play_during(
                clip, FadeIn(picture, lag_ratio=0.005), FadeIn(note), start=0.25, end=0.65
            )
            self.play_during(clip, FadeIn(caption, shift=UP * 0.1), start=0.7)
        frame = picture.outline_patch(*self.window_path[0])
        with self.voiceover(
            Line(
                "They slide one small network across the picture, looking at a few "
                "neighbouring pixels at a time."
            )
        ) as clip:
            self.play_during(clip, Create(frame), start=0.25, end=0.4)
            steps = [
                frame.animate.move_to(picture.patch(r, c).get_center())
                for r, c in self.window_path[1:]
            ]
            self.play_during(clip, Succession(*steps), start=0.42, end=0.98)
        self.picture_side = VGroup(picture, note, caption, frame)

    def language_not(self) -> None:
        theme = current_theme()
        items = VGroup(*(flat_text(t, theme.sizes.body) for t in self.tasks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.large).move_to([3.6, 0.6, 0])
        crosses = VGroup(
            *(
                flat_text("✗", theme.sizes.body, theme.negative).next_to(i, LEFT, theme.gaps.small)
                for i in items
            )
        )
        picture_caption = self.picture_side[2]
        caption = flat_text("language: far worse", theme.sizes.body, theme.negative)
        caption.move_to([3.3, picture_caption.get_y(), 0])
        history = flat_text(
            "the field's history, as commonly told: not measured here",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(caption, DOWN, buff=theme.gaps.tight)
        with self.voiceover(
            Line(
                "Applied to language, to translation, to the sentiment of reviews, or to "
                "chat, they did much worse than people, and were often unusable."
            )
        ) as clip:
            self.play_during(
                clip, self.picture_side.animate.shift(LEFT * 3.3), start=0.02, end=0.14
            )
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(i, shift=LEFT * 0.2) for i in items), lag_ratio=0.35),
                start=0.15,
                end=0.6,
            )
            self.play_during(clip, FadeIn(crosses), FadeIn(caption), FadeIn(history), start=0.7)
        why = flat_text("why?", theme.sizes.title, theme.highlight, bold=True)
        why.next_to(items, DOWN, buff=theme.gaps.medium).set_x(caption.get_x())
        with self.voiceover(
            Line("Why? To find out, we build a convolutional network for text, and look inside.")
        ) as clip:
            self.play_during(clip, FadeIn(why, scale=1.3), end=0.25)
