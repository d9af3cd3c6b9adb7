"""The plugin's read model and route, as ``kimcore serve`` picks them up through the hooks."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from csr_builders import open_for
from kimcore_csr import (
    PROGRAMMES,
    CloseCsrProgramme,
    CsrProgrammes,
    DisburseCsrFunds,
)

import kimcore as k
from kimcore.demo import run_story
from kimcore.plugins import get_plugins
from kimcore.projections import MemoryModels, Projector
from kimcore.web.app import create_app

D = dt.date


def _record(app: k.Application) -> tuple[uuid.UUID, uuid.UUID]:
    group_id, _ = run_story(app)
    kim = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    first, second = uuid.UUID(int=1), uuid.UUID(int=2)
    app.handle(open_for(kim, first))
    app.handle(open_for(kim, second, budget=50_000_000))
    app.handle(
        DisburseCsrFunds(
            programme_id=first, amount_idr=40_000_000, tranche="I", disbursed_on=D(2024, 11, 1)
        )
    )
    app.handle(CloseCsrProgramme(programme_id=second, reason="selesai", closed_on=D(2025, 1, 2)))
    return first, second


def test_the_read_model_is_registered_and_follows_the_programmes() -> None:
    assert "csr_programmes" in {m.name for m in get_plugins().read_models()}
    app = k.Application(k.MemoryStore())
    first, second = _record(app)
    models = MemoryModels()
    Projector(app.store, CsrProgrammes(), models).run()
    rows = {r["programme_id"]: r for r in models.rows(PROGRAMMES)}
    assert (rows[str(first)]["disbursed_idr"], rows[str(first)]["tranches"]) == (40_000_000, 1)
    assert (rows[str(second)]["status"], rows[str(second)]["closed_on"]) == ("closed", "2025-01-02")


def _served(url: str, paths: list[str]) -> list[Any]:
    """What the service over *url* answers on *paths*, once every read model is current."""
    service_app = create_app(k.open_store(url))

    async def ask() -> list[Any]:
        async with service_app.router.lifespan_context(service_app):
            service = service_app.state.service
            head = service.store.head_position()
            deadline = time.monotonic() + 30
            while service.checkpoint(PROGRAMMES.name) < head:
                assert time.monotonic() < deadline, "csr_programmes never caught up"
                await asyncio.sleep(0.05)
            transport = httpx.ASGITransport(app=service_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://kim") as client:
                return [(await client.get(path)).json() for path in paths]

    return asyncio.run(ask())


def test_the_service_serves_the_table_and_the_route(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    with k.open_store(url) as store:
        _record(k.Application(store))
    table, open_only, every = _served(
        url,
        [
            "/api/models/csr_programmes?status=open",
            "/api/csr/totals?status=open",
            "/api/csr/totals",
        ],
    )
    assert [r["programme_id"] for r in table["rows"]] == [str(uuid.UUID(int=1))]
    assert open_only["companies"] == [
        {
            "company": "PT Sawit Makmur",
            "programmes": 1,
            "budget_idr": 100_000_000,
            "disbursed_idr": 40_000_000,
        }
    ]
    assert every["companies"][0]["programmes"] == 2
    assert every["behind"] == 0
