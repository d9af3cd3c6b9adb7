"""The nation's scale on PostgreSQL: ``benchmarks/scale.py --postgres URL``.

The SQLite data set is copied into the database *URL* names (``kimcore copy``; its default
schemas ``kimcore`` and ``kimcore_models``), its read models rebuilt there (``kimcore project
rebuild --all``), and ``kimcore serve`` on it measured as on SQLite: the ready time, p50 and p99 of
the same read routes beside the raw SQL of the same rows and count (``psycopg`` in this process;
datasette serves SQLite only), the server's peak RSS; then HTTP writes with live readers on a
fresh schema of the same database.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from live_readers import _kimcore, live
from scale import Sql, _children_cpu, _events, _measure, _sample, serving


def _runner(conn: psycopg.Connection[Any]) -> Sql:
    """The raw SQL side on PostgreSQL: the statements of the SQLite side, ``?`` as ``%s``."""
    conn.execute("SET search_path = kimcore_models, kimcore")
    return lambda statement, params: conn.execute(
        statement.replace("?", "%s"),
        params,
    ).fetchall()


def pg_events(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM kimcore.kimcore_events").fetchone()
        return int(row[0]) if row else 0


def copy(db: Path, url: str) -> None:
    """``kimcore copy`` of the SQLite data set into *url* (empty, or a copy it began)."""
    events = _events(db)
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        _kimcore("copy", "--from", f"sqlite:///{db}", "--to", url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    print(
        f"postgres copy: {events:,} events in {took:.1f} s wall, {cpu:.1f} s CPU (the copy's"
        f" process; the server's not counted): {events / took:,.0f} events/s, the check included"
    )


def rebuild(url: str) -> None:
    events = pg_events(url)
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        _kimcore("--store", url, "project", "rebuild", "--all"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    print(
        f"postgres rebuild --all: {took:.1f} s wall, {cpu:.1f} s CPU;"
        f" {events / took:,.0f} events/s ({events / cpu:,.0f} per CPU second of the client)"
    )


def load_models(db: Path, url: str) -> None:
    """The read models' rows from the SQLite data set into the tables ``kimcore serve`` made.

    For a data set whose rebuild on PostgreSQL would take hours here: the same projections'
    rows (the demo projected them into the file), copied with ``COPY``, and every checkpoint set
    to the log's head. ``kimcore serve`` must have run on *url* once (it makes the tables), and
    must not run meanwhile.
    """
    started = time.perf_counter()
    rows = 0
    with contextlib.closing(sqlite3.connect(db)) as lite, psycopg.connect(url) as pg:
        tables = [
            name
            for (name,) in pg.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'kimcore_models'"
                " AND tablename <> 'kimcore_projections' ORDER BY tablename"
            )
        ]
        for name in tables:
            columns = ", ".join(
                f'"{c}"'
                for (c,) in pg.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    " 'kimcore_models' AND table_name = %s ORDER BY ordinal_position",
                    (name,),
                )
            )
            pg.execute(f'TRUNCATE kimcore_models."{name}"')
            statement = f'COPY kimcore_models."{name}" ({columns}) FROM STDIN'
            with pg.cursor().copy(statement) as copying:
                for row in lite.execute(f'SELECT {columns} FROM "{name}"'):
                    copying.write_row(row)
                    rows += 1
        pg.execute(
            "UPDATE kimcore_models.kimcore_projections SET position ="
            " (SELECT max(position) FROM kimcore.kimcore_events), failure = NULL"
        )
        for name in tables:
            pg.execute(f'ANALYZE kimcore_models."{name}"')
    print(
        f"postgres read models: {rows:,} rows of {len(tables)} tables loaded from the SQLite file"
        f" in {time.perf_counter() - started:.0f} s (COPY), checkpoints at the head"
    )


def serve(url: str, requests: int, most: float) -> None:
    with serving(url) as base, psycopg.connect(url, autocommit=True) as conn:
        run = _runner(conn)
        _measure(_sample(run, requests), base, None, run, most, postgres=True)


def live_postgres(url: str, readers: int, seconds: float) -> None:
    """Writes with live readers on a fresh schema of *url*'s database, dropped afterwards."""
    schema = f"kimcore_live_{uuid.uuid4().hex[:8]}"
    try:
        live(readers, seconds, url=f"{url}?schema={schema}")
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for name in (schema, f"{schema}_models"):
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def run_all(db: Path, url: str, skip: set[str], args: Any) -> None:
    """The PostgreSQL side of ``scale.py``: copy, rebuild, serve, live (each unless skipped)."""
    with contextlib.suppress(psycopg.Error):
        if "copy" not in skip and pg_events(url) == _events(db):
            skip.add("copy")  # copied before
    if "copy" not in skip:
        copy(db, url)
    if "rebuild" not in skip:
        rebuild(url)
    if "load-models" in args.pg_steps:
        load_models(db, url)
    if "serve" not in skip:
        serve(url, args.requests, args.most)
    if "live" not in skip:
        live_postgres(url, args.readers, args.seconds)


def pg_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"
