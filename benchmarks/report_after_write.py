"""The first live report after a write: the region names kept by their mark, or read again.

A live report is kept between requests until the facts or the region names move
(`kimcore.web._report_cache`). A write moves the facts, so the next request counts the report
again; this measures that request. Each round writes one event through the deciders (a member
joins a KIM: no region is named), projects it into every read model (not timed), then asks the
regency KIM report twice: once with the names kept by their mark (the service as it is), once
with the names dropped first, so read again (the plain twin, and what the service did when
they were kept by the read models' checkpoints, which every write moves). The two sides
alternate within each round, so the machine's load falls on both alike.

```sh
nice .venv/bin/python benchmarks/report_after_write.py --db /path/n20k.db --rounds 40
```

The file is copied first (the writes go into the copy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import kimcore as k
from kimcore.projections import OnePassProjector
from kimcore.stores import open_store
from kimcore.web.service import Service


def _timed(call: object) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()  # type: ignore[operator]
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--level", default="regency")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kimcore-after-write-"))
    db = work / args.db.name
    shutil.copy(args.db, db)
    with sqlite3.connect(db) as conn:
        groups = [
            str(r[0])
            for r in conn.execute("SELECT group_id FROM kim_groups WHERE dissolved_on IS NULL")
        ]
    print(
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, kimcore {k.__version__},"
        f" {len(groups):,} KIMs, level {args.level}, {args.rounds} rounds"
    )
    service = Service(open_store(f"sqlite:///{db}"))
    projector = OnePassProjector(service.store, list(service.read_models.values()), service.models)
    rng = random.Random(1)
    timings: dict[str, list[tuple[float, float]]] = {"kept": [], "read again": []}
    try:
        projector.run()
        service.report("kims", args.level, None)  # the names read once
        for n in range(args.rounds):
            member = k.MemberDetails(
                member_id=uuid.UUID(int=rng.getrandbits(128)),
                name=f"Anggota {n}",
                contact=f"+62 812 {n:08d}",
                category=k.MemberCategory.YOUTH,
            )
            service.app.handle(
                k.JoinGroup(
                    group_id=uuid.UUID(rng.choice(groups)), member=member, joined_on=dt.date.today()
                )
            )
            projector.run()
            sides = ["kept", "read again"] if n % 2 else ["read again", "kept"]
            for side in sides:
                service.reports = type(service.reports)()  # the facts moved: counted again
                if side == "read again":
                    service._names.clear()
                timings[side].append(_timed(lambda: service.report("kims", args.level, None)))
    finally:
        service.stop()
        shutil.rmtree(work)
    for side, found in timings.items():
        walls, cpus = [w for w, _ in found], [c for _, c in found]
        print(
            f"{side:>10}: wall p50 {statistics.median(walls):.1f} ms,"
            f" max {max(walls):.1f}; CPU p50 {statistics.median(cpus):.1f} ms"
        )
    print(f"load {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
