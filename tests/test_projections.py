"""Projections: every read model on every model store, exactly once, resumable, rebuildable."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.demo import PEOPLE, run_story
from kimcore.domain.views import ACTIVITY_REPORT, FORUMS, GROUPS, MEMBERS, PARTNERSHIPS
from kimcore.errors import ReadModelError
from kimcore.projections import (
    Column,
    MemoryModels,
    ModelStore,
    Projector,
    SqliteModels,
    Table,
    portal_models,
)
from kimcore.testing import strategies as s

ALL_TABLES = (GROUPS, MEMBERS, FORUMS, PARTNERSHIPS, ACTIVITY_REPORT)


@pytest.fixture
def models(model_store: ModelStore) -> ModelStore:
    """Each model store (conftest's ``model_store``), under this file's name for it."""
    return model_store


def story_store() -> k.MemoryStore:
    store = k.MemoryStore()
    run_story(k.Application(store))
    return store


def project_all(store: k.EventStore, models: ModelStore, **options: Any) -> None:
    for model in portal_models():
        Projector(store, model, models, **options).run()


def snapshot(models: ModelStore) -> dict[str, list[dict[str, Any]]]:
    return {t.name: models.rows(t) for t in ALL_TABLES}


def test_the_portal_read_models_agree_on_every_model_store(models: ModelStore) -> None:
    store = story_store()
    project_all(store, models)
    reference = MemoryModels()
    project_all(store, reference)
    assert snapshot(models) == snapshot(reference)
    group = models.rows(GROUPS)[0]
    assert (group["stage"], group["standing"], group["kind"]) == ("registered", "good", "hybrid")
    assert group["member_count"] == len(models.rows(MEMBERS)) == 6
    assert models.rows(FORUMS, {"level": "district"})[0]["member_count"] == 1
    assert models.rows(PARTNERSHIPS, {"status": "active"})[0]["activity_count"] == 1
    report = models.rows(ACTIVITY_REPORT, {"topic": "pencegahan stunting"})
    assert sum(r["activities"] for r in report) == 2


def test_forgetting_a_member_scrubs_the_registry(models: ModelStore) -> None:
    store = story_store()
    app = k.Application(store)
    registry = next(m for m in portal_models() if m.name == "group_registry")
    projector = Projector(store, registry, models)
    projector.run()
    leaver = next(r for r in models.rows(MEMBERS) if r["name"] == PEOPLE[0][0])
    app.forget(
        k.ForgetSubject(
            subject_id=uuid.UUID(leaver["member_id"]),
            requested_by=k.values.ErasureRequester.DATA_SUBJECT,
            basis=k.values.ErasureBasis.CONSENT_WITHDRAWN,
            requested_on=dt.date(2024, 8, 1),
        )
    )
    projector.run()
    names = {r["name"] for r in models.rows(MEMBERS)}
    assert PEOPLE[0][0] not in names
    assert str(k.REDACTED) in names
    if isinstance(models, SqliteModels):  # nor in the file's bytes, the log's included
        raw = b"".join(p.read_bytes() for p in Path(models.path).parent.glob("models.db*"))
        assert PEOPLE[0][0].encode() not in raw
        assert PEOPLE[1][0].encode() in raw  # the others are still there
    # A rebuild reads the name as redacted too: the key is gone.
    projector.rebuild()
    assert PEOPLE[0][0] not in {r["name"] for r in models.rows(MEMBERS)}


def test_a_failing_page_changes_nothing_and_is_projected_again(models: ModelStore) -> None:
    store = story_store()

    class Flaky:
        name = "flaky"
        version = 1
        tables = (
            Table(name="seen", columns=(Column(name="position", type="int"),), key=("position",)),
        )
        personal_data = False
        fail_at: int | None = 9

        def apply(self, tables: Any, recorded: k.RecordedEvent[k.Event]) -> None:
            tables.put(self.tables[0], {"position": recorded.position})
            if recorded.position == self.fail_at:
                raise RuntimeError("disk full")

    flaky = Flaky()
    projector = Projector(store, flaky, models, page_size=4)
    with pytest.raises(RuntimeError, match="disk full"):
        projector.run()
    assert projector.checkpoint() == 8  # the pages before the failing one
    assert [r["position"] for r in models.rows(flaky.tables[0])] == list(range(1, 9))
    flaky.fail_at = None
    projector.run()
    assert [r["position"] for r in models.rows(flaky.tables[0])] == list(
        range(1, store.head_position() + 1)
    )


def test_a_new_version_rebuilds_from_zero(models: ModelStore) -> None:
    store = story_store()
    registry = portal_models()[0]
    Projector(store, registry, models).run()
    models.rows(GROUPS)  # present
    with models.transaction(registry.name) as tx:
        tx.update(GROUPS, {}, {"name": "tampered"})
    registry.version += 1  # type: ignore[misc]
    assert Projector(store, registry, models).run() == store.head_position()
    assert models.rows(GROUPS)[0]["name"] == "KIM Langkai Informatif"


def test_a_live_projector_follows_new_events_and_stops(models: ModelStore) -> None:
    store = k.MemoryStore()
    app = k.Application(store)
    registry = portal_models()[0]
    projector = Projector(store, registry, models, poll=0.05)
    runner = threading.Thread(target=projector.run, kwargs={"live": True})
    runner.start()
    run_story(app)
    deadline = threading.Event()
    for _ in range(200):
        if projector.checkpoint() == store.head_position():
            break
        deadline.wait(0.05)
    projector.stop()
    runner.join(5)
    assert not runner.is_alive()
    assert projector.checkpoint() == store.head_position()
    assert len(models.rows(MEMBERS)) == 6


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    events=st.lists(s.events, max_size=30),
    page_size=st.integers(1, 7),
    stops=st.lists(st.integers(1, 5), max_size=4),
)
def test_interrupted_runs_equal_one_uninterrupted_run(
    events: list[k.Event], page_size: int, stops: list[int]
) -> None:
    """Any events, any page size, stopped after any pages and resumed: no loss, no double count."""
    store = k.MemoryStore()
    app = k.Application(store)
    for n, event in enumerate(events):
        store.append(f"s-{n % 3}", app.encode([event]), k.stores.ANY_VERSION)
    once = MemoryModels()
    project_all(store, once)
    resumed = MemoryModels()
    for model in portal_models():
        for pages in stops:
            _run_pages(Projector(store, model, resumed, page_size=page_size), pages)
        Projector(store, model, resumed, page_size=page_size).run()
    assert snapshot(resumed) == snapshot(once)


def _run_pages(projector: Projector, pages: int) -> None:
    """Run *projector* for at most *pages* pages, as a process stopped early would."""
    handled = [0]

    def counted(_position: int) -> None:
        handled[0] += 1
        if handled[0] >= pages:
            projector.stop()

    projector.on_page = counted
    projector.run()


def test_a_table_is_declared_by_its_columns_names() -> None:
    spelled = Table(
        name="t",
        columns=(Column(name="a", type="text"), Column(name="n", type="int")),
        key=("a",),
        sortable=("n",),
    )
    assert Table.of("t", ("a",), "a  n:int", sortable=("n",)) == spelled
    assert Table.of("t", ("a",), "a", ("n", "int"), sortable=("n",)) == spelled
    with pytest.raises(ReadModelError, match="neither text nor int"):
        Table.of("t", ("a",), "a n:float")


def test_tables_and_rows_are_checked() -> None:
    with pytest.raises(ReadModelError, match="lower-case SQL identifier"):
        Table(name="Groups; DROP", columns=(Column(name="a", type="text"),), key=("a",))
    with pytest.raises(ReadModelError, match="must name its columns"):
        Table(name="t", columns=(Column(name="a", type="text"),), key=("b",))
    with pytest.raises(ReadModelError, match="declared twice"):
        Table(
            name="t",
            columns=(Column(name="a", type="text"), Column(name="a", type="int")),
            key=("a",),
        )
    models = MemoryModels()
    table = Table(name="t", columns=(Column(name="a", type="text"),), key=("a",))
    models.prepare("p", 1, [table])
    with models.transaction("p") as tx, pytest.raises(ReadModelError, match="no column"):
        tx.put(table, {"a": "x", "b": 1})
    with models.transaction("p") as tx, pytest.raises(ReadModelError, match="key column"):
        tx.put(table, {"a": None})
    with pytest.raises(ReadModelError, match="not prepared"), models.transaction("q"):
        pass


def test_no_read_model_table_can_be_named_as_a_stores_own(tmp_path: Path) -> None:
    # A rebuild drops its tables: a read model naming the log's or the keys' table would empty
    # it. Every table and index the SQLite stores make for themselves in the file they share
    # with the read models is refused as a table's name.
    path = tmp_path / "shared.db"
    with k.SqliteStore(path) as store, SqliteModels(path) as models:
        run_story(k.Application(store))
        models.prepare("sink", 1, ())  # the checkpoints' table, with no table of a model
        with contextlib.closing(sqlite3.connect(path)) as conn:
            own = [n for (n,) in conn.execute("SELECT name FROM sqlite_master")]
    assert {"kimcore_events", "kimcore_keys", "kimcore_projections"} <= set(own)
    for name in [*own, "kimcore", "sqlite_master", "sqlite_sequence"]:
        with pytest.raises(ReadModelError, match="kept for the stores' own tables"):
            Table.of(name, ("a",), "a")
    assert Table.of("kimcorex", ("a",), "a").name == "kimcorex"  # only the prefix is kept
