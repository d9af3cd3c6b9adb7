"""kimcore against the raw driver, workload by workload, each side in its own process.

    python benchmarks/run.py                      # SQLite, full scale
    python benchmarks/run.py --scale 0.1          # a quick look
    python benchmarks/run.py --workloads W3,W4

Each (workload, side) runs in a fresh subprocess so its peak RSS is its own.
The ratio is kimcore's rate over the raw driver's: 1.0 means no overhead.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import raw_sqlite
import workloads as w

import kimcore as k

SIZES = {"W1": 2_000, "W2": 10_000}


def kimcore_store(path: str, durability: str) -> k.SqliteStore:
    return k.SqliteStore(path, durability=durability)  # type: ignore[arg-type]


def run_one(workload: str, side: str, path: str, groups: int, durability: str) -> dict[str, float]:
    start = time.perf_counter()
    if side == "kimcore":
        store = kimcore_store(path, durability)
        app = k.Application(store, policy=w.POLICY)
        if workload == "W1":
            for g in range(groups):
                for command in w.commands(g):
                    app.handle(command)
            count = groups * 10
        elif workload == "W2":
            for g in range(groups):
                new = [encoded(app, event) for event in w.group_events(g)]
                store.append(f"group-{w.group_id(g)}", new, k.NO_STREAM)
            count = groups * 10
        elif workload == "W3":
            for g in range(groups):
                state = app.group(w.group_id(g))
                assert state is not None
                assert len(state.members) == 10
            count = groups
        else:
            per_village: Counter[str] = Counter()
            village_of: dict[object, str] = {}
            count = 0
            for recorded in app.read_all_decoded():
                event = recorded.event
                if isinstance(event, k.GroupFormed):
                    village_of[event.group_id] = event.seat.region.code
                    per_village[event.seat.region.code] += len(event.founders)
                elif isinstance(event, k.MemberJoined):
                    per_village[village_of[event.group_id]] += 1
                count += 1
            assert sum(per_village.values()) == count
        store.close()
    else:
        conn = (
            raw_sqlite.connect(path, durability)
            if workload in ("W1", "W2")
            else sqlite3.connect(path, isolation_level=None)
        )
        if workload == "W1":
            for g in range(groups):
                stream = f"group-{w.group_id(g)}"
                for event in w.group_events(g):
                    raw_sqlite.append_one(
                        conn,
                        stream,
                        event.event_name,
                        k.Codec().to_data(event) if False else _data(event),
                    )
            count = groups * 10
        elif workload == "W2":
            for g in range(groups):
                batch = [(e.event_name, _data(e)) for e in w.group_events(g)]
                raw_sqlite.append_batch(conn, f"group-{w.group_id(g)}", batch)
            count = groups * 10
        elif workload == "W3":
            for g in range(groups):
                events = raw_sqlite.load(conn, f"group-{w.group_id(g)}")
                assert len(events) == 10
            count = groups
        else:
            per_village = raw_sqlite.read_model(conn)
            count = sum(per_village.values())
        conn.close()
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": elapsed, "count": count, "rate": count / elapsed, "rss_mb": rss_mb}


_CODEC = k.Codec()


def encoded(app: k.Application, event: k.Event) -> k.NewEvent:
    """The event as the application service encodes it: sealed, with envelope data."""
    name, version, data = app.codec.encode(event, app.store.keys)
    return k.NewEvent(
        event_id=uuid.uuid4(),
        event_type=name,
        schema_version=version,
        data=data,
        metadata=k.Metadata(correlation_id=uuid.uuid4()),
        recorded_at=dt.datetime.now(dt.UTC),
    )


def _data(event: k.Event) -> dict[str, object]:
    # The raw side writes the same JSON shape, without sealing personal fields.
    return _CODEC.to_data(event)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workloads", default="W1,W2,W3,W4")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--durability", default="full", choices=["full", "normal"])
    parser.add_argument(
        "--one", nargs=4, metavar=("WORKLOAD", "SIDE", "PATH", "GROUPS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        workload, side, path, groups = args.one
        print(json.dumps(run_one(workload, side, path, int(groups), args.durability)))
        return

    chosen = args.workloads.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="kimcore-bench-"))
    print(
        f"kimcore {k.__version__} · Python {platform.python_version()}"
        f" · SQLite {sqlite3.sqlite_version} · {platform.machine()} · {os.cpu_count()} cores"
        f" · durability={args.durability}"
    )
    print(
        f"{'workload':<10}{'kimcore/s':>12}{'raw/s':>12}{'ratio':>8}{'kimcore MB':>12}{'raw MB':>9}"
    )
    for workload in chosen:
        groups = max(1, int(SIZES.get(workload, SIZES["W2"]) * args.scale))
        results = {}
        for side in ("kimcore", "raw"):
            db = tmp / f"{'W1' if workload == 'W1' else 'W2'}-{side}.db"
            if workload in ("W3", "W4") and not db.exists():
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--durability",
                        args.durability,
                        "--one",
                        "W2",
                        side,
                        str(db),
                        str(groups),
                    ],
                    check=True,
                    capture_output=True,
                )
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--durability",
                    args.durability,
                    "--one",
                    workload,
                    side,
                    str(db),
                    str(groups),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            results[side] = json.loads(out.stdout)
        mine, raw = results["kimcore"], results["raw"]
        unit = "aggregates" if workload == "W3" else "events"
        print(
            f"{workload:<10}{mine['rate']:>12,.0f}{raw['rate']:>12,.0f}"
            f"{mine['rate'] / raw['rate']:>8.2f}{mine['rss_mb']:>12.0f}{raw['rss_mb']:>9.0f}"
            f"   ({unit}/s, {mine['count']:,} each)"
        )


if __name__ == "__main__":
    main()
