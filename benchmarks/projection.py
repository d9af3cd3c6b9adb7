"""Read models at scale: rebuild rate, `kimcore serve` ready time, reports as of any moment.

    python benchmarks/projection.py sqlite:///nation.db
    python benchmarks/projection.py 'postgresql://postgres@127.0.0.1/kim?schema=nation'
    python benchmarks/projection.py URL --sides one-pass,raw --skip serve
    python benchmarks/projection.py sqlite:///n.db --sides one-pass,raw-write --skip serve,reports

On a store that already holds a large log (``kimcore dataset --kims 100000``), in one run:

- **rebuild**, every read model the service keeps, from zero: kimcore's one pass
  (`OnePassProjector`); the plain way, one `Projector` per read model each reading and decoding
  the whole log (what every read model did before, and what a library running one projection per
  runner, as eventsourcing 9.5's `ProjectionRunner` does, pays); and the raw driver reading the
  log's pages and parsing each payload the models handle with ``orjson`` (the floor: no typed
  event, no table written); and ``raw-write``, the raw driver inserting the rows the one pass
  wrote (read back, shuffled, ``executemany`` a page at a time, indexes at the end: the floor
  of the writes). Events/s over the whole log, wall and per CPU second, and the ratios.
- **serve**: ``kimcore serve`` started on the store with every read model emptied: the time
  until ``GET /api`` answers, until every read model is at the head, and the latency of
  ``GET /api/kims?limit=20`` while they catch up.
- **reports**: each report at regency level now, as of the log's middle position and as of a
  day, counted from the facts in SQL (`tally_report`); and the replay (`build_report`) of one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import orjson

import kimcore as k
from kimcore.adapters.beside import models_beside, own_connection
from kimcore.cli.common import read_models
from kimcore.domain.views.reports import REPORTS
from kimcore.projections import OnePassProjector, Projector, handled_types
from kimcore.reporting import build_report, tally_report

_EVERY = 10**15


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _cpu() -> float:
    """This process's CPU seconds (user and system): on a shared machine, the fair measure."""
    return time.process_time()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rebuild_one_pass(url: str) -> float:
    store = k.open_store(url)
    models = own_connection(models_beside(store))
    one_pass = OnePassProjector(store, read_models(), models, codec=k.get_plugins().codec())
    took, _ = _timed(one_pass.rebuild)
    models.close()
    store.close()
    return took


def rebuild_per_model(url: str) -> float:
    store = k.open_store(url)
    models = own_connection(models_beside(store))
    codec = k.get_plugins().codec()

    def every() -> None:
        for model in read_models():
            Projector(store, model, models, codec=codec, page_size=1000).rebuild()

    took, _ = _timed(every)
    models.close()
    store.close()
    return took


def read_raw(url: str) -> float:
    """Every page of the log, and ``orjson.loads`` of each payload a read model handles."""
    names: set[str] = set()
    for model in read_models():
        handled = handled_types(model)
        names |= handled or set()
    store = k.open_store(url)
    started = time.perf_counter()
    if isinstance(store, k.SqliteStore):
        conn = sqlite3.connect(store.path)
        after = 0
        while rows := conn.execute(
            "SELECT position, event_type, data FROM kimcore_events WHERE position > ?"
            " ORDER BY position LIMIT 1000",
            (after,),
        ).fetchall():
            for _position, kind, data in rows:
                if kind in names:
                    orjson.loads(data)
            after = rows[-1][0]
        conn.close()
    else:
        import psycopg  # noqa: PLC0415 - only for a PostgreSQL store

        schema = store.schema  # type: ignore[attr-defined]
        with psycopg.connect(store.conninfo) as conn:  # type: ignore[attr-defined]
            after = 0
            while rows := conn.execute(
                f'SELECT position, event_type, data FROM "{schema}".kimcore_events'
                " WHERE position > %s ORDER BY position LIMIT 1000",
                (after,),
                binary=True,
            ).fetchall():
                for _position, kind, data in rows:
                    if kind in names:
                        orjson.loads(data)
                after = rows[-1][0]
    took = time.perf_counter() - started
    store.close()
    return took


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(url: str, *, empty: bool, most: float | None) -> dict[str, float]:
    """Start ``kimcore serve`` (every read model emptied first, if *empty*) and time it.

    Reads go on while the read models catch up, for at most *most* seconds.
    """
    store = k.open_store(url)
    models = models_beside(store)
    if empty:
        for model in read_models():
            models.reset(model.name, model.version, model.tables)
    models.close()
    store.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kimcore", "--store", url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                httpx.get(f"{base}/api", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.02)
        ready = time.perf_counter() - started
        latencies = []
        behind = []
        while True:
            took, answer = _timed(lambda: httpx.get(f"{base}/api/kims?limit=20", timeout=30))
            latencies.append(took)
            health = httpx.get(f"{base}/api", timeout=30).json()["health"]
            behind.append(max(m["behind"] for m in health["read_models"]))
            if answer.headers["Kimcore-Behind"] == "0" and behind[-1] == 0:
                break
            if most is not None and time.perf_counter() - started > most:
                break
            time.sleep(0.2)
        caught_up = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(30)
    return {
        "ready_s": ready,
        "caught_up_s" if behind[-1] == 0 else "still_behind_after_s": caught_up,
        "behind_at_the_end": behind[-1],
        "kims_p50_ms": statistics.median(latencies) * 1000,
        "kims_max_ms": max(latencies) * 1000,
        "reads_while_catching_up": len(latencies),
    }


def reports(url: str) -> dict[str, float]:
    store = k.open_store(url)
    models = models_beside(store)
    head = store.head_position()
    log = store.read_all(0, 1)
    middle = (log[0].position + head) // 2 if log else 0
    middle_event = store.read_all(middle - 1, 1)
    day = middle_event[0].recorded_at.date() if middle_event else dt.date.today()
    found: dict[str, float] = {}
    for name in REPORTS:
        for label, at in (("now", None), ("position", middle), ("day", day)):
            started = time.perf_counter()
            tally_report(models, name, level="regency", as_of=at)
            found[f"{name}@{label}_s"] = time.perf_counter() - started
    took, _ = _timed(lambda: build_report(store, "kims", level="regency", as_of=middle))
    found["replay kims@position_s"] = took
    models.close()
    store.close()
    return found


def _versions() -> str:
    names = ("attrs", "cattrs", "orjson", "msgspec", "psycopg", "uvicorn", "starlette")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return ", ".join(found)


def write_raw(url: str) -> float:
    """The raw driver writing the rows the read models hold (the floor of a rebuild's writes).

    The rows are read back from the tables the one-pass side rebuilt, shuffled (a log
    reaches keys in no order), and inserted with ``executemany`` into empty tables of the
    same schema in a file of their own, in one transaction per 1,000 events' share of them,
    the indexes made at the end: no event read, no Python per row but the driver's.
    """
    import random  # noqa: PLC0415 - this side only

    store = k.open_store(url)
    if not isinstance(store, k.SqliteStore):
        store.close()
        raise SystemExit("the raw-write side is for a SQLite store")
    names = [t.name for model in read_models() for t in model.tables]
    source = sqlite3.connect(store.path)
    store.close()
    schema: list[str] = []
    late: list[str] = []
    data: dict[str, list[Any]] = {}
    for name in names:
        found = source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,))
        (table,) = found.fetchone()
        schema.append(table)
        late += [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                " AND sql IS NOT NULL",
                (name,),
            )
        ]
        data[name] = source.execute(f'SELECT * FROM "{name}"').fetchall()
        random.Random(1).shuffle(data[name])
    events = source.execute("SELECT count(*) FROM kimcore_events").fetchone()[0]
    source.close()
    target = Path(store.path).with_suffix(".raw-write.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")  # as SqliteModels
    for statement in schema:
        conn.execute(statement)
    pages = max(1, events // 1000)
    started = time.perf_counter()
    for page in range(pages):
        conn.execute("BEGIN IMMEDIATE")
        for name, rows in data.items():
            share = rows[page * len(rows) // pages : (page + 1) * len(rows) // pages]
            if share:
                marks = ", ".join("?" * len(share[0]))
                conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', share)
        conn.execute("COMMIT")
    for statement in late:
        conn.execute(statement)
    took = time.perf_counter() - started
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--sides", default="one-pass,per-model,raw")
    parser.add_argument("--skip", default="", help="comma-separated: rebuild, serve, reports")
    parser.add_argument(
        "--serve-empty", action="store_true", help="Empty every read model before serving."
    )
    parser.add_argument(
        "--serve-most", type=float, help="Stop watching the catch-up after this many seconds."
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    store = k.open_store(args.url)
    events = store.count_after(0, _EVERY)
    store.close()
    print(
        f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, kimcore {k.__version__}; {_versions()}"
    )
    print(f"store {args.url.split('?')[0]}: {events:,} events")
    if "rebuild" not in skip:
        sides = args.sides.split(",")
        rates: dict[str, float] = {}
        per_cpu: dict[str, float] = {}
        work = {
            "one-pass": rebuild_one_pass,
            "per-model": rebuild_per_model,
            "raw": read_raw,
            "raw-write": write_raw,  # after one-pass: it writes the rows that side made
        }
        for side in sides:
            cpu = _cpu()
            took = work[side](args.url)
            cpu = _cpu() - cpu
            rates[side], per_cpu[side] = events / took, events / max(cpu, 1e-9)
            print(
                f"rebuild {side:>9}: {took:8.1f} s  {rates[side]:>10,.0f} events/s"
                f"  {cpu:7.1f} s CPU  {per_cpu[side]:>10,.0f} events/CPU s"
                f"  (load {os.getloadavg()[0]:.1f})"
            )
        if "one-pass" in rates:
            for other in ("per-model", "raw", "raw-write"):
                if other in rates:
                    print(
                        f"  one-pass/{other}: {rates['one-pass'] / rates[other]:.2f} wall,"
                        f" {per_cpu['one-pass'] / per_cpu[other]:.2f} CPU"
                    )
        print(f"  peak RSS of this process: {_rss_mb():.0f} MB")
    if "serve" not in skip:
        for key, value in serve(args.url, empty=args.serve_empty, most=args.serve_most).items():
            print(f"serve {key}: {value:,.3f}")
    if "reports" not in skip:
        for key, value in reports(args.url).items():
            print(f"report {key}: {value:.3f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
