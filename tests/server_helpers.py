"""Run the real conflictkg server (uvicorn) in a thread on a free loopback port, for tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from conflictkg.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
W3C = SHARED / "w3c-rdf-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # not in the main thread
        pass


@contextlib.contextmanager
def serve_in_thread(settings: Settings) -> Iterator[str]:
    """Start create_app(settings) under uvicorn; yield its base URL (no trailing slash)."""
    from conflictkg.server.app import create_app

    app = create_app(settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = ThreadedServer(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
