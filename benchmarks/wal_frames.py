"""WAL frames (pages written) per commit on SQLite: W2's writes on every side, counted in the log.

    python benchmarks/wal_frames.py              # 2,000 groups after 500 to warm up
    python benchmarks/wal_frames.py --groups 500

Each side writes W2's unit of work (a group formed and joined by nine, one commit) into a fresh
file with automatic checkpoints off, so every page a commit writes stays in the ``-wal`` file as
one frame; the frames added while the measured groups are written, over their number, is the
figure. Fewer frames a commit is less to write and to sync: SQLite W2 is commit-bound.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads as w

import kimcore as k

_connect = sqlite3.connect


def _no_checkpoints(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    conn = _connect(*args, **kwargs)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def _frames(path: Path, page_size: int) -> int:
    wal = Path(f"{path}-wal")
    return (wal.stat().st_size - 32) // (page_size + 24) if wal.exists() else 0


def _by_tree(path: Path, page_size: int, first: int, last: int) -> Counter[str]:
    """Which table or index, and which kind of its pages, each frame from *first* to *last* wrote.

    A tree's leaves written a commit beyond the one its rows go to are SQLite's rebalancing: an
    index, or a table without rowids, that overflows its last leaf spreads the cells of that leaf
    and its two left neighbours evenly over them again, and writes their parent; only a rowid
    table appending at its end starts a new leaf with the one cell instead.
    """
    rows = _connect(path).execute("SELECT pageno, name, pagetype FROM dbstat").fetchall()
    owner = {page: f"{name} ({kind})" for page, name, kind in rows}
    owner[1] = "header (page 1)"
    counts: Counter[str] = Counter()
    with open(f"{path}-wal", "rb") as wal:
        for frame in range(first, last):
            wal.seek(32 + frame * (page_size + 24))
            page = int.from_bytes(wal.read(4), "big")
            counts[owner.get(page, "freed")] += 1
    return counts


def _kimcore(path: Path) -> Any:
    store = k.SqliteStore(path)
    app = k.Application(store, policy=w.POLICY)

    def write(g: int) -> None:
        store.append(f"group-{w.group_id(g)}", app.encode(w.group_events(g)), k.stores.NO_STREAM)

    return write, store.close


def _peer(path: Path) -> Any:
    import peer_eventsourcing  # noqa: PLC0415

    app = peer_eventsourcing.application(f"sqlite:///{path}")
    return (lambda g: app.save(app.whole_group(g))), app.close


def _raw(path: Path) -> Any:
    import raw_sqlite  # noqa: PLC0415

    from kimcore.events import Codec  # noqa: PLC0415

    codec = Codec()
    conn = raw_sqlite.connect(str(path), "full")

    def write(g: int) -> None:
        raw_sqlite.append_batch(
            conn,
            f"group-{w.group_id(g)}",
            [(e.event_name, codec.to_data(e)) for e in w.group_events(g)],
        )

    return write, conn.close


def measure(side: str, warm: int, groups: int) -> tuple[float, Counter[str]]:
    sqlite3.connect = _no_checkpoints  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "w.db"
            write, close = {"kimcore": _kimcore, "peer": _peer, "raw": _raw}[side](path)
            for g in range(warm):
                write(g)
            page_size = _connect(path).execute("PRAGMA page_size").fetchone()[0]
            before = _frames(path, page_size)
            for g in range(warm, warm + groups):
                write(g)
            after = _frames(path, page_size)
            trees = _by_tree(path, page_size, before, after)
            close()
            return (after - before) / groups, trees
    finally:
        sqlite3.connect = _connect


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--warm", type=int, default=500)
    args = parser.parse_args()
    print(f"WAL frames per commit, W2 (10 events a commit), {args.groups:,} commits")
    for side in ("kimcore", "peer", "raw"):
        frames, trees = measure(side, args.warm, args.groups)
        print(f"{side:8} {frames:6.2f}")
        for name, count in trees.most_common():
            print(f"    {name:46} {count / args.groups:6.2f}")


if __name__ == "__main__":
    main()
