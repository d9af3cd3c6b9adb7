"""W1 from an asyncio app: concurrent writers, and how long the event loop is kept waiting.

    python benchmarks/async_writes.py                       # PostgreSQL at $KIMCORE_BENCH_POSTGRES
    python benchmarks/async_writes.py --groups 96 --writers 48

Each writer task records W1 for its groups (a GroupFormed, then nine MemberJoined, each through
the command handler); *writers* tasks run at once on one loop, beside a ticker that sleeps 5 ms
at a time and notes how late it wakes. Five sides do the same work in one run, each on a fresh
schema, the order rotating per repeat:

- ``kimcore-async``: `AsyncApplication` on `AsyncPostgresStore` (psycopg's async pool);
- ``kimcore-threads``: `Application` on `PostgresStore`, each call in ``asyncio.to_thread``
  (what an async app does without an async API);
- ``kimcore-blocking``: `Application` called from the coroutines as it is (the loop waits);
- ``peer``: `eventsourcing` 9.5 on its PostgreSQL module, through ``asyncio.to_thread`` (it has
  no async API);
- ``raw``: psycopg's ``AsyncConnectionPool``, each event one transaction reading the stream's
  version and inserting the row (orjson, no sealing): the physical limit.

Printed: events per second, the ticker's worst and 99th-percentile lateness (ms), and
kimcore-async's rate over the peer's and the raw side's. Medians of --repeat runs (a shared VM's
rates drift).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from importlib import metadata
from pathlib import Path
from statistics import median, quantiles

import orjson
import psycopg
from psycopg_pool import AsyncConnectionPool

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer_eventsourcing
import workloads as w

import kimcore as k

POSTGRES = os.environ.get("KIMCORE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
SIDES = ("kimcore-async", "kimcore-threads", "kimcore-blocking", "peer", "raw")
TICK = 0.005
_CODEC = k.events.Codec()

Write = Callable[[int], Awaitable[int]]  # one group's W1; returns its events


class Ticker:
    """Sleeps *TICK* at a time on the loop; notes each wake-up's lateness."""

    def __init__(self) -> None:
        self.late: list[float] = []

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(TICK)
            self.late.append(loop.time() - start - TICK)


async def _measure(write: Write, groups: int, writers: int) -> dict[str, float]:
    ticker = Ticker()
    ticking = asyncio.create_task(ticker.run())
    await asyncio.sleep(TICK * 2)
    ticker.late.clear()

    async def writer(n: int) -> int:
        return sum([await write(g) for g in range(n, groups, writers)])

    start = time.perf_counter()
    events = sum(await asyncio.gather(*(writer(n) for n in range(writers))))
    elapsed = time.perf_counter() - start
    await asyncio.sleep(TICK * 2)  # the tick due during the last write, noted
    ticking.cancel()
    late = sorted(ticker.late) or [0.0]
    p99 = quantiles(late, n=100, method="inclusive")[98] if len(late) >= 2 else late[-1]
    return {"rate": events / elapsed, "worst_ms": late[-1] * 1000, "p99_ms": p99 * 1000}


async def _kimcore_async(url: str, groups: int, writers: int) -> dict[str, float]:
    async with await k.open_async_store(url) as store:
        app = k.AsyncApplication(store, policy=w.POLICY)

        async def write(g: int) -> int:
            for command in w.commands(g):
                await app.handle(command)
            return 10

        return await _measure(write, groups, writers)


async def _kimcore_sync(url: str, groups: int, writers: int, *, threads: bool) -> dict[str, float]:
    store = k.open_store(url)
    app = k.Application(store, policy=w.POLICY)

    def record(g: int) -> int:
        for command in w.commands(g):
            app.handle(command)
        return 10

    async def write(g: int) -> int:
        return await asyncio.to_thread(record, g) if threads else record(g)

    try:
        return await _measure(write, groups, writers)
    finally:
        store.close()


async def _peer(url: str, groups: int, writers: int) -> dict[str, float]:
    app = peer_eventsourcing._open(url)

    def record(g: int) -> int:
        app.form(g)
        for n in range(1, 10):
            app.join(g, n)
        return 10

    async def write(g: int) -> int:
        return await asyncio.to_thread(record, g)

    try:
        return await _measure(write, groups, writers)
    finally:
        app.close()


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {schema}.raw_events (position bigserial PRIMARY KEY,"
    " stream_id text NOT NULL, stream_version integer NOT NULL, event_id uuid NOT NULL UNIQUE,"
    " event_type text NOT NULL, schema_version integer NOT NULL, data bytea NOT NULL,"
    " metadata bytea NOT NULL, recorded_at timestamptz NOT NULL,"
    " UNIQUE (stream_id, stream_version))"
)


async def _raw(url: str, groups: int, writers: int) -> dict[str, float]:
    base, _, query = url.partition("?")
    schema = dict(p.split("=") for p in query.split("&") if p)["schema"]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        conn.execute(_SCHEMA.format(schema=f'"{schema}"'))
    version = (
        f'SELECT coalesce(max(stream_version), 0) FROM "{schema}".raw_events WHERE stream_id = %s'
    )
    insert = (
        f'INSERT INTO "{schema}".raw_events (stream_id, stream_version, event_id, event_type,'
        " schema_version, data, metadata, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    async with AsyncConnectionPool(base, min_size=1, max_size=8, open=False) as pool:

        async def write(g: int) -> int:
            stream = f"group-{w.group_id(g)}"
            for event in w.group_events(g):
                async with pool.connection() as conn, conn.transaction():
                    row = await (await conn.execute(version, (stream,))).fetchone()
                    assert row is not None
                    await conn.execute(
                        insert,
                        (
                            stream,
                            row[0] + 1,
                            uuid.uuid4(),
                            event.event_name,
                            1,
                            orjson.dumps(_CODEC.to_data(event)),
                            orjson.dumps({"c": str(uuid.uuid4())}),
                            dt.datetime.now(dt.UTC),
                        ),
                    )
            return 10

        return await _measure(write, groups, writers)


def _side(side: str, url: str, groups: int, writers: int) -> dict[str, float]:
    runs: dict[str, Callable[[], Awaitable[dict[str, float]]]] = {
        "kimcore-async": lambda: _kimcore_async(url, groups, writers),
        "kimcore-threads": lambda: _kimcore_sync(url, groups, writers, threads=True),
        "kimcore-blocking": lambda: _kimcore_sync(url, groups, writers, threads=False),
        "peer": lambda: _peer(url, groups, writers),
        "raw": lambda: _raw(url, groups, writers),
    }
    return asyncio.run(runs[side]())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=96)
    parser.add_argument("--writers", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
    schemas: list[str] = []
    for rep in range(args.repeat):
        order = SIDES[rep % len(SIDES) :] + SIDES[: rep % len(SIDES)]
        for side in order:
            schema = f"bench_async_{uuid.uuid4().hex[:10]}"
            schemas.append(schema)
            results[side].append(
                _side(side, f"{POSTGRES}?schema={schema}", args.groups, args.writers)
            )
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    print(
        f"W1 from asyncio, PostgreSQL: {args.groups} groups, {args.writers} writers at once,"
        f" {args.repeat} runs (medians); Python {platform.python_version()},"
        f" kimcore {k.__version__}, eventsourcing {metadata.version('eventsourcing')},"
        f" psycopg {metadata.version('psycopg')}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'side':<18}{'events/s':>10}{'worst ms':>10}{'p99 ms':>10}")
    med = {
        side: {key: median(r[key] for r in runs) for key in runs[0]}
        for side, runs in results.items()
    }
    for side in SIDES:
        m = med[side]
        print(f"{side:<18}{m['rate']:>10.0f}{m['worst_ms']:>10.1f}{m['p99_ms']:>10.1f}")
    async_rate = med["kimcore-async"]["rate"]
    print(
        f"kimcore-async / peer {async_rate / med['peer']['rate']:.2f},"
        f" / raw {async_rate / med['raw']['rate']:.2f},"
        f" / kimcore-threads {async_rate / med['kimcore-threads']['rate']:.2f}"
    )


if __name__ == "__main__":
    main()
