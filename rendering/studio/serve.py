"""Running the studio: a server on a local address (a free port unless one is given), the
address printed, the browser opened, and Ctrl-C stopping the server and its renders.

``serve(Path("media"), "127.0.0.1", 0, 120.0, open_browser=False, announce=print)``
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import uvicorn

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.studio.server import Studio, studio_app

GRACE = 2.0
"""Seconds open connections (the pages' event streams) have to close when stopping."""


class ListenError(DerivedTransformerError):
    """The studio cannot listen on the address asked for."""


class StudioServer(uvicorn.Server):
    """Uvicorn's server, which also tells the studio's renders to stop as soon as a signal
    (Ctrl-C, SIGTERM) arrives."""

    def __init__(self, config: uvicorn.Config, studio: Studio) -> None:
        super().__init__(config)
        self.studio = studio

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.studio.shut_down()
        super().handle_exit(sig, frame)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    sock.listen(64)
    return sock


def address_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    out: Path,
    host: str,
    port: int,
    timeout: float,
    open_browser: bool,
    announce: Callable[[str], None],
) -> None:
    """Serve the studio for ``out`` until interrupted; ``announce`` gets its address."""
    sock = listening_socket(host, port)
    studio = Studio(out, timeout)
    config = uvicorn.Config(
        studio_app(studio), log_level="warning", timeout_graceful_shutdown=GRACE
    )
    server = StudioServer(config, studio)
    url = address_of(sock)
    announce(f"studio: {url} (Ctrl-C stops it)")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
