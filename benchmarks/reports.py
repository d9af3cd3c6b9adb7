"""The report routes of ``kimcore serve`` on a data set: the first request, then p50 and p99.

``kimcore serve`` is started on the file (its read models must be at the log's head: run
``kimcore project rebuild report_facts`` first when the facts' version changed), then each
route is asked ``--requests`` times, the first request timed apart (what a service's first
reader waits). The routes: each report live at regency level, the KIM report at every level,
and the KIM report as of a day (the last day recorded, and the day before: every fact, and
none) and as of a log position (the middle of the log).

```sh
nice .venv/bin/python benchmarks/reports.py --db /path/n20k.db --requests 60
```
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _served(db: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "kimcore", "--store", f"sqlite:///{db}", "serve"]
    command += ["--port", str(port), "--log-level", "warning"]
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(command, env=os.environ.copy()) as server:
        try:
            deadline = time.monotonic() + 300
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    health = httpx.get(f"{base}/api", timeout=30).json()["health"]
                    models = health["read_models"]
                    if all(m["behind"] == 0 and m["state"] != "building" for m in models):
                        break
                if time.monotonic() > deadline:
                    raise SystemExit("the service did not catch up within 300 s")
                time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            server.wait(30)


def _moments(db: Path) -> tuple[str, str, int]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        (stamp,) = conn.execute("SELECT max(recorded_at) FROM kimcore_events").fetchone()
        (head,) = conn.execute("SELECT max(position) FROM kimcore_events").fetchone()
    last = str(stamp)[:10]
    before = (dt.date.fromisoformat(last) - dt.timedelta(days=1)).isoformat()
    return last, before, int(head) // 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--most", type=float, default=30, help="Seconds a route runs at most.")
    args = parser.parse_args()
    last, before, middle = _moments(args.db)
    routes = [
        *(f"/api/reports/{n}?level=regency" for n in ("kims", "members", "partnerships")),
        *(f"/api/reports/kims?level={level}" for level in ("province", "district", "village")),
        f"/api/reports/kims?level=regency&as_of={last}",
        f"/api/reports/kims?level=regency&as_of={before}",
        f"/api/reports/kims?level=regency&as_of={middle}",
        f"/api/reports/members?level=regency&as_of={last}",
    ]
    with _served(args.db) as base, httpx.Client(base_url=base, timeout=300) as client:
        print(f"{'route':<58} {'first ms':>9} {'p50 ms':>8} {'p99 ms':>8} {'n':>4} {'rows':>6}")
        for route in routes:
            times = []
            stop = time.perf_counter() + args.most
            for _ in range(args.requests + 1):
                started = time.perf_counter()
                answer = client.get(route)
                times.append(time.perf_counter() - started)
                answer.raise_for_status()
                if started > stop and len(times) > 2:
                    break
            first, rest = times[0] * 1000, sorted(t * 1000 for t in times[1:])
            p99 = rest[min(len(rest) - 1, round(0.99 * (len(rest) - 1)))]
            rows = len(answer.json()["rows"])
            print(
                f"{route:<58} {first:>9.1f} {statistics.median(rest):>8.1f} {p99:>8.1f}"
                f" {len(rest):>4} {rows:>6}"
            )


if __name__ == "__main__":
    main()
