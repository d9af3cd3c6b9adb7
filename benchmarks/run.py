"""kimcore beside `eventsourcing` and the raw driver, workload by workload, each in its own process.

    python benchmarks/run.py                      # SQLite, full scale
    python benchmarks/run.py --scale 0.1          # a quick look
    python benchmarks/run.py --store postgres     # PostgreSQL at $KIMCORE_BENCH_POSTGRES
    python benchmarks/run.py --workloads W3,W4
    python benchmarks/run.py --workloads W2 --cpu # and each side's CPU time a unit of work

Each (workload, side) runs in a fresh subprocess so its peak RSS is its own.
Three sides run the same work in the same run: kimcore; the peer, `eventsourcing`
9.5 on its own SQLite or PostgreSQL module (``pip install -e '.[bench]'``); and
the raw driver with ``orjson`` to plain dicts, folded as dicts, the physical
limit. Two ratios are printed: kimcore's rate over the peer's (above 1.0, kimcore
is faster) and over the raw side's (1.0 would mean no overhead). Each workload
runs --repeat times (the order of the sides rotating, writes on fresh data) and
the medians are shown, since a shared VM's rates drift. W5 (PostgreSQL) runs W1
in four writer processes at once on each side. W4P and W4M have no peer column:
eventsourcing seals no personal fields and ships no table projection to match.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer_eventsourcing
import raw_sqlite
import workloads as w

import kimcore as k
from kimcore.adapters.url import sqlite_path
from kimcore.projections import Projector, SqliteModels

SIZES = {"W1": 2_000, "W2": 10_000, "W5": 2_000}
WRITES = ("W1", "W2", "W5")
SIDES = ("kimcore", "peer", "raw")
# eventsourcing has no sealed personal fields (W4P) and no table projection (W4M).
NO_PEER = ("W4P", "W4M")
POSTGRES = os.environ.get("KIMCORE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_CODEC = k.events.Codec()


def _data(event: k.Event) -> dict[str, Any]:
    # The raw side writes the same JSON shape, without sealing personal fields.
    return _CODEC.to_data(event)


def _kimcore(workload: str, url: str, groups: range, durability: str = "full") -> int:
    store = k.open_store(url)
    app = k.Application(store, policy=w.POLICY)
    count = 0
    if workload in ("W1", "W5"):
        for g in groups:
            for command in w.commands(g):
                app.handle(command)
                count += 1
    elif workload == "W2":
        for g in groups:
            # Application.encode: the public way to write a batch of one stream.
            store.append(
                f"group-{w.group_id(g)}", app.encode(w.group_events(g)), k.stores.NO_STREAM
            )
            count += 10
    elif workload == "W3":
        for g in groups:
            state = app.group(w.group_id(g))
            assert state is not None
            assert len(state.members) == 10
            count += 1
    elif workload == "W4M":
        models = SqliteModels(sqlite_path(url), durability=durability)
        count = Projector(store, w.MembersPerVillage(), models, page_size=1000).rebuild()
        assert sum(r["members"] for r in models.rows(w.VILLAGE_MEMBERS)) == count
        models.close()
    else:
        per_village: Counter[str] = Counter()
        village_of: dict[uuid.UUID, str] = {}
        # W4's read model holds no personal data, so it decodes without keys;
        # W4P opens every personal field as a model that shows names would.
        for recorded in app.read_all_decoded(personal_data=workload == "W4P"):
            event = recorded.event
            if isinstance(event, k.events.GroupFormed):
                village_of[event.group_id] = event.seat.region.code
                per_village[event.seat.region.code] += len(event.founders)
            elif isinstance(event, k.events.MemberJoined):
                per_village[village_of[event.group_id]] += 1
            count += 1
        assert sum(per_village.values()) == count
    store.close()
    return count


def _raw(workload: str, url: str, groups: range, durability: str) -> int:
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        conn: Any = (
            raw_sqlite.connect(path, durability)
            if workload in ("W1", "W2", "W5", "W4M")
            else (sqlite3.connect(path, isolation_level=None))
        )
        raw: Any = raw_sqlite
    else:
        import raw_postgres  # noqa: PLC0415 - needs psycopg

        conn, raw = raw_postgres.connect(url), raw_postgres
    count = 0
    if workload in ("W1", "W5"):
        for g in groups:
            stream = f"group-{w.group_id(g)}"
            for event in w.group_events(g):
                raw.append_one(conn, stream, event.event_name, _data(event))
                count += 1
    elif workload == "W2":
        for g in groups:
            raw.append_batch(
                conn,
                f"group-{w.group_id(g)}",
                [(e.event_name, _data(e)) for e in w.group_events(g)],
            )
            count += 10
    elif workload == "W4M":
        count = raw.project(conn)
    elif workload == "W3":
        for g in groups:
            members = raw.load(conn, f"group-{w.group_id(g)}")
            assert len(members) == 10
            count += 1
    else:
        count = sum(raw.read_model(conn).values())
    conn.close()
    return count


def _msgspec() -> str:
    # kimcore decodes stored events in C with it (kimcore[msgspec]); without it, with cattrs.
    try:
        return f"msgspec {metadata.version('msgspec')}"
    except metadata.PackageNotFoundError:
        return "no msgspec (decoding with cattrs)"


def run_one(
    workload: str, side: str, url: str, first: int, groups: int, durability: str
) -> dict[str, float]:
    """One side of one workload, timed, in this process."""
    chosen = range(first, first + groups)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    if side == "kimcore":
        count = _kimcore(workload, url, chosen, durability)
    elif side == "peer":
        count = peer_eventsourcing.run(workload, url, chosen)
    else:
        count = _raw(workload, url, chosen, durability)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": elapsed,
        "count": count,
        "rate": count / elapsed,
        "rss_mb": after.ru_maxrss / 1024,
        # The process's own CPU, in the kernel and out of it: what the wall time is made of
        # beside the waits (a commit's fsync).
        "user_s": after.ru_utime - before.ru_utime,
        "sys_s": after.ru_stime - before.ru_stime,
    }


def _spawn(
    args: argparse.Namespace, workload: str, side: str, url: str, first: int, groups: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--durability",
            args.durability,
            "--one",
            workload,
            side,
            url,
            str(first),
            str(groups),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"a benchmark process failed ({proc.returncode})")
    result: dict[str, float] = json.loads(out)
    return result


def _urls(store: str, tmp: Path, workload: str, durability: str, rep: int) -> dict[str, str]:
    # Writes go to fresh data each repetition; W3, W4 and W4P read the first W2's.
    data = f"{'W1' if workload in ('W1', 'W5') else 'W2'}r{rep if workload in WRITES else 0}"
    if store == "sqlite":
        return {
            side: f"sqlite:///{tmp / f'{data}-{side}.db'}?durability={durability}" for side in SIDES
        }
    return {
        side: f"{POSTGRES}?schema="
        + f"bench_{tmp.name[-8:]}_{data}_{side}".replace("-", "_").lower()
        for side in SIDES
    }


def _measure(
    args: argparse.Namespace, tmp: Path, workload: str, groups: int, rep: int
) -> dict[str, dict[str, float]]:
    """Every side of one workload once; each repetition rotates which side goes first."""
    urls = _urls(args.store, tmp, workload, args.durability, rep)
    results = {}
    sides = [s for s in SIDES if not (s == "peer" and workload in NO_PEER)]
    for side in sides[rep % len(sides) :] + sides[: rep % len(sides)]:
        if workload in ("W3", "W4", "W4P", "W4M") and not (tmp / f"W2-{side}.done").exists():
            _result(_spawn(args, "W2", side, urls[side], 0, groups))
            (tmp / f"W2-{side}.done").touch()
        if workload == "W5":
            procs = [
                _spawn(args, "W5", side, urls[side], 10**6 + n * groups, groups // 4)
                for n in range(4)
            ]
            parts = [_result(p) for p in procs]
            seconds = max(p["seconds"] for p in parts)
            count = sum(p["count"] for p in parts)
            results[side] = {
                "rate": count / seconds,
                "count": count,
                "rss_mb": max(p["rss_mb"] for p in parts),
                "user_s": sum(p["user_s"] for p in parts),
                "sys_s": sum(p["sys_s"] for p in parts),
            }
        else:
            results[side] = _result(_spawn(args, workload, side, urls[side], 0, groups))
            if workload == "W2" and rep == 0:
                (tmp / f"W2-{side}.done").touch()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--workloads", default=None, help="default: W1-W4P, and W5 on PostgreSQL")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per workload (median shown)")
    parser.add_argument("--durability", default="full", choices=["full", "normal"])
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="under each workload, each side's CPU time a unit of work: user, then system",
    )
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        workload, side, url, first, groups = args.one
        print(json.dumps(run_one(workload, side, url, int(first), int(groups), args.durability)))
        return

    if args.store == "postgres" and "W4M" in (args.workloads or ""):
        parser.error("W4M (the SQLite read model) runs on SQLite only")
    chosen = (
        args.workloads
        or ("W1,W2,W3,W4,W4P,W5" if args.store == "postgres" else "W1,W2,W3,W4,W4P,W4M")
    ).split(",")
    tmp = Path(tempfile.mkdtemp(prefix="kimcore-bench-"))
    version = sqlite3.sqlite_version if args.store == "sqlite" else _pg_version()
    print(
        f"kimcore {k.__version__} · eventsourcing {metadata.version('eventsourcing')}"
        f" · orjson {metadata.version('orjson')} · {_msgspec()}"
        f" · Python {platform.python_version()}"
        f" · {args.store} {version}"
        f" · {platform.machine()} · {os.cpu_count()} cores · durability={args.durability}"
        f" · median of {args.repeat}"
    )
    if args.durability != "full":
        print("note: eventsourcing's SQLite module keeps SQLite's default, synchronous=FULL")
    print(
        f"{'workload':<9}{'kimcore/s':>11}{'peer/s':>11}{'raw/s':>11}{'k/peer':>8}{'k/raw':>7}"
        f"{'k MB':>7}{'peer MB':>8}{'raw MB':>7}"
    )
    for workload in chosen:
        groups = max(4, int(SIZES.get(workload, SIZES["W2"]) * args.scale))
        runs = [_measure(args, tmp, workload, groups, rep) for rep in range(args.repeat)]
        print(_line(workload, runs), flush=True)
        if args.cpu:
            print(_cpu_line(runs), flush=True)
    if args.store == "postgres":
        _drop_schemas(tmp)


def _line(workload: str, runs: list[dict[str, dict[str, float]]]) -> str:
    """One workload's medians: rates, the two ratios, peak RSS."""

    def med(side: str, key: str) -> float:
        return median(r[side][key] for r in runs) if side in runs[0] else float("nan")

    def ratio(other: str) -> float:
        if other not in runs[0]:
            return float("nan")
        return median(r["kimcore"]["rate"] / r[other]["rate"] for r in runs)

    unit = "aggregates" if workload == "W3" else "events"
    writers = ", 4 writers" if workload == "W5" else ""
    return (
        f"{workload:<9}{med('kimcore', 'rate'):>11,.0f}{med('peer', 'rate'):>11,.0f}"
        f"{med('raw', 'rate'):>11,.0f}{ratio('peer'):>8.2f}{ratio('raw'):>7.2f}"
        f"{med('kimcore', 'rss_mb'):>7.0f}{med('peer', 'rss_mb'):>8.0f}{med('raw', 'rss_mb'):>7.0f}"
        f"   ({unit}/s, {med('kimcore', 'count'):,.0f} each{writers})"
    )


def _cpu_line(runs: list[dict[str, dict[str, float]]]) -> str:
    """Each side's median CPU time a unit (event or aggregate), user + system, in µs."""
    parts = []
    for side in SIDES:
        if side not in runs[0]:
            continue
        user = median(r[side]["user_s"] / r[side]["count"] for r in runs) * 1e6
        system = median(r[side]["sys_s"] / r[side]["count"] for r in runs) * 1e6
        parts.append(f"{side} {user:.1f} + {system:.1f}")
    return f"{'':<9}CPU µs a unit, user + system: " + " · ".join(parts)


def _pg_version() -> str:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(POSTGRES) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def _drop_schemas(tmp: Path) -> None:
    import psycopg  # noqa: PLC0415

    prefix = f"bench_{tmp.name[-8:].lower()}".replace("-", "_")
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (prefix + "%",)
        ).fetchall():
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
