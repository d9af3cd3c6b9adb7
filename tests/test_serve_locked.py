"""``kimcore serve`` on a SQLite file another process holds the write lock of (#22)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

import kimcore as k
from kimcore.cli.app import cli
from kimcore.domain.views.query import Query

pytest.importorskip("uvicorn", reason="serve needs the web extra: pip install 'kimcore[web]'")

from kimcore.web.service import Service


def _locked(db: Path, *, made: bool = True) -> sqlite3.Connection:
    """A connection holding *db*'s write lock, as ``kimcore project rebuild --all`` does.

    *made*: the store's schema is made first (else the file is new and empty).
    """
    if made:
        k.open_store(f"sqlite:///{db}").close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_serve_on_a_store_it_cannot_make_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "kim.db"
    with closing(_locked(db, made=False)):
        result = CliRunner().invoke(
            cli, ["--store", f"sqlite:///{db}?busy_timeout=0.1", "serve", "--port", "0"]
        )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "write lock" in lines[0]
    assert lines[0].startswith("error: StoreUnavailable")


def test_a_store_to_make_while_locked_is_refused_with_a_typed_error(tmp_path: Path) -> None:
    db = tmp_path / "kim.db"
    with (
        closing(_locked(db, made=False)),
        pytest.raises(k.errors.StoreUnavailable, match="write lock"),
    ):
        k.SqliteStore(db, busy_timeout=0.1)


def test_a_made_store_and_its_read_models_open_without_the_write_lock(tmp_path: Path) -> None:
    """The service starts and reads while a rebuild holds the lock; it writes only after."""
    db = tmp_path / "kim.db"
    made = Service(k.open_store(f"sqlite:///{db}"))
    made.start()  # makes every read model's tables
    made.stop()
    with (
        closing(_locked(db)),
        closing(k.open_store(f"sqlite:///{db}?busy_timeout=0.1")) as store,
    ):
        service = Service(store)
        service.runner.one_pass.prepare(create_only=True)  # reads only: no wait, no error
        assert store.head_position() == 0
        _, table = next(iter(service.tables.values()))
        assert service.query(Query(table=table, limit=5)).rows == []
        service.models.close()
        service.runner.models.close()


def test_the_store_opens_once_the_lock_is_released(tmp_path: Path) -> None:
    db = tmp_path / "kim.db"
    holder = _locked(db)
    holder.execute("COMMIT")
    holder.close()
    with closing(k.open_store(f"sqlite:///{db}?busy_timeout=0.1")) as store:
        assert store.head_position() == 0


def test_a_service_starting_leaves_missing_indexes_to_its_projecting_thread(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kim.db"
    made = Service(k.open_store(f"sqlite:///{db}"))
    made.start()
    made.stop()
    with closing(sqlite3.connect(db)) as conn:
        dropped = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND name NOT LIKE 'kimcore%'"
        ).fetchall()
        assert dropped
        for (name,) in dropped:
            conn.execute(f'DROP INDEX "{name}"')

    def indexes() -> set[str]:
        with closing(sqlite3.connect(db)) as conn:
            found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            return {row[0] for row in found}

    service = Service(k.open_store(f"sqlite:///{db}"))
    service.runner.one_pass.prepare(create_only=True)
    assert not {name for (name,) in dropped} & indexes()
    service.runner.one_pass.prepare()  # as the projecting thread does on taking a lease
    assert {name for (name,) in dropped} <= indexes()
    service.stop()
