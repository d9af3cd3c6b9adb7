"""Operating PostgreSQL stores: names that fit, fast failure, read models that stay apart."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from tests.builders import form
from tests.services import require_postgres

import kimcore as k
from kimcore.adapters._postgres_names import MAX_IDENTIFIER, channel_for
from kimcore.cli.app import cli
from kimcore.domain.views import GROUPS
from kimcore.projections import PostgresModels
from kimcore.testing.store_machine import new_events

psycopg = pytest.importorskip("psycopg", reason="install the test extra: pip install -e '.[test]'")


@pytest.fixture
def base() -> Iterator[str]:
    url = require_postgres()
    yield url
    with psycopg.connect(url, autocommit=True) as conn:
        made = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kimops%%'")
        for (schema,) in made.fetchall():
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _schema(length: int) -> str:
    head = f"kimops{uuid.uuid4().hex[:8]}"
    return head + "x" * (length - len(head))


@pytest.mark.parametrize("length", [55, 56, 57, 63])
def test_every_schema_name_that_opens_appends_and_notifies(base: str, length: int) -> None:
    schema = _schema(length)
    store = k.open_store(f"{base}?schema={schema}&models_schema=kimops_m{length}")
    assert isinstance(store, k.PostgresStore)
    assert len(store.channel) <= MAX_IDENTIFIER
    with psycopg.connect(base, autocommit=True) as listener:
        listener.execute(f'LISTEN "{store.channel}"')
        store.append("group-a", new_events(1), k.stores.NO_STREAM)
        assert list(listener.notifies(timeout=2, stop_after=1))
    assert store.wait(0, 10)  # other transactions on the server may hold the horizon a moment
    assert len(store.read_all()) == 1
    store.close()


def test_a_name_postgresql_would_cut_is_refused_before_anything_is_made(base: str) -> None:
    schema = _schema(64)
    with pytest.raises(k.errors.InvalidStoreArgument, match="schema: is 64 characters"):
        k.open_store(f"{base}?schema={schema}")
    with psycopg.connect(base) as conn:
        found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname LIKE %s", (schema[:63],))
        assert found.fetchone() is None
    with pytest.raises(k.errors.InvalidStoreArgument, match="models_schema"):
        k.open_store(f"{base}?schema={_schema(60)}")  # its default models schema is too long
    for bad in ("1abc", "a-b", "ümlaut", 'x"; drop'):
        with pytest.raises(k.errors.InvalidStoreArgument, match="schema"):
            k.PostgresStore(base, schema=bad)


def test_long_channels_are_digests_and_short_ones_keep_their_name() -> None:
    assert channel_for("kimcore") == "kimcore_kimcore"
    long_a, long_b = "a" * 63, "a" * 62 + "b"
    assert len(channel_for(long_a)) <= MAX_IDENTIFIER
    assert channel_for(long_a) != channel_for(long_b)


def test_unknown_parameters_are_refused_by_name(base: str) -> None:
    with pytest.raises(k.errors.InvalidStoreArgument, match='"colour"'):
        k.open_store(f"{base}?schema=kimops_p&colour=blue")
    for bad in ("0", "-3", "soon"):
        with pytest.raises(k.errors.InvalidStoreArgument, match="connect_timeout"):
            k.open_store(f"{base}?schema=kimops_p&connect_timeout={bad}")


def test_a_server_that_never_answers_fails_within_the_connect_timeout_in_one_line() -> None:
    # A socket that listens and never speaks: the TCP handshake completes, then silence.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(k.errors.StoreUnavailable) as caught:
            k.open_store(f"postgresql://postgres@127.0.0.1:{port}/test?connect_timeout=2")
        assert 1.5 < time.monotonic() - start < 5
    assert "\n" not in str(caught.value)
    assert "cannot connect to PostgreSQL" in str(caught.value)


def test_an_unreachable_server_is_one_line_on_the_command_line() -> None:
    result = CliRunner().invoke(
        cli, ["--store", "postgresql://postgres@127.0.0.1:1/test?connect_timeout=2", "verify"]
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("error: StoreUnavailable: cannot connect to PostgreSQL")


def test_two_stores_in_one_database_keep_their_read_models_apart(base: str) -> None:
    urls = {name: f"{base}?schema=kimops_{name}_{uuid.uuid4().hex[:6]}" for name in "ab"}
    app = k.Application(k.open_store(urls["a"]))
    app.handle(form())
    app.store.close()
    k.open_store(urls["b"]).close()  # an empty store B

    def rebuild(url: str) -> None:
        result = CliRunner().invoke(cli, ["--store", url, "project", "rebuild", "group_registry"])
        assert result.exit_code == 0, result.output

    rebuild(urls["a"])
    rebuild(urls["b"])
    for name, rows in (("a", 1), ("b", 0)):
        store = k.open_store(urls[name])
        assert isinstance(store, k.PostgresStore)
        models = PostgresModels(store.conninfo, schema=store.models_schema)
        assert len(models.rows(GROUPS)) == rows, name
        models.close()
        store.close()
