"""The background runner: ready at once, one process per projection, failures retried."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.builders import form

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.projections import (
    MemoryModels,
    ModelStore,
    OnePassProjector,
    ProjectionRunner,
    Projector,
    SqliteModels,
    portal_models,
)


def every_model() -> list[Any]:
    return [*portal_models(), ReportFacts()]


def tables_of(models: ModelStore) -> dict[str, list[dict[str, Any]]]:
    return {t.name: models.rows(t) for m in every_model() for t in m.tables}


def reference(store: k.EventStore) -> dict[str, list[dict[str, Any]]]:
    models = MemoryModels()
    for model in every_model():
        Projector(store, model, models).run()
    return tables_of(models)


def eventually(check: Callable[[], bool], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.fixture
def story(tmp_path: Path) -> Iterator[tuple[k.EventStore, str]]:
    path = tmp_path / "kim.db"
    store = k.open_store(f"sqlite:///{path}")
    run_story(k.Application(store))
    yield store, str(path)
    store.close()


def more_history(store: k.EventStore, groups: int = 3) -> None:
    """KIMs formed anew, with founders of their own."""
    app = k.Application(store)
    for n in range(groups):
        founders = tuple(
            k.MemberDetails(
                member_id=uuid.uuid4(), name=f"Warga {i}", category=k.MemberCategory.YOUTH
            )
            for i in range(3)
        )
        app.handle(form(group_id=uuid.uuid4(), name=f"KIM Baru {n}", founders=founders))


def runner(store: k.EventStore, models: ModelStore, targets: Any = None) -> ProjectionRunner:
    targets = targets if targets is not None else every_model()
    one_pass = OnePassProjector(store, targets, models, poll=0.05)
    return ProjectionRunner(one_pass, lease_poll=0.05, backoff=(0.05, 0.2))


def states(r: ProjectionRunner) -> set[str]:
    return {h.state for h in r.health()}


def test_one_runner_projects_each_model_and_the_other_takes_over(
    story: tuple[k.EventStore, str],
) -> None:
    store, path = story
    first_models, second_models = SqliteModels(path), SqliteModels(path)
    first, second = runner(store, first_models), runner(store, second_models)
    first.start()
    eventually(lambda: states(first) == {"projecting"}, "the first takes every lease")
    second.start()
    time.sleep(0.3)  # several lease looks: the second never takes one the first holds
    assert states(second) == {"standby"}
    eventually(lambda: tables_of(second_models) == reference(store), "caught up")
    first.stop()  # its leases go with it, as with a process that dies
    eventually(lambda: states(second) == {"projecting"}, "the second takes over")
    more_history(store)  # projected by the second alone
    eventually(lambda: tables_of(second_models) == reference(store), "the second follows")
    second.stop()
    first_models.close()
    second_models.close()
    assert Path(f"{path}.leases").is_dir()


def test_start_returns_before_the_log_is_projected_and_reads_say_so(
    story: tuple[k.EventStore, str],
) -> None:
    store, path = story
    gate = threading.Event()

    class Slow:
        name = "slow"
        version = 1
        tables = ()
        personal_data = False

        def apply(self, tables: Any, recorded: Any) -> None:
            gate.wait(10)

    reads = SqliteModels(path)  # the service's reads: a connection of their own
    r = runner(store, SqliteModels(path), [Slow(), *portal_models()])
    r.start()  # returns at once: the tables are there, nothing is projected yet
    eventually(lambda: states(r) == {"projecting"}, "the leases taken")
    assert reads.rows(portal_models()[0].tables[0]) == []
    assert {reads.checkpoint(n) for n in r.names} == {0}
    gate.set()
    eventually(
        lambda: {reads.checkpoint(n) for n in r.names} == {store.head_position()}, "caught up"
    )
    r.stop()
    r.models.close()
    reads.close()


def test_a_model_that_raises_is_logged_reported_retried_and_the_others_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    failures = [3]

    class Flaky:
        name = "flaky"
        version = 1
        tables = ()
        personal_data = False
        event_types = frozenset({k.events.GroupFormed})

        def apply(self, tables: Any, recorded: Any) -> None:
            if failures[0]:
                failures[0] -= 1
                raise RuntimeError("the model's bug")

    models = MemoryModels()
    r = runner(store, models, [Flaky(), *portal_models()])
    with caplog.at_level(logging.INFO, logger="kimcore.projection"):
        r.start()
        eventually(lambda: "stopped" in states(r), "the flaky one stops")
        (stopped,) = [h for h in r.health() if h.state == "stopped"]
        assert (stopped.name, stopped.error) == ("flaky", "RuntimeError: the model's bug")
        assert models.failure("flaky") == stopped.error  # for every process to see
        eventually(lambda: models.checkpoint("group_registry") == store.head_position(), "others")
        eventually(lambda: models.checkpoint("flaky") == store.head_position(), "retried")
        eventually(lambda: states(r) == {"projecting"}, "it runs again")
        eventually(lambda: models.failure("flaky") is None, "its failure forgotten")
        r.stop()
    logged = [rec for rec in caplog.records if rec.name == "kimcore.projection"]
    errors = [rec for rec in logged if rec.levelno == logging.ERROR]
    assert len(errors) == 3
    assert all("'flaky' stopped" in rec.getMessage() for rec in errors)
    assert errors[0].exc_info is not None
    assert any("runs again after 3 failure(s)" in rec.getMessage() for rec in logged)


def test_a_model_emptied_by_another_process_is_rebuilt_by_its_holder(
    story: tuple[k.EventStore, str],
) -> None:
    store, path = story
    models = SqliteModels(path)
    r = runner(store, models)
    r.start()
    eventually(lambda: tables_of(models) == reference(store), "caught up")
    other = SqliteModels(path)  # as `kimcore project rebuild` does while the service runs
    registry = portal_models()[0]
    assert not other.lease(registry.name).acquire()
    other.reset(registry.name, registry.version, registry.tables)
    eventually(lambda: tables_of(models) == reference(store), "rebuilt by the holder")
    r.stop()
    other.close()
    models.close()


def test_rebuilding_one_model_does_not_hold_the_others_back() -> None:
    """A model rebuilding from zero reads in a group of its own; the others follow the head."""
    store = k.MemoryStore()
    run_story(k.Application(store))
    models = MemoryModels()
    one_pass = OnePassProjector(store, every_model(), models, page_size=2)
    one_pass.run()
    one_pass.reset(["report_facts"])
    head = store.head_position()
    more_history(store)  # new events at the head
    one_pass.step(one_pass.names)  # one round: a page for each group
    assert models.checkpoint("report_facts") <= 2
    assert one_pass.reached("group_registry") > head


def test_a_checkpoint_table_from_before_failures_were_kept_gets_their_column(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "old.db")
    registry = portal_models()[0]
    with sqlite3.connect(path) as old:  # as kimcore 0.1 made it, at the registry's version
        old.execute(
            "CREATE TABLE kimcore_projections"
            " (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position BIGINT NOT NULL)"
        )
        old.execute(
            "INSERT INTO kimcore_projections VALUES ('group_registry', ?, 7)", (registry.version,)
        )
    old.close()
    models = SqliteModels(path)
    assert models.prepare(registry.name, registry.version, registry.tables) == 7
    models.note_failure(registry.name, "KeyError: 'x'")
    assert models.failure(registry.name) == "KeyError: 'x'"
    models.reset(registry.name, registry.version, registry.tables)
    assert models.failure(registry.name) is None
    models.close()
