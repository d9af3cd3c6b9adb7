"""Reaching the services the tests need: with CI=true a missing one fails, elsewhere it skips."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

from kimcore.testing.pytest_plugin import POSTGRES_START, require_postgres

POSTGRES_URL = os.environ.get("KIMCORE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
__all__ = [
    "NATS_START",
    "POSTGRES_START",
    "POSTGRES_URL",
    "durable_store",
    "postgres_schema",
    "require_nats",
    "require_postgres",
    "require_program",
]


NATS_URL = os.environ.get("KIMCORE_TEST_NATS", "nats://127.0.0.1:4222")
NATS_START = (
    "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server --"
    " -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log"
)


def require_nats() -> str:
    """The NATS server's URL, once it accepts a connection."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(NATS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 4222), timeout=3):
            pass
    except OSError as exc:
        _missing(f"NATS at {NATS_URL} is not reachable ({exc}); start it with: {NATS_START}")
    return NATS_URL


def _missing(message: str) -> NoReturn:
    """A service or program the test needs is missing: a failure under CI, else a skip."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def postgres_schema(prefix: str) -> Iterator[tuple[str, str]]:
    """``(store URL, schema)`` of a throwaway schema on the test server, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg", reason="needs the test extra: pip install -e .[test]")
    base = require_postgres()
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        yield f"{base}?schema={schema}", schema
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def require_program(name: str, package: str) -> str:
    """The path of the program *name*, from Debian's *package* (which ``.ci/run`` installs)."""
    import shutil

    path = shutil.which(name)
    if path is None:
        _missing(f"{name} is not installed; install it with: apt-get install -y {package}")
    return path


@contextmanager
def durable_store(kind: str, folder: Path, prefix: str = "kim_test") -> Iterator[str]:
    """The URL of a new, empty durable store: a SQLite file in *folder*, or a PostgreSQL schema.

    *kind* is ``sqlite`` or ``postgres``; the schema is dropped afterwards.
    """
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'kim.db'}"
        return
    with postgres_schema(prefix) as (url, _schema):
        yield url
