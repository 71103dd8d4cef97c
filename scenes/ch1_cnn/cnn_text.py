"""1.1: Images solved, language not (scene ``cnn-text``).

``manim -ql scenes/ch1_cnn/cnn_text.py CNNsAndText``
"""

from __future__ import annotations

from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


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
    column_top: float = 2.1
    """The height of the columns' titles."""

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

    def images_solved(self) -> None:
        theme = current_theme()
        title = self.column_title("images", theme.cnn, -self.column_x)
        task = flat_text("what a photo shows", theme.sizes.heading)
        task.next_to(title, DOWN, buff=theme.gaps.wide)
        mark = flat_text("✓", theme.sizes.heading, theme.text)
        mark.next_to(task, LEFT, theme.gaps.small)
        caption = flat_text("close to people", theme.sizes.heading, theme.cnn)
        caption.next_to(VGroup(mark, task), DOWN, buff=theme.gaps.large)
        with self.voiceover(
            Line(
                "Around 2017, convolutional networks had become very good at images: telling "
                "what a photo shows, almost as well as people."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.1)
            self.heading("Convolutional networks, around 2017")
            self.play_during(clip, FadeIn(title), FadeIn(task), FadeIn(mark), start=0.12, end=0.3)
            self.play_during(clip, FadeIn(caption, shift=UP * 0.1), start=0.7, end=0.9)
        self.images = VGroup(title, task, mark, caption)

    def language_not(self) -> None:
        theme = current_theme()
        title = self.column_title("language", theme.text, self.column_x)
        items = VGroup(*(flat_text(t, theme.sizes.heading) for t in self.tasks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.medium)
        items.next_to(title, DOWN, buff=theme.gaps.wide)
        crosses = VGroup(
            *(
                flat_text("✗", theme.sizes.heading, theme.text).next_to(i, LEFT, theme.gaps.small)
                for i in items
            )
        )
        caption = flat_text("far worse", theme.sizes.heading, theme.text)
        caption.next_to(VGroup(items, crosses), DOWN, buff=theme.gaps.large)
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
            self.play_during(clip, FadeIn(title), FadeIn(history), end=0.12)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(i, shift=LEFT * 0.2) for i in items), lag_ratio=0.35),
                start=0.12,
                end=0.6,
            )
            self.play_during(clip, FadeIn(crosses), FadeIn(caption), start=0.65, end=0.85)
        why = flat_text("why?", theme.sizes.title, theme.highlight, bold=True)
        # under both columns, in the middle of the room above the note
        why.move_to([0, (caption.get_bottom()[1] + history.get_top()[1]) / 2, 0])
        with self.voiceover(
            Line("Why? To find out, we build a convolutional network for text, and look inside.")
        ) as clip:
            self.play_during(clip, FadeIn(why, scale=1.3), end=0.2)
