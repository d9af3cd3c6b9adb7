"""The counts the report facts keep (`_report_counts`) give the reports their tally gives.

The live report reads the roll-ups; the plain twin counts the facts' current versions
(`ModelStore.tally`). Both must give every report at every level, on every model store, after
any log the domain accepts, projected a few events a page.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import recorded_stepped
from tests.services import require_postgres

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain.views._report_counts import (
    CUTS,
    KIM_GROUPS,
    MEMBERS,
    ROLLUPS,
    Rollup,
    counted,
    counted_at,
)
from kimcore.domain.views._report_days import remembered
from kimcore.domain.views.query import Page, Query
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.report_tables import FACT_PARTIES
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.domain.views.tally import Measure, Tally
from kimcore.errors import ReadModelError
from kimcore.projections import (
    MemoryModels,
    ModelStore,
    OnePassProjector,
    PostgresModels,
    Projector,
    SqliteModels,
)
from kimcore.reporting import POSITION_MAX, build_report, tally_report
from kimcore.testing.strategies import accepted_commands

T0 = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)
KINDS = ["memory", "sqlite", "postgres"]


def _recorded(commands: list[k.Command], steps: list[int]) -> k.MemoryStore:
    return recorded_stepped(commands, steps, T0)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        require_postgres()
    return str(request.param)


def _models(kind: str) -> ModelStore:
    if kind == "memory":
        return MemoryModels()
    if kind == "sqlite":
        return SqliteModels(":memory:")
    return PostgresModels(require_postgres(), schema=f"t_{uuid.uuid4().hex[:12]}")


def _close(models: ModelStore) -> None:
    if isinstance(models, PostgresModels):
        models.drop()
    models.close()


@contextmanager
def _facts(kind: str, store: k.EventStore, page_size: int) -> Iterator[ModelStore]:
    """A model store of *kind* with the report facts of *store* projected, *page_size* a page."""
    models = _models(kind)
    try:
        OnePassProjector(store, [ReportFacts()], models, page_size=page_size).run()
        yield models
    finally:
        _close(models)


# The fixture is the store's kind, a string: nothing to reset between examples.
_EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _logs(steps: st.SearchStrategy[int], most: int) -> Any:
    """Draws at most *most* accepted commands, the days between them, a projection's page size."""
    return given(
        commands=accepted_commands(max_size=most),
        steps=st.lists(steps, max_size=most),
        page_size=st.integers(1, 6),
    )


def _agree(models: ModelStore, store: k.EventStore) -> None:
    for name in REPORTS:
        for level in LEVELS:
            rolled = tally_report(models, name, level=level)
            tallied = tally_report(models, name, level=level, rolled_up=False)
            assert rolled.rows == tallied.rows, (name, level)
            assert rolled.position == tallied.position == store.head_position()


@_EXAMPLES
@_logs(st.integers(-2, 3), 16)
def test_the_counts_kept_are_the_tally_of_the_facts(
    kind: str, commands: list[k.Command], steps: list[int], page_size: int
) -> None:
    store = _recorded(commands, steps)
    with _facts(kind, store, page_size) as models:
        _agree(models, store)


def _days(store: k.EventStore) -> list[dt.date]:
    """Every day recorded, the day before each, and the turns of months and years around them."""
    recorded = {s.recorded_at.date() for s in store.read_all(0, 100_000)}
    found = {d + dt.timedelta(days=n) for d in recorded for n in (-1, 0)}
    for d in recorded:
        month = d.replace(day=1)
        found |= {month - dt.timedelta(days=1), month, d.replace(month=1, day=1)}
        found.add(d.replace(month=1, day=1) - dt.timedelta(days=1))
    return sorted(found | {T0.date() + dt.timedelta(days=4000)})


@_EXAMPLES
# Days, weeks and months apart, a clock gone back now and then: every span is used.
@_logs(st.sampled_from([-3, 0, 0, 1, 2, 9, 27, 31, 45, 200, 370]), 14)
def test_a_report_as_of_a_day_added_up_by_day_is_the_replay(
    kind: str, commands: list[k.Command], steps: list[int], page_size: int
) -> None:
    """The plain twin replays the log up to the day; the kept changes by day add up to it."""
    store = _recorded(commands, steps)
    with _facts(kind, store, page_size) as models:
        for day in _days(store):
            for name in REPORTS:
                for level in LEVELS:
                    added = tally_report(models, name, level=level, as_of=day)
                    replayed = build_report(store, name, level=level, as_of=day)
                    assert added.rows == replayed.rows, (day, name, level)
                    versions = tally_report(models, name, level=level, as_of=day, rolled_up=False)
                    assert added.rows == versions.rows, (day, name, level)


@_EXAMPLES
# Several events a day, days apart, a clock gone back now and then.
@_logs(st.sampled_from([-3, -1, 0, 0, 0, 1, 2, 31, 370]), 14)
def test_a_report_as_of_a_position_added_up_by_day_is_the_replay(
    kind: str, commands: list[k.Command], steps: list[int], page_size: int
) -> None:
    """The days up to the last change up to a position, and that day's changes, give it.

    Each roll-up's tally at each cut is counted that way whatever the day's share of the log
    (``share=None``) and equals the count of the versions true then; each report, which
    counts the versions where the day holds much of the log, equals the replay.
    """
    store = _recorded(commands, steps)
    head = store.head_position()
    with _facts(kind, store, page_size) as models:
        for position in [*range(head + 2), POSITION_MAX]:
            for rollup in ROLLUPS:
                for cut in CUTS:
                    prefix = {"region_code": cut}
                    fast = counted_at(
                        models.tally, models.query_many, rollup.query, prefix, position, share=None
                    )
                    plain = models.tally(rollup.query, prefix=prefix, at=position)
                    assert fast is not None
                    assert sorted(fast, key=repr) == sorted(plain, key=repr), (position, rollup)
            for name in REPORTS:
                for level in LEVELS:
                    added = tally_report(models, name, level=level, as_of=position)
                    versions = tally_report(
                        models, name, level=level, as_of=position, rolled_up=False
                    )
                    assert added.rows == versions.rows, (position, name, level)
                    replayed = build_report(store, name, level=level, as_of=position)
                    assert added.rows == replayed.rows, (position, name, level)


def test_the_story_counted_page_by_page_and_at_once(kind: str) -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    days: list[list[list[dict[str, object]]]] = []
    for page_size in (1, 1000):
        with _facts(kind, store, page_size) as models:
            _agree(models, store)
            # A group of counts that fell to nothing is gone, not kept at zero.
            for rollup in ROLLUPS:
                assert all(row["tally_rows"] > 0 for row in models.rows(rollup.table))
            assert models.rows(ROLLUPS[0].table, {"cut": 2})  # the story has KIMs
            # The changes by day are the same however the log was paged (a rebuild makes
            # them anew), and none adds up to nothing.
            days.append([models.rows(rollup.days) for rollup in ROLLUPS])
            for rollup, rows in zip(ROLLUPS, days[-1], strict=True):
                assert all(any(row[n] for n in rollup.counted) for row in rows)
            assert days[-1][0]
    assert days[0] == days[1]


def test_a_report_as_of_a_position_is_exact_while_the_facts_move_on() -> None:
    """The projector writing the day's later changes between the report's reads adds none.

    The story is recorded on one day: a position mid-log is on the facts' last day, whose
    changes after it are not yet all kept when the report looks them up.
    """
    store = k.MemoryStore()
    run_story(k.Application(store))
    position = store.head_position() // 2

    def facts() -> MemoryModels:
        models = MemoryModels()
        projector = Projector(store, ReportFacts(), models, page_size=1)
        projector.run(stop_before=lambda stored: stored.position > position)
        return models

    class Moving(MemoryModels):
        """Model stores whose projector moves on once the report has looked its day up."""

        moved = False

        def tally(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
            if not self.moved:
                self.moved = True
                Projector(store, ReportFacts(), self).run()
            return super().tally(*args, **kwargs)

    moved = []
    for name in REPORTS:
        plain = tally_report(facts(), name, as_of=position, rolled_up=False)
        moving = Moving()
        Projector(store, ReportFacts(), moving, page_size=1).run(
            stop_before=lambda stored: stored.position > position
        )
        assert tally_report(moving, name, as_of=position).rows == plain.rows, name
        moved.append(moving.moved)
    assert any(moved)  # a report whose facts hold nothing up to the position counts none


class _Moving(MemoryModels):
    """Model stores whose projector moves on to the head after their *moves*-th lookups."""

    def __init__(self, store: k.EventStore, moves: int) -> None:
        super().__init__()
        self.store, self.moves = store, moves

    def query_many(self, queries: Sequence[Query]) -> list[Page]:
        found = super().query_many(queries)
        self.moves -= 1
        if self.moves == 0:
            Projector(self.store, ReportFacts(), self).run()
        return found


@_EXAMPLES
@_logs(st.sampled_from([0, 0, 1, 2, 31]), 10)
def test_a_count_as_of_a_position_is_exact_whichever_lookups_the_facts_move_on_after(
    commands: list[k.Command], steps: list[int], page_size: int
) -> None:
    """The projector writing later changes between any two rounds of lookups adds none.

    Counted from the days whatever the day's share of the log, as of each position, the
    facts projected up to it and moving on to the head after the first, second or third
    round of lookups: each roll-up at each cut equals the versions true then.
    """
    store = _recorded(commands, steps)
    head = store.head_position()
    whole = MemoryModels()
    Projector(store, ReportFacts(), whole).run()
    for position in range(head + 1):
        for moves in (1, 2, 3):
            moving = _Moving(store, moves)
            Projector(store, ReportFacts(), moving, page_size=page_size).run(
                stop_before=lambda stored, p=position: stored.position > p
            )
            find = remembered(moving.query_many)
            for rollup in ROLLUPS:
                for cut in CUTS:
                    prefix = {"region_code": cut}
                    fast = counted_at(
                        moving.tally, find, rollup.query, prefix, position, share=None
                    )
                    plain = whole.tally(rollup.query, prefix=prefix, at=position)
                    assert fast is not None
                    assert sorted(fast, key=repr) == sorted(plain, key=repr), (position, moves)


def test_a_roll_up_is_of_a_tally_by_region_and_serves_only_its_own() -> None:
    by_party = Tally(table=FACT_PARTIES, by=("party_id",), measures=(Measure.rows("n"),))
    with pytest.raises(ReadModelError, match="by region_code"):
        Rollup("parties", by_party)
    clash = Tally(table=FACT_PARTIES, by=("region_code",), measures=(Measure.rows("tally_rows"),))
    with pytest.raises(ReadModelError, match="its own"):
        Rollup("clash", clash)
    models = MemoryModels()
    models.prepare(ReportFacts.name, ReportFacts.version, ReportFacts.tables)
    with pytest.raises(ReadModelError, match="no roll-up"):
        counted(models.rows, clash, {"region_code": 5})
    with pytest.raises(ReadModelError, match="no roll-up"):
        counted(models.rows, KIM_GROUPS, {"region_code": 4})
    with pytest.raises(ReadModelError, match="no roll-up"):
        counted(models.rows, MEMBERS, {"region_code": 5, "gender": 1})
    assert counted(models.rows, MEMBERS, {"region_code": 5}) == []
    models.close()


def test_a_lookup_is_remembered_only_for_an_equal_query() -> None:
    """A report's lookups share a page only where every field of their queries is equal."""
    sent: list[list[Query]] = []

    def find(queries: Sequence[Query]) -> list[Page]:
        sent.append(list(queries))
        return [Page(rows=[{"n": len(sent)}], next=None) for _ in queries]

    versions = KIM_GROUPS.table
    plain = Query(table=versions, ranges=(("valid_from", "lte", 5),), order="valid_from", limit=1)
    others = [
        attrs.evolve(plain, where={"region_code": "11"}),
        attrs.evolve(plain, where={"region_code": None}),
        attrs.evolve(plain, present=("valid_to",)),
        attrs.evolve(plain, region="11"),
        attrs.evolve(plain, contains={"region_code": "1"}),
        attrs.evolve(plain, descending=True),
        attrs.evolve(plain, offset=1),
        attrs.evolve(plain, count=True),
        attrs.evolve(plain, limit=2),
        attrs.evolve(plain, ranges=(("valid_from", "lte", 6),)),
        attrs.evolve(plain, order="valid_to"),
    ]
    looked = remembered(find)
    (first,) = looked([plain])
    assert looked([attrs.evolve(plain)]) == [first]
    assert len(sent) == 1
    pages = looked([plain, *others, others[0]])
    assert sent[1] == others  # those not kept yet, each once, at once
    assert pages == [first, *pages[1:-1], pages[1]]
    assert looked(others) == pages[1:-1]
    assert looked([]) == []
    assert len(sent) == 2


def test_a_roll_up_says_whether_its_versions_are_fewer_than_its_days() -> None:
    """Those grouped by a month count the versions as of a position, whatever their name."""
    fewer = {r.name for r in ROLLUPS if r.versions_fewer}
    assert fewer == {r.name for r in ROLLUPS if "month" in r.query.by} == {"activities", "products"}
    models = MemoryModels()
    models.prepare(ReportFacts.name, ReportFacts.version, ReportFacts.tables)
    for rollup in ROLLUPS:
        prefix = {"region_code": 5}
        found = counted_at(models.tally, models.query_many, rollup.query, prefix, 3)
        assert found == (None if rollup.versions_fewer else [])
        assert (
            counted_at(models.tally, models.query_many, rollup.query, prefix, 3, share=None) == []
        )
    models.close()


def test_no_report_makes_an_index(tmp_path: Path) -> None:
    """The projection makes every index a report counts by: a request makes none."""
    store = k.MemoryStore()
    run_story(k.Application(store))
    models = SqliteModels(str(tmp_path / "models.db"))
    try:
        OnePassProjector(store, [ReportFacts()], models).run()
        day = store.read_all(0, 1)[0].recorded_at.date()

        def indexes() -> set[str]:
            with sqlite3.connect(str(tmp_path / "models.db")) as conn:
                found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
                names = {row[0] for row in found}
            conn.close()
            return names

        made = indexes()
        assert len([n for n in made if n.startswith("kimcore_tally_")]) == len(ReportFacts.tallies)
        for name in REPORTS:
            for level in LEVELS:
                for as_of in (None, day, 2):
                    tally_report(models, name, level=level, as_of=as_of)
        assert indexes() == made
    finally:
        models.close()


def test_a_service_names_a_forum_region_recorded_after_its_last_report(tmp_path: Path) -> None:
    """The region names a service keeps between reports are read again once a forum is added."""
    from kimcore.web.service import Service

    store = k.open_store(f"sqlite:///{tmp_path / 'kim.db'}")
    service = Service(store)
    try:
        later = _Later(k.Application(store))
        run_story(later)  # type: ignore[arg-type]  # what the story asks of an application
        models = list(service.read_models.values())
        OnePassProjector(store, models, service.models).run()
        table, _ = service.report("kims", "district", None)
        assert "Pahandut" not in {row["region_name"] for row in table.rows}
        for method, command, options in later.held:
            getattr(later.app, method)(command, **options)
        OnePassProjector(store, models, service.models).run()
        table, _ = service.report("kims", "district", None)
        names = {row["region_code"]: row["region_name"] for row in table.rows}
        assert names["62.71.01"] == "Pahandut"
    finally:
        service.stop()


class _Later:
    """An application that records commands until a forum is established, and holds the rest."""

    def __init__(self, app: k.Application) -> None:
        self.app = app
        self.held: list[tuple[str, k.Command, dict[str, object]]] = []

    def handle(self, command: k.Command, **options: object) -> None:
        self._do("handle", command, options)

    def forget(self, command: k.Command, **options: object) -> None:
        self._do("forget", command, options)

    def _do(self, method: str, command: k.Command, options: dict[str, object]) -> None:
        if self.held or isinstance(command, k.EstablishForum):
            self.held.append((method, command, options))
        else:
            getattr(self.app, method)(command, **options)
