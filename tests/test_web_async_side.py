"""The service's async side opens one async store per event loop, however many requests race."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from tests.builders import form

import kimcore as k
import kimcore.web.aio as aio
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.web.aio import AsyncSide


def test_concurrent_first_writes_open_one_store_and_close_it(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[AsyncEventStore] = []
    closed: list[AsyncEventStore] = []
    real_open = aio.open_async_beside

    async def counting_open(store: k.EventStore) -> AsyncEventStore:
        # Opening yields to the loop, as a pool connecting to PostgreSQL does: the requests
        # arriving meanwhile are the ones that each opened a store of their own.
        await asyncio.sleep(0.02)
        made = await real_open(store)
        opened.append(made)
        real_close = made.aclose

        async def counting_close() -> None:
            closed.append(made)
            await real_close()

        made.aclose = counting_close  # type: ignore[method-assign]
        return made

    monkeypatch.setattr(aio, "open_async_beside", counting_open)
    with k.open_store(url) as store:
        side = AsyncSide(k.Application(store))

        async def writes() -> list[Any]:
            async def one() -> Any:
                app = await side.app()
                return await app.handle(form(group_id=uuid.uuid4()))

            try:
                return list(await asyncio.gather(*(one() for _ in range(20))))
            finally:
                await side.close()

        recorded = asyncio.run(writes())
    assert all(r.new for r in recorded)
    assert len(opened) == 1
    assert closed == opened
