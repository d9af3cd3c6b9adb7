"""The nation's scale: a data set of N KIMs, served, read and rebuilt, beside datasette and SQL.

    python benchmarks/scale.py --kims 100000            # the data set is made once, then reused
    python benchmarks/scale.py --kims 2000 --requests 30 --readers 50   # a quick look
    python benchmarks/scale.py --db nation.db --skip dataset,rebuild

In one run, on SQLite:

- **dataset**: ``kimcore demo --kims N --years Y`` (recorded through the deciders, sealed, and its
  read models projected), wall and CPU time, events/s;
- **rebuild**: ``kimcore project rebuild --all``, every portal model together, events/s;
- **serve**: ``kimcore serve`` started on the data set: the time until ``GET /api`` answers, and
  until every read model is at the head; then p50 and p99 of the documented read routes (KIMs by
  region, a member page, a KIM with its timeline, a live report, a report as of the last day
  recorded and as of the log's middle position), each
  beside **datasette** serving the same file with the same filters (its count included, facet
  suggestions off) and the **raw SQL** of the same rows and count (``sqlite3``, in this process),
  with the ratios (each side's requests run once untimed first, so every side reads pages the
  others have already brought into the cache); the server's peak RSS;
- **live** (``benchmarks/live_readers.py``): HTTP writes with ``--readers`` clients on
  ``GET /api/log/stream`` against none; writes/s, the ratio, the server's CPU per write, and
  whether every reader got every event.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
from live_readers import _answers, _free_port, _kimcore, _process, live

import kimcore as k


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _events(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM kimcore_events").fetchone()[0])


def dataset(db: Path, kims: int, years: int) -> None:
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        _kimcore(
            "demo", "--db", str(db), "--kims", str(kims), "--years", str(years), "--no-daftar-kim"
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    events = _events(db)
    print(
        f"dataset: {kims:,} KIMs, {events:,} events in {took:.0f} s wall, {cpu:.0f} s CPU"
        f" (recorded and projected; {events / cpu:,.0f} events per CPU second),"
        f" {db.stat().st_size / 2**20:,.0f} MB"
    )


def rebuild(db: Path) -> None:
    events = _events(db)
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        _kimcore("--store", f"sqlite:///{db}", "project", "rebuild", "--all"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    print(
        f"rebuild --all: {took:.1f} s wall, {cpu:.1f} s CPU;"
        f" {events / took:,.0f} events/s ({events / cpu:,.0f} per CPU second)"
    )


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _timed(calls: list[Callable[[], object]], most: float) -> list[float]:
    times: list[float] = []
    stop = time.perf_counter() + most
    for call in calls:
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        if started > stop:
            break
    return times


def _get(client: httpx.Client, url: str) -> None:
    client.get(url, timeout=120).raise_for_status()


Sql = Callable[[str, tuple[Any, ...]], list[Any]]


def sqlite_runner(conn: sqlite3.Connection) -> Sql:
    """The raw SQL side on SQLite: ``sqlite3`` in this process."""
    return lambda statement, params: conn.execute(statement, params).fetchall()


def _c(column: str, postgres: bool) -> str:
    """*column* compared as kimcore's indexes order it (bytewise: ``COLLATE "C"`` on PostgreSQL)."""
    return f'{column} COLLATE "C"' if postgres else column


def _sample(run: Sql, requests: int) -> dict[str, Any]:
    codes = [r[0] for r in run("SELECT DISTINCT substr(region_code, 1, 5) FROM kim_groups", ())]
    groups = [
        r[0] for r in run("SELECT group_id FROM kim_groups ORDER BY random() LIMIT ?", (requests,))
    ]
    # As of the last day the log recorded (every fact counts; a day before it, such as a KIM's
    # formed_on, finds none and measures only an empty scan) and of its middle position.
    day = run("SELECT max(from_day) FROM kim_fact_groups", ())[0][0]
    middle = run("SELECT max(position) FROM kimcore_events", ())[0][0] // 2
    rng = random.Random(1)
    codes.sort()
    return {
        "regencies": [rng.choice(codes) for _ in range(requests)],
        "groups": groups,
        "day": day,
        "middle": middle,
    }


def _routes(
    sample: dict[str, Any], base: str, ds: str | None, run: Sql, postgres: bool = False
) -> list[tuple[str, list[Any], list[Any], list[Any]]]:
    """Each route: kimcore's requests, datasette's (none without *ds*), the raw SQL's (*run*).

    The raw SQL reads the same rows and counts every row kimcore's count covers.
    """
    kc, dc = httpx.Client(), httpx.Client()

    def sql(*statements: tuple[str, tuple[Any, ...]]) -> Callable[[], object]:
        return lambda: [run(s, p) for s, p in statements]

    region, group = _c("region_code", postgres), _c("group_id", postgres)
    member = _c("member_id", postgres)
    by_region = (
        [lambda c=c: _get(kc, f"{base}/api/kims?region={c}&limit=20") for c in sample["regencies"]],
        [
            lambda c=c: _get(dc, f"{ds}/kim_groups.json?region_code__startswith={c}.&_size=20")
            for c in sample["regencies"]
            if ds
        ],
        [
            sql(
                (
                    f"SELECT * FROM kim_groups WHERE {region} >= ? AND {region} < ?"
                    f" ORDER BY {group} LIMIT 20",
                    (f"{c}.", f"{c}/"),
                ),
                (
                    f"SELECT count(*) FROM kim_groups WHERE {region} >= ? AND {region} < ?",
                    (f"{c}.", f"{c}/"),
                ),
            )
            for c in sample["regencies"]
        ],
    )
    pages = len(sample["groups"])
    members = (
        [lambda: _get(kc, f"{base}/api/models/kim_members?limit=20")] * pages,
        [lambda: _get(dc, f"{ds}/kim_members.json?_size=20")] * pages if ds else [],
        [
            sql(
                (f"SELECT * FROM kim_members ORDER BY {group}, {member} LIMIT 20", ()),
                ("SELECT count(*) FROM kim_members", ()),
            )
        ]
        * pages,
    )

    def ds_kim(g: str) -> None:
        _get(dc, f"{ds}/kim_groups.json?group_id={g}")
        _get(dc, f"{ds}/kim_members.json?group_id={g}&_size=max")
        _get(dc, f"{ds}/kimcore_events.json?stream_id=group-{g}&_size=max&_sort=stream_version")

    kim = (
        [lambda g=g: _get(kc, f"{base}/api/kims/{g}") for g in sample["groups"]],
        [lambda g=g: ds_kim(g) for g in sample["groups"] if ds],
        [
            sql(
                ("SELECT * FROM kim_groups WHERE group_id = ?", (g,)),
                ("SELECT * FROM kim_members WHERE group_id = ?", (g,)),
                (
                    "SELECT * FROM kimcore_events WHERE stream_id = ? ORDER BY stream_version",
                    (f"group-{g}",),
                ),
            )
            for g in sample["groups"]
        ],
    )
    nothing: list[Any] = []  # no datasette or plain SQL twin of a report
    report = (
        [lambda: _get(kc, f"{base}/api/reports/kims?level=regency")] * pages,
        nothing,
        nothing,
    )
    as_of = (
        [lambda: _get(kc, f"{base}/api/reports/kims?level=regency&as_of={sample['day']}")] * pages,
        nothing,
        nothing,
    )
    at_middle = (
        [lambda: _get(kc, f"{base}/api/reports/kims?level=regency&as_of={sample['middle']}")]
        * pages,
        nothing,
        nothing,
    )
    return [
        ("KIMs by region (/api/kims?region=PP.RR&limit=20)", *by_region),
        ("a member page (/api/models/kim_members?limit=20)", *members),
        ("a KIM with its timeline (/api/kims/{id})", *kim),
        ("a live report (/api/reports/kims?level=regency)", *report),
        ("a report as of the last day recorded (…&as_of=DAY)", *as_of),
        ("a report as of the log's middle (…&as_of=N)", *at_middle),
    ]


def _measure(
    sample: dict[str, Any],
    base: str,
    ds: str | None,
    run: Sql,
    most: float,
    postgres: bool,
    only: tuple[str, ...] = (),
) -> None:
    twin = "datasette" if ds else "—"
    print(
        f"{'route':<52} {'kimcore p50/p99 ms':>20} {twin:>16} {'SQL':>14}"
        f" {'ratios p50 (ds/kc, sql/kc)':>28}"
    )
    for name, ours, theirs, raw in _routes(sample, base, ds, run, postgres):
        if only and not any(word in name for word in only):
            continue
        # Every side reads the same rows once untimed first: the side timed first must not be
        # the one that pays for the file's pages coming from the disk into the page cache.
        for calls in (ours, theirs, raw):
            _timed(calls, most)
        found = [
            _quantiles(_timed(calls, most)) if calls else None for calls in (ours, theirs, raw)
        ]
        cells = [f"{q[0]:.1f} / {q[1]:.1f}" if q else "—" for q in found]
        ratios = ", ".join(
            f"{q[0] / found[0][0]:.3f}" if q and found[0] else "—" for q in found[1:]
        )
        print(f"{name:<52} {cells[0]:>20} {cells[1]:>16} {cells[2]:>14} {ratios:>28}")


@contextlib.contextmanager
def serving(url: str) -> Iterator[str]:
    """``kimcore serve`` on *url*: prints when it answers and when every model is at the head."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    with _process(
        _kimcore("--store", url, "serve", "--port", str(port), "--log-level", "warning"),
        _answers(f"{base}/api"),
        300,
    ) as server:
        ready = time.perf_counter() - started
        while (
            max(
                m["behind"]
                for m in httpx.get(f"{base}/api", timeout=60).json()["health"]["read_models"]
            )
            > 0
        ):
            time.sleep(0.5)
        caught_up = time.perf_counter() - started
        print(
            f"serve: answers after {ready:.2f} s;"
            f" every read model at the head after {caught_up:.1f} s"
        )
        yield base
        print(f"serve: peak RSS {_peak_rss_mb(server.pid):.0f} MB")


def serve(db: Path, requests: int, most: float, only: tuple[str, ...] = ()) -> None:
    ds_port = _free_port()
    ds = f"http://127.0.0.1:{ds_port}/{db.stem}"
    with serving(f"sqlite:///{db}") as base:
        datasette = [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(db),
            "--port",
            str(ds_port),
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "sql_time_limit_ms",
            "20000",
        ]
        with (
            # Up when it answers its versions: the database's own page counts every table, which
            # on a file of many gigabytes took datasette over ten minutes.
            _process(datasette, _answers(f"http://127.0.0.1:{ds_port}/-/versions.json"), 120),
            contextlib.closing(sqlite3.connect(db)) as conn,
        ):
            run = sqlite_runner(conn)
            _measure(_sample(run, requests), base, ds, run, most, postgres=False, only=only)


def _versions() -> str:
    found = []
    for name in ("datasette", "uvicorn", "starlette", "orjson", "msgspec", "httpx"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kims", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument(
        "--db", type=Path, help="The data set's file (default: one per --kims in the temp folder)."
    )
    parser.add_argument("--requests", type=int, default=200, help="Requests per route and side.")
    parser.add_argument(
        "--most", type=float, default=60, help="Seconds a route's side runs at most."
    )
    parser.add_argument("--readers", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=15, help="How long each write run lasts.")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="Also copy the data set into this PostgreSQL database and measure it there.",
    )
    parser.add_argument(
        "--pg-steps",
        default="",
        help="load-models: the PostgreSQL read models' rows from the SQLite file (not rebuilt)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated: dataset, rebuild, serve, live; sqlite (its whole side), copy",
    )
    parser.add_argument(
        "--routes",
        default="",
        help="comma-separated words: measure only the routes whose name holds one (all by default)",
    )
    args = parser.parse_args()
    only = tuple(filter(None, args.routes.split(",")))
    skip = set(filter(None, args.skip.split(",")))
    db = args.db or Path(tempfile.gettempdir(), f"kimcore-scale-{args.kims}-{args.years}.db")
    print(
        f"{platform.machine()} {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f},"
        f" Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
        f" kimcore {k.__version__}; {_versions()}"
    )
    if "dataset" not in skip and not db.exists():
        dataset(db, args.kims, args.years)
    if "sqlite" not in skip:
        if "rebuild" not in skip:
            rebuild(db)
        if "serve" not in skip:
            serve(db, args.requests, args.most, only)
        if "live" not in skip:
            live(args.readers, args.seconds)
    if args.postgres:
        from scale_postgres import pg_version, run_all  # noqa: PLC0415 - needs psycopg

        print(f"PostgreSQL {pg_version(args.postgres)}")
        run_all(db, args.postgres, skip, args)


if __name__ == "__main__":
    main()
