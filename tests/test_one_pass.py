"""One pass over the log equals one projector per read model; checkpoints are compared and set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import recorded_daily

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.errors import CheckpointMoved
from kimcore.projections import (
    MemoryModels,
    ModelStore,
    OnePassProjector,
    Projector,
    ReadModel,
    SqliteModels,
    portal_models,
)
from kimcore.testing.strategies import accepted_commands

T0 = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)


def every_model() -> list[ReadModel]:
    return [*portal_models(), ReportFacts()]


def tables_of(models: ModelStore) -> dict[str, list[dict[str, Any]]]:
    return {t.name: models.rows(t) for m in every_model() for t in m.tables}


class Undeclared:
    """*model* without its ``event_types``: handed every event, so a type it handles but
    does not declare shows as a difference."""

    def __init__(self, model: ReadModel) -> None:
        self.model = model
        self.name, self.version, self.tables = model.name, model.version, model.tables
        self.personal_data = model.personal_data

    def apply(self, tables: Any, recorded: Any) -> None:
        self.model.apply(tables, recorded)

    def finish(self, tables: Any) -> None:
        """The model's own end of a page (`ReadModel.finish`), if it has one."""
        finish = getattr(self.model, "finish", None)
        if finish is not None:
            finish(tables)


def per_model(store: k.EventStore) -> MemoryModels:
    """The plain way: one projector per read model, each decoding every event."""
    models = MemoryModels()
    for model in every_model():
        Projector(store, Undeclared(model), models).run()
    return models


class Counting:
    """Counts what the codec is asked to decode, by stored type."""

    def __init__(self) -> None:
        self.codec = k.get_plugins().codec()
        self.decoded: list[str] = []
        self.registry = self.codec.registry

    def decode(self, stored: k.StoredEvent, keys: Any = None, **options: Any) -> Any:
        self.decoded.append(stored.event_type)
        return self.codec.decode(stored, keys, **options)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=accepted_commands(max_size=16),
    page_size=st.integers(1, 9),
    stops=st.lists(st.integers(1, 4), max_size=3),
    alone=st.sampled_from([m.name for m in every_model()]),
)
def test_one_pass_gives_the_read_models_per_model_projection_gives(
    commands: list[k.Command], page_size: int, stops: list[int], alone: str
) -> None:
    """Any accepted history, any page size, stopped after any rounds, one model rebuilt alone."""
    store = recorded_daily(commands, T0)
    models = MemoryModels()
    one_pass = OnePassProjector(store, every_model(), models, page_size=page_size)
    one_pass.prepare()
    for rounds in stops:
        for _ in range(rounds):
            one_pass.step(one_pass.names)
    one_pass.rebuild([alone])  # behind the others: read in a group of its own, then merged
    one_pass.run()
    assert tables_of(models) == tables_of(per_model(store))
    head = store.head_position()
    assert all(models.checkpoint(name) == head for name in one_pass.names)


def test_an_event_no_model_handles_is_never_decoded() -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    counting = Counting()
    forums = next(m for m in portal_models() if m.name == "forum_directory")
    one_pass = OnePassProjector(store, [forums], MemoryModels(), codec=counting)  # type: ignore[arg-type]
    one_pass.run()
    handled = {cls.event_name for cls in forums.event_types}
    assert counting.decoded, "the forums' events were decoded"
    assert set(counting.decoded) <= handled
    logged = [s.event_type for s in store.read_all(0, 10_000)]
    assert len(counting.decoded) == sum(t in handled for t in logged) < len(logged)


def test_each_event_is_decoded_once_for_all_the_models_that_handle_it() -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    counting = Counting()
    impersonal = [m for m in every_model() if not m.personal_data]
    OnePassProjector(store, impersonal, MemoryModels(), codec=counting).run()  # type: ignore[arg-type]
    assert len(counting.decoded) == len(set(_positions(store, impersonal)))


def test_a_personal_and_an_impersonal_model_read_sealed_fields_their_own_way() -> None:
    """The registry sees names; the facts, handed the same GroupFormed, see them redacted."""
    store = k.MemoryStore()
    run_story(k.Application(store))
    seen: dict[str, set[str]] = {}

    class Names:
        name = "names"
        version = 1
        tables = ()
        event_types = frozenset({k.events.GroupFormed})

        def __init__(self, personal: bool) -> None:
            self.personal_data = personal
            self.name = f"names_{personal}"

        def apply(self, tables: Any, recorded: Any) -> None:
            names = {f.name for f in recorded.event.founders}
            seen.setdefault(self.name, set()).update(names)

    OnePassProjector(store, [Names(True), Names(False)], MemoryModels()).run()
    assert len(seen["names_True"] - {k.personal.REDACTED}) >= 3  # the story forgets one
    assert seen["names_False"] == {k.personal.REDACTED}


def _positions(store: k.EventStore, models: list[ReadModel]) -> list[int]:
    names = {cls.event_name for m in models for cls in m.event_types}  # type: ignore[attr-defined]
    return [s.position for s in store.read_all(0, 100_000) if s.event_type in names]


def test_one_pass_on_every_model_store_equals_per_model_in_memory(model_store: ModelStore) -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    OnePassProjector(store, every_model(), model_store, page_size=7).run()
    assert tables_of(model_store) == tables_of(per_model(store))


def test_a_page_is_applied_once_when_two_projectors_race(model_store: ModelStore) -> None:
    """Both read the same page from the same checkpoint; the second finds it moved."""
    store = k.MemoryStore()
    run_story(k.Application(store))
    first, second = (
        OnePassProjector(store, every_model(), model_store, page_size=5) for _ in range(2)
    )
    first.prepare()
    second.prepare()
    first.step(first.names)  # both hold checkpoint 0 in hand; the first applies a page
    with (
        pytest.raises(CheckpointMoved, match="expected at 0"),
        model_store.transaction("group_registry", expect=0) as tx,
    ):
        tx.advance(5)
    second.run()  # its first commits find the checkpoints moved: it reads on from there
    first.run()
    assert tables_of(model_store) == tables_of(per_model(store))


def test_a_checkpoint_moved_by_another_writes_nothing(model_store: ModelStore) -> None:
    (model, *_) = portal_models()
    model_store.prepare(model.name, model.version, model.tables)
    with model_store.transaction(model.name, expect=0) as tx:
        tx.advance(7)
    groups = model.tables[0]
    row = {"group_id": "g", "name": "KIM", "member_count": 0}
    with pytest.raises(CheckpointMoved) as moved:
        _put_and_advance(model_store, model.name, groups, row)
    assert (moved.value.expected, moved.value.found) == (0, 7)
    assert model_store.rows(groups) == []
    assert model_store.checkpoint(model.name) == 7


def _put_and_advance(models: ModelStore, name: str, table: Any, row: dict[str, Any]) -> None:
    with models.transaction(name, expect=0) as tx:
        tx.put(table, row)
        tx.advance(9)


def _indexes(models: SqliteModels) -> set[str]:
    with models._reading() as cursor:
        found = cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    return {name for (name,) in found}


@pytest.fixture
def projected(tmp_path: Path) -> Iterator[tuple[k.MemoryStore, SqliteModels, OnePassProjector]]:
    """The story's log projected once into SQLite models: their indexes made."""
    store = k.MemoryStore()
    run_story(k.Application(store))
    with SqliteModels(str(tmp_path / "models.db")) as models:
        one_pass = OnePassProjector(store, every_model(), models, page_size=50)
        one_pass.run()
        assert _indexes(models)  # the portal's tables declare some
        yield store, models, one_pass


def test_a_rebuild_loads_the_tables_bare_and_indexes_them_at_the_end(
    projected: tuple[k.MemoryStore, SqliteModels, OnePassProjector],
) -> None:
    store, models, one_pass = projected
    indexed = _indexes(models)
    seen: list[set[str]] = []
    one_pass.on_page = lambda _position: seen.append(_indexes(models))
    one_pass.rebuild()
    assert seen
    assert all(not found for found in seen)  # none kept up row by row
    assert _indexes(models) == indexed
    assert tables_of(models) == tables_of(per_model(store))


def test_a_rebuild_stopped_halfway_is_indexed_by_the_next_run(
    projected: tuple[k.MemoryStore, SqliteModels, OnePassProjector],
) -> None:
    store, models, one_pass = projected
    indexed = _indexes(models)
    one_pass.reset(indexes=False)
    one_pass.step(one_pass.names)  # a page, then the process dies
    assert not _indexes(models)
    OnePassProjector(store, every_model(), models, page_size=50).run()
    assert _indexes(models) == indexed
    assert tables_of(models) == tables_of(per_model(store))
