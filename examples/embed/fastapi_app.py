"""kimcore inside a FastAPI app, under ``/kim``: the portal's own routes beside it.

    KIMCORE_STORE=sqlite:///kim.db uvicorn --factory examples.embed.fastapi_app:create

The host's lifespan enters ``kimcore.web.lifespan(kim)``: FastAPI, like Starlette, does not
run a mounted app's lifespan, so this is what starts kimcore's read models and closes its store
when the portal stops. Every kimcore route answers under the prefix: ``/kim/api/kims``,
``/kim/docs``, ``/kim/openapi.json``; the office's page at ``/kim/`` links within it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI

import kimcore
import kimcore.web


def build(store_url: str, *, cors: tuple[str, ...] = ()) -> FastAPI:
    """The portal's app with kimcore's service over *store_url* mounted at ``/kim``."""
    kim = kimcore.web.create_app(kimcore.open_store(store_url), cors=cors)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with kimcore.web.lifespan(kim):
            yield

    app = FastAPI(title="Portal", lifespan=lifespan)

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        """The portal's own route, beside kimcore's."""
        return {"portal": "hello", "kim": "/kim/api"}

    app.mount("/kim", kim)
    return app


def create() -> FastAPI:
    """The app for ``uvicorn --factory``: the store named by ``KIMCORE_STORE``."""
    return build(os.environ.get("KIMCORE_STORE", "sqlite:///kim.db"))
