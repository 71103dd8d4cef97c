"""The studio's web application: the page, its data, renders and their events.

Routes: ``/`` (the page) and ``/static/`` (its script and style), ``/api/catalogue``,
``/api/check`` (why a sentence cannot be shown, before any render), ``/api/answer`` (the
model's answer and the labeller's verdict), ``/api/render`` (POST), ``/events`` (the render
events, as Server-Sent Events) and ``/files/`` (files under the output folder, and nothing
else)::

    app = studio_app(Studio(Path("media"), timeout=120.0))
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.request import checked_request
from derived_transformer.rendering.studio.catalogue import (
    DEFAULT_QUALITY,
    model_answer,
    scene_catalogue,
)
from derived_transformer.rendering.studio.files import file_inside
from derived_transformer.rendering.studio.renders import Event, Renders, Wanted
from derived_transformer.rendering.studio.watch import watch_sources, watched_folders

STATIC = Path(__file__).resolve().parent / "static"
KEEP_ALIVE = 1.0
"""Seconds between two checks of an idle event stream (a comment line keeps it open, and
a stopping server ends it)."""


class Studio:
    """A studio's state: its output folder, its renders and the pages listening."""

    def __init__(self, out: Path, timeout: float) -> None:
        self.out = out
        self.listeners: set[asyncio.Queue[Event]] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping = False
        self.renders = Renders(out, timeout, self.publish)

    def publish(self, event: Event) -> None:
        """Send ``event`` to every page listening (from any thread)."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        for queue in list(self.listeners):
            loop.call_soon_threadsafe(queue.put_nowait, event)

    def shut_down(self) -> None:
        """Stop the event streams and tell every render to stop (at once, from a signal)."""
        self.stopping = True
        self.renders.cancel_all()


def bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


def wanted_of(fields: Any) -> Wanted:
    """The render a request's fields ask for, validated as the command line validates its
    arguments; raises :class:`DerivedTransformerError` with the one line to show."""
    if not isinstance(fields, dict):
        raise DerivedTransformerError("the request is not a JSON object")
    scene, sentence = fields.get("scene"), fields.get("sentence")
    quality = fields.get("quality", DEFAULT_QUALITY)
    if not isinstance(scene, str) or not scene:
        raise DerivedTransformerError("no scene given (see the list)")
    if sentence is not None and not isinstance(sentence, str):
        raise DerivedTransformerError("the sentence must be text")
    if not isinstance(quality, str):
        raise DerivedTransformerError("the quality must be text")
    return Wanted(*checked_request(scene, sentence, quality))


def studio_app(studio: Studio, watch: bool = True) -> Starlette:
    """The application serving ``studio`` (``watch``: re-render on file changes)."""

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html")

    async def catalogue(request: Request) -> Response:
        return JSONResponse(scene_catalogue())

    async def check(request: Request) -> Response:
        try:
            wanted = wanted_of(dict(request.query_params))
        except DerivedTransformerError as exc:
            return JSONResponse({"ok": False, "error": str(exc)})
        return JSONResponse({"ok": True, "sentence": wanted.settings.sentence})

    async def answer(request: Request) -> Response:
        try:
            wanted = wanted_of(dict(request.query_params))
            found = await asyncio.to_thread(model_answer, wanted.scene, wanted.settings.sentence)
        except DerivedTransformerError as exc:
            return bad_request(str(exc))
        return JSONResponse(found)

    async def render(request: Request) -> Response:
        try:
            fields = await request.json()
        except ValueError:
            return bad_request("the request is not JSON")
        try:
            wanted = wanted_of(fields)
        except DerivedTransformerError as exc:
            return bad_request(str(exc))
        events = await asyncio.to_thread(studio.renders.request, wanted)
        return JSONResponse({"events": events})

    async def events(request: Request) -> Response:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        studio.listeners.add(queue)

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 1000\n\n"
                while not studio.stopping:
                    try:
                        event = await asyncio.wait_for(queue.get(), KEEP_ALIVE)
                    except TimeoutError:
                        yield ": waiting\n\n"
                        continue
                    yield f"data: {json.dumps(event)}\n\n"
            finally:
                studio.listeners.discard(queue)

        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    async def files(request: Request) -> Response:
        found = file_inside(studio.out, request.path_params["path"])
        if found is None:
            return JSONResponse({"error": "no such file in the studio's folder"}, 404)
        return FileResponse(found)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        studio.loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        watcher = None
        if watch:

            async def changed() -> None:
                await asyncio.to_thread(studio.renders.source_changed)

            folders = watched_folders(studio.renders.tree())
            watcher = asyncio.create_task(watch_sources(folders, changed, stop))
        try:
            yield
        finally:
            stop.set()
            studio.shut_down()
            if watcher is not None:
                await watcher
            await asyncio.to_thread(studio.renders.stop)

    routes = [
        Route("/", page),
        Route("/api/catalogue", catalogue),
        Route("/api/check", check),
        Route("/api/answer", answer),
        Route("/api/render", render, methods=["POST"]),
        Route("/events", events),
        Route("/files/{path:path}", files),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
