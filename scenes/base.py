"""The base scene of the explainer: sentence and model as class attributes, one trace read
once, ``beat`` steps that mark sections and slide boundaries, and narration: ``voiceover``
blocks that run their animations while a line is spoken (subtitles from the written forms),
or ``say`` for subtitles without a voice.

Chapter modules declare their :class:`Chapter` and list their scenes in order
(``CHAPTER`` and ``SCENES``); :mod:`scenes.catalog` composes them."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import DOWN, UP, FadeIn, FadeOut, ManimColor, Mobject, Scene, VGroup, Wait, config

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.model import Trace, tokenize, trace
from derived_transformer.narration import (
    Cue,
    Line,
    Placement,
    current_timing,
    reading_time,
    timed_cues,
    two_lines,
)
from derived_transformer.scenes.components.roadmap import RoadMap
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import Theme, current_theme, register_fonts, use_theme


class SentenceLengthError(DerivedTransformerError):
    """A sentence with more or fewer words than a scene can show."""


@dataclass(frozen=True)
class Chapter:
    """A chapter of the explainer: its number (0 for the intro) and title."""

    number: int
    title: str

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Beat:
    """One idea on screen: its storyboard id (``"3.6"``) and a short title."""

    id: str
    title: str


@dataclass(frozen=True)
class Clip:
    """A line being spoken: from ``start`` (scene time) for ``duration`` seconds, the
    measured length of its clip. Animations in its ``voiceover`` block take their run time
    from it."""

    line: Line
    start: float
    duration: float

    @property
    def end(self) -> float:
        return self.start + self.duration

    def at(self, words: str) -> float:
        """The fraction of the line at which ``words`` (a part of its written form) begin,
        by characters, as the subtitle cues share a line's time: where motion announced by
        those words should start (``play_during(clip, ..., start=clip.at("joined"))``)."""
        written = self.line.written
        where = written.find(words)
        if where < 0:
            raise ValueError(f"{words!r} is not in the line {written!r}")
        return where / len(written)


class SceneSettingError(DerivedTransformerError):
    """A scene's class attribute that cannot work, named."""


def run_by_manims_cli() -> bool:
    """Whether this process is Manim's own command line (``manim`` or ``python -m manim``)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return program == "manim" or (spec is not None and spec.name.split(".")[0] == "manim")


class NarrationOverrunError(DerivedTransformerError):
    """Animations of a ``voiceover`` block ran on after its line was spoken."""


def whole_frames(seconds: float, held: bool = False) -> float:
    """``seconds`` rounded up to whole frames at the configured frame rate, nudged so that
    Manim draws exactly that many: a hair under for an animation (its frame times are an
    ``arange`` up to the run time), a hair over for a held frame (its count is truncated)."""
    rate = config.frame_rate
    frames = max(1, math.ceil(seconds * rate - 1e-6))
    return frames / rate + (1e-6 if held else -1e-9)


CHAPTER_END_HOLD = 1.5
"""Seconds a chapter's last picture holds, silent, before the next chapter opens."""


def chapter_road_map() -> RoadMap:
    """The road map every chapter opens with, where it stands (the intro ends on it too)."""
    return RoadMap().move_to([0, 0.3, 0])


class DerivedScene(Scene):
    """Base class of every scene of the explainer.

    Class attributes (override in a subclass to make a variant):

    ``short_name``
        The scene's name on the command line (``render.py one-hot``).
    ``sentence``
        The sentence the scene draws; any sentence of the vocabulary works whose length is
        within the scene's ``min_words`` and ``max_words``.
    ``min_words``, ``max_words``
        The shortest and longest sentence, in words, the scene can show.
    ``model_name``
        Which model of ``model.registry`` the scene's trace comes from.
    ``extra_models``
        Other models the scene traces (``trace_of(..., model_name)`` refuses any model not
        declared here, so what a scene depends on is known before it renders).
    ``theme``
        A :class:`~scenes.theme.Theme`, or ``None`` for the theme in force.
    ``chapter``, ``beats``
        Where the scene sits in the explainer; ``beat()`` accepts only these ids.
    ``in_gallery``
        Whether the scene's last frame stands for its chapter in the README's gallery.
    ``fixed_example``
        ``None`` when ``--sentence`` drives the scene; otherwise why it keeps its sentence.
    ``captions_on_screen``
        Draw each beat's subtitle at the bottom of the frame as well as in the ``.srt``.
    ``fade_out_at_end``
        Fade everything out after the last beat (videos only), in ``end_fade`` seconds.
    ``closing_hold``
        Seconds the last picture stays, silent, before the scene ends (a chapter's last
        scene holds its result before the next chapter opens).
    ``capture_beat_frames``
        Keep the frame at the end of every beat in ``beat_frames``, and at the end of every
        subtitle in ``caption_frames`` (contact sheets).
    ``on_progress``
        Called (with no argument) whenever the scene advances: each animation and each frame
        of one. A renderer sets it to watch for a scene that makes no progress.
    ``beat_pause``
        Seconds of quiet before the first line of a beat that follows spoken lines.

    Narration: each animation runs while its line is spoken, its run time the line's
    measured length (from the timing source in force, :mod:`narration.timing`)::

        with self.voiceover(Line("It reaches 99%.")) as clip:
            self.play(bars.animate_grow(), run_time=clip.duration)

    The written form ("99%") becomes the subtitle for exactly the clip's time; the spoken
    form ("ninety-nine percent") is what the voice reads (``self.voice_placements``).
    Scenes without a voice use ``beat(id, subtitle)`` and ``say(subtitle)``.

    ``construct()`` of a subclass should read as a short list of named steps.
    """

    short_name: ClassVar[str] = ""
    sentence: ClassVar[str] = "there was a lion on fire and it was roaring"
    min_words: ClassVar[int] = 1
    max_words: ClassVar[int] = 11
    model_name: ClassVar[str] = "attention"
    extra_models: ClassVar[tuple[str, ...]] = ()
    theme: ClassVar[Theme | None] = None
    chapter: ClassVar[Chapter | None] = None
    beats: ClassVar[tuple[Beat, ...]] = ()
    in_gallery: ClassVar[bool] = False
    fixed_example: ClassVar[str | None] = None
    captions_on_screen: ClassVar[bool] = False
    capture_beat_frames: ClassVar[bool] = False
    fade_out_at_end: ClassVar[bool] = True
    end_fade: ClassVar[float] = 0.4
    closing_hold: ClassVar[float] = 0.0
    on_progress: ClassVar[Callable[[], None] | None] = None
    beat_pause: ClassVar[float] = 0.5
    overrun_tolerance: ClassVar[float] = 0.15
    """How far animations may run past their line (frame rounding) before it is an error."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Render with this scene's theme in force (and restored after, even on error).

        A class attribute that cannot work (a colour that is not one, a negative duration)
        is a :class:`SceneSettingError` naming it; rendered by Manim's own command line
        (``manim -ql my_explainer.py MyScene``), this project's errors end it with one line
        and exit status 2 (1 for a failure such as a damaged font) instead of a traceback."""
        try:
            problem = self.setting_problem()
            if problem is not None:
                raise SceneSettingError(problem)
            with use_theme(self.theme or current_theme()):
                return super().render(*args, **kwargs)
        except DerivedTransformerError as exc:
            if not run_by_manims_cli():
                raise
            print(f"error: {type(self).__name__}: {exc}", file=sys.stderr)
            raise SystemExit(exc.exit_status) from None

    @classmethod
    def setting_problem(cls) -> str | None:
        """What is wrong with the scene's class attributes, or ``None``."""
        for name in ("end_fade", "beat_pause", "overrun_tolerance"):
            value = getattr(cls, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"{name} must be a number of seconds, not {value!r:.40}"
            if not math.isfinite(value) or value < 0:
                return f"{name} must be a number of seconds, at least 0, not {value!r}"
        if not isinstance(cls.sentence, str):
            return f"sentence must be text (a str), not {cls.sentence!r:.40}"
        if cls.theme is not None and not isinstance(cls.theme, Theme):
            return f"theme must be a Theme or None, not {cls.theme!r:.40}"
        return None

    @classmethod
    def sentence_problem(cls, words: Sequence[str]) -> str | None:
        """Why the scene cannot show a sentence of these words (``None`` when it can)."""
        if cls.min_words <= len(words) <= cls.max_words:
            return None
        if cls.min_words == cls.max_words:
            span = f"exactly {cls.min_words}"
        else:
            span = f"{cls.min_words} to {cls.max_words}"
        return (
            f"scene '{cls.short_name or cls.__name__}' shows sentences of {span} words; "
            f"this one has {len(words)}"
        )

    def setup(self) -> None:
        if not self.fixed_example:
            problem = self.sentence_problem(tokenize(self.sentence))
            if problem is not None:
                raise SentenceLengthError(problem)
        register_fonts(current_theme().font_files)
        if self.captions_on_screen:
            self._make_room_for_captions()
        self.camera.background_color = ManimColor(current_theme().background)
        self._draw_no_still_background_while_skipping()
        self._open_beat: tuple[Beat, str, float] | None = None
        self._caption: VGroup | None = None
        self.beat_frames: list[tuple[str, np.ndarray]] = []
        self.caption_frames: list[tuple[str, np.ndarray]] = []
        self.cues: list[Cue] = []
        self.beat_starts: list[tuple[str, float]] = []
        self.voice_placements: list[Placement] = []
        self._caption_open: tuple[str, float] | None = None

    def tear_down(self) -> None:
        self._close_beat()
        if self.closing_hold > 0:
            self.wait(whole_frames(self.closing_hold, held=True))
        if self.fade_out_at_end and not self.renderer.skip_animations and self.mobjects:
            # a calm cut to the next scene; stills and contact sheets keep the last picture
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=self.end_fade)

    def _draw_no_still_background_while_skipping(self) -> None:
        """Manim's Cairo renderer draws the mobjects that stay still into a background
        image at the start of every animation, even one it skips (a still, a section not
        rendered, a build in the tests), where no frame uses it: the frames drawn while
        skipping (the last one, the frames kept at beats and cues) draw every mobject anew.
        Skip that drawing too; animations that are rendered keep it."""
        renderer = self.renderer
        save = getattr(renderer, "save_static_frame_data", None)
        if save is None:  # not the Cairo renderer
            return

        def save_unless_skipping(scene: Scene, static_mobjects: Any) -> Any:
            if renderer.skip_animations:
                renderer.static_image = None
                return None
            return save(scene, static_mobjects)

        renderer.save_static_frame_data = save_unless_skipping

    def get_run_time(self, animations: list[Any]) -> float:
        """A ``play`` lasts a whole number of frames, as in a rendered video (where Manim
        draws one frame per started frame interval), also when its frames are skipped: a
        scene built without drawing keeps the same clock as its video, so its cues, voice
        placements and overrun checks are those of the render (at this frame rate or any
        that is a multiple of it)."""
        held = (
            len(animations) == 1
            and isinstance(animations[0], Wait)
            and not self.should_update_mobjects()
        )
        return whole_frames(super().get_run_time(animations), held)

    # -- progress --------------------------------------------------------------------
    def play(self, *args: Any, **kwargs: Any) -> None:
        self._report_progress()
        before = {id(m) for m in self.mobjects}
        super().play(*args, **kwargs)
        self._drop_wrappers(args, before)
        if self._caption is not None:  # the cue due now, also when frames were skipped
            self._caption.update(0)

    def _drop_wrappers(self, animations: tuple[Any, ...], before: set[int]) -> None:
        """Manim adds the ``Group`` an ``AnimationGroup`` wraps its animated mobjects in to
        the scene, where it stays after the animation, holding mobjects already on screen a
        second time: every later frame walks them twice. Take such wrappers out again (what
        they hold that is not on screen otherwise stays, in their place)."""
        from manim import AnimationGroup, Group

        wrappers: list[Mobject] = []
        pending = list(animations)
        while pending:
            animation = pending.pop()
            if isinstance(animation, AnimationGroup):
                pending.extend(animation.animations)
                if type(animation.group) is Group and id(animation.group) not in before:
                    wrappers.append(animation.group)
        for wrapper in wrappers:
            if wrapper not in self.mobjects:
                continue
            index = self.mobjects.index(wrapper)
            self.mobjects.pop(index)
            present = {id(m) for m in self.get_mobject_family_members()}
            alone = [m for m in wrapper.submobjects if id(m) not in present]
            self.mobjects[index:index] = alone

    def update_to_time(self, t: float) -> None:
        super().update_to_time(t)
        self._report_progress()

    def _report_progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress()

    # -- data ------------------------------------------------------------------------
    @cached_property
    def trace(self) -> Trace:
        """The trace of ``model_name`` on ``sentence``, read once."""
        return trace(self.sentence, model=self.model_name)

    def trace_of(self, sentence: str, model_name: str | None = None) -> Trace:
        """Another trace (cached by the model package), e.g. for a side-by-side beat; the
        model must be ``model_name`` or one of ``extra_models``."""
        model_name = model_name or self.model_name
        if model_name not in self.models_used():
            raise ValueError(
                f"{type(self).__name__} traces model {model_name!r}, which is "
                "not declared in its extra_models"
            )
        return trace(sentence, model=model_name)

    @classmethod
    def models_used(cls) -> tuple[str, ...]:
        """Every model the scene may trace: ``model_name`` and ``extra_models``."""
        return (cls.model_name, *cls.extra_models)

    # -- beats -----------------------------------------------------------------------
    def beat(self, beat_id: str, subtitle: str | None = None) -> None:
        """Start the beat ``beat_id``: a new section and a slide boundary, with its first
        subtitle (scenes without a voice) or none (narrated scenes: subtitles come from the
        lines of their ``voiceover`` blocks). After spoken lines, a short quiet pause.
        ``beat_starts`` keeps each beat's id and the scene time it starts at."""
        known = {b.id: b for b in self.beats}
        if beat_id not in known:
            raise ValueError(f"{type(self).__name__} has no beat {beat_id!r}")
        self._close_beat()
        if self.voice_placements and self.beat_pause > 0:
            self.wait(self.beat_pause)
        if hasattr(self, "next_slide"):  # presented with manim-slides: a slide per beat
            if self.renderer.time > 0:
                self.next_slide()
        else:
            self.next_section(f"{beat_id} {known[beat_id].title}")
        self._open_beat = (known[beat_id], subtitle or "", self.time)
        self.beat_starts.append((beat_id, self.time))
        if subtitle:
            self._open_caption(subtitle)

    def say(self, subtitle: str) -> None:
        """The next subtitle within the current beat, without a voice."""
        if self._open_beat is None:
            raise RuntimeError("say() before the first beat()")
        self._close_caption()
        self._open_caption(subtitle)

    @contextmanager
    def voiceover(self, line: Line | str) -> Iterator[Clip]:
        """Speak ``line`` while the block's animations run; the block lasts exactly as long
        as the line's clip (it waits out the rest, and refuses animations that run on past
        it). The written form is the subtitle for the clip's span.

        ``with self.voiceover(Line("Scores become weights.")) as clip:
            self.play(grid.animate_column_softmax(3), run_time=clip.duration)``
        """
        if self._open_beat is None:
            raise RuntimeError("voiceover() before the first beat()")
        line = Line.of(line)
        if self._caption_open is not None:
            self._close_caption()
        measured = current_timing().measure(line.speech)
        clip = Clip(line, self.time, measured.seconds)
        if self.captions_on_screen:
            self._show_caption(line.written, clip.duration)
        yield clip
        over = self.time - clip.end
        if over > self.overrun_tolerance:
            raise NarrationOverrunError(
                f"{type(self).__name__}: animations ran {over:.2f} s past the line "
                f"{line.written!r} ({clip.duration:.2f} s): take their run time from "
                "clip.duration, or give them a line of their own"
            )
        if over < -1e-6:
            self.wait(-over)
        self.voice_placements.append(
            Placement(
                clip.start,
                clip.duration,
                line.speech,
                line.written,
                measured.source,
                measured.pauses,
            )
        )
        self._add_cues(line.written, clip.start, clip.end, measured.pauses)
        self._capture_caption_frame(line.written)

    def narrate(self, line: Line | str) -> None:
        """Speak ``line`` over the picture as it stands: a hold for as long as the line
        lasts, with its subtitle (``voiceover`` without animations)."""
        with self.voiceover(line):
            pass

    def _open_caption(self, subtitle: str) -> None:
        self._caption_open = (subtitle, self.time)
        if self.captions_on_screen:
            self._show_caption(subtitle, reading_time(subtitle))

    def _close_caption(self) -> None:
        if self._caption_open is None:
            return
        subtitle, start = self._caption_open
        self._caption_open = None
        needed = reading_time(subtitle)
        if self.time - start < needed:
            self.wait(needed - (self.time - start))
        self._add_cues(subtitle, start, self.time)
        self._capture_caption_frame(subtitle)

    def _add_cues(
        self, text: str, start: float, end: float, pauses: tuple[float, ...] = ()
    ) -> None:
        """Subtitles for ``text`` shown from ``start`` to ``end``, in cues of at most two
        lines (a long text is split, its parts sharing the span, changing where the voice
        pauses)."""
        for cue in timed_cues(text, start, end, pauses=pauses):
            self.add_subcaption(cue.text, duration=cue.duration, offset=cue.start - self.time)
            self.cues.append(cue)

    def _capture_caption_frame(self, subtitle: str) -> None:
        if self.capture_beat_frames and self._open_beat is not None:
            beat = self._open_beat[0]
            count = sum(1 for title, _ in self.caption_frames if title.startswith(beat.id + " "))
            self.caption_frames.append((f"{beat.id} ({count + 1}) {subtitle}", self._frame()))

    def _close_beat(self) -> None:
        if self._open_beat is None:
            return
        beat = self._open_beat[0]
        self._close_caption()
        if self.capture_beat_frames:
            last = self.caption_frames[-1] if self.caption_frames else None
            frame = last[1] if last and last[0].startswith(beat.id + " ") else self._frame()
            self.beat_frames.append((f"{beat.id} {beat.title}", frame))
        self._open_beat = None

    def _frame(self) -> np.ndarray:
        self.renderer.update_frame(self, ignore_skipping=True)
        return self.renderer.get_frame().copy()

    def _make_room_for_captions(self) -> None:
        """Widen the camera's view downwards by a band that holds the captions, so they never
        cover the picture (which shrinks by about a tenth)."""
        camera = self.camera
        band = current_theme().layout.caption_band
        aspect = config.frame_width / config.frame_height
        camera.frame_height = config.frame_height + band
        camera.frame_width = camera.frame_height * aspect
        camera.frame_center = np.array([0.0, -band / 2, 0.0])

    def _show_caption(self, subtitle: str, seconds: float) -> None:
        """Show ``subtitle`` in the caption band for about ``seconds``, a cue at a time (the
        same cues as the subtitle file's), each on at most two lines."""
        schedule = [
            (cue.start, cue.text) for cue in timed_cues(subtitle, self.time, self.time + seconds)
        ]
        holder = VGroup()

        def follow(group: VGroup) -> None:
            due = [text for start, text in schedule if start <= self.time + 1e-6]
            text = due[-1] if due else schedule[0][1]
            if getattr(group, "showing", None) != text:
                group.submobjects = [self._caption_lines(text)]
                group.showing = text

        follow(holder)
        holder.add_updater(follow)
        if self._caption is not None:
            self.remove_foreground_mobject(self._caption)
            self.remove(self._caption)
        self._caption = holder
        self.add_foreground_mobject(self._caption)

    @property
    def caption_shown(self) -> VGroup | None:
        """The caption on screen (``captions_on_screen``): its lines, and the cue's text as
        ``caption_shown.showing``."""
        return self._caption

    @staticmethod
    def _caption_lines(text: str) -> VGroup:
        theme = current_theme()
        lines = VGroup(
            *(flat_text(line, theme.sizes.label, theme.text) for line in two_lines(text))
        )
        lines.arrange(DOWN, buff=0.08)
        if lines.width > theme.layout.caption_width:
            lines.scale_to_fit_width(theme.layout.caption_width)
        return lines.move_to([0, -config.frame_height / 2 - theme.layout.caption_band / 2, 0])

    # -- helpers for subclasses ------------------------------------------------------
    def heading(self, text: str) -> Mobject:
        """Put ``text`` as the heading at the top (replacing the previous one), statically."""
        theme = current_theme()
        title = flat_text(text, theme.sizes.heading, bold=True).to_edge(
            UP, buff=theme.layout.heading_buff
        )
        if getattr(self, "_heading", None) is not None:
            self.remove(self._heading)
        self._heading = title
        self.add(title)
        return title

    @property
    def current_heading(self) -> Mobject | None:
        """The heading on screen, if any."""
        return getattr(self, "_heading", None)

    def clear_stage(self, run_time: float = 0.6, keep: tuple[Mobject, ...] = ()) -> None:
        """Fade out everything but the on-screen caption and ``keep``."""
        kept = {id(m) for m in keep}
        if self._caption is not None:
            kept.add(id(self._caption))
        leaving = [m for m in self.mobjects if id(m) not in kept]
        if leaving:
            self.play(*(FadeOut(m) for m in leaving), run_time=run_time)
        if getattr(self, "_heading", None) is not None and id(self._heading) not in kept:
            self._heading = None

    def open_chapter(self, line: Line | str, stage: int | None = None) -> RoadMap:
        """The road map with this chapter's stop lit (``stage``: default the chapter's,
        chapter 1 being the first stop) while ``line`` is spoken; it stays on screen, returned,
        for the scene to clear or build on."""
        road = chapter_road_map()
        if stage is None:
            stage = (self.chapter.number if self.chapter else 1) - 1
        with self.voiceover(line) as clip:
            # the stop lit as the chapter is named, then held while the line ends
            arrive = min(0.6, clip.duration / 4)
            self.play(FadeIn(road), run_time=arrive)
            self.play(road.animate_focus(stage), run_time=min(1.2, clip.duration - arrive))
        return road

    def play_during(
        self,
        clip: Clip,
        *animations: Any,
        start: float = 0.0,
        end: float = 1.0,
        **kwargs: Any,
    ) -> None:
        """Play ``animations`` over a part of ``clip``: from the fraction ``start`` of the line
        (waiting until then, so motion begins once the words announcing it are spoken) to the
        fraction ``end``. Calls follow one another within a ``voiceover`` block:

        ``with self.voiceover(line) as clip:
            self.play_during(clip, FadeIn(grid), end=0.4)
            self.play_during(clip, grid.animate_values(new), start=0.5)``
        """
        if not 0.0 <= start < end <= 1.0:
            raise ValueError("need 0 <= start < end <= 1")
        begin = clip.start + start * clip.duration
        if self.time < begin - 1e-6:
            self.wait(begin - self.time)
        run_time = clip.start + end * clip.duration - self.time
        if run_time < 0.05:
            raise ValueError(
                f"no time left in the line {clip.line.written!r} for these animations "
                f"(ends at {end:.2f} of it, {self.time - clip.start:.2f} s already used)"
            )
        self.play(*animations, run_time=run_time, **kwargs)
