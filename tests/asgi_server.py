"""An ASGI app on uvicorn in a thread of the test's process, its lifespan run as a server runs it.

For the apps a test builds itself (a host mounting kimcore, a service with CORS):
``kimcore serve`` in a process of its own is ``tests.web_server.serving``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.types import ASGIApp
from tests.web_server import free_port


@contextmanager
def served(app: ASGIApp) -> Iterator[httpx.Client]:
    """*app* on 127.0.0.1 until the block ends; a client whose base URL is it."""
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=free_port(),
            log_config=None,
            lifespan="auto",
            timeout_graceful_shutdown=3,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn never started"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.config.port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(30)
