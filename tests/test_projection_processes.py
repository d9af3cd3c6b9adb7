"""A projection process killed mid-run and restarted ends where an uninterrupted run does."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.services import require_postgres

import kimcore as k
from kimcore.domain.views import GROUPS, MEMBERS, GroupRegistry
from kimcore.projections import MemoryModels, PostgresModels, Projector, SqliteModels

PROJECTOR = textwrap.dedent(
    """
    import sys
    import kimcore as k
    from kimcore.projections import PostgresModels, Projector, SqliteModels
    from kimcore.domain.views import GroupRegistry
    url, kind, where = sys.argv[1:4]
    store = k.open_store(url)
    base = url.split("?")[0]
    models = SqliteModels(where) if kind == "sqlite" else PostgresModels(base, schema=where)
    print("running", flush=True)
    Projector(store, GroupRegistry(), models, page_size=25).run()
    print("done", flush=True)
    """
)
GROUPS_WRITTEN = 800


def _history(store: k.EventStore) -> None:
    """Groups of ten members (formed by three, seven join), one append per group."""
    app = k.Application(store)
    seat = k.Seat(
        region=k.Region(code="62.71.01.1002", name="Langkai"),
        settlement=k.Settlement.URBAN_WARD,
        area=k.Area.URBAN,
    )
    for g in range(GROUPS_WRITTEN):
        group_id = uuid.UUID(int=g + 1)
        members = [
            k.MemberDetails(
                member_id=uuid.UUID(int=(g + 1) << 16 | n),
                name=f"Warga {g}-{n}",
                category=k.MemberCategory.FARMER,
            )
            for n in range(10)
        ]
        events: list[k.Event] = [
            k.events.GroupFormed(
                group_id=group_id,
                name=f"KIM {g}",
                seat=seat,
                founders=tuple(members[:3]),
                channels=(),
                bounds=k.values.MembershipBounds(),
                formed_on=dt.date(2024, 1, 1),
            ),
            *(
                k.events.MemberJoined(group_id=group_id, member=m, joined_on=dt.date(2024, 2, 1))
                for m in members[3:]
            ),
        ]
        store.append(f"group-{group_id}", app.encode(events), k.stores.NO_STREAM)


@pytest.fixture(params=["sqlite", "postgres"])
def placed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """``(store url, model store kind, where its tables go)``: beside the events."""
    if request.param == "sqlite":
        path = tmp_path / "kim.db"
        yield f"sqlite:///{path}", "sqlite", str(path)  # the read model in the event store's file
        return
    base = require_postgres()
    schema = f"kim_test_{uuid.uuid4().hex[:12]}"
    yield f"{base}?schema={schema}", "postgres", f"{schema}_models"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}_models" CASCADE')


def _models(url: str, kind: str, where: str) -> SqliteModels | PostgresModels:
    return (
        SqliteModels(where) if kind == "sqlite" else PostgresModels(url.split("?")[0], schema=where)
    )


def test_a_killed_projection_resumes_without_loss_or_double_count(
    placed: tuple[str, str, str],
) -> None:
    url, kind, where = placed
    store = k.open_store(url)
    _history(store)
    head = store.head_position()
    models = _models(url, kind, where)
    registry = GroupRegistry()

    proc = subprocess.Popen(
        [sys.executable, "-c", PROJECTOR, url, kind, where], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "running"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if models.checkpoint(registry.name) > 0:
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    reached = models.checkpoint(registry.name)
    assert 0 < reached < head, "the kill must land mid-run"

    # Restarted (here, in this process): it resumes from the last committed page.
    remaining = len(store.read_all(reached, GROUPS_WRITTEN * 8))
    assert Projector(store, registry, models, page_size=25).run() == remaining
    uninterrupted = MemoryModels()
    Projector(store, GroupRegistry(), uninterrupted).run()
    for table in (GROUPS, MEMBERS):
        assert models.rows(table) == uninterrupted.rows(table)
    assert sum(r["member_count"] for r in models.rows(GROUPS)) == GROUPS_WRITTEN * 10
    models.close()
    store.close()
