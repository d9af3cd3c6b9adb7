"""A report as of any moment, counted in SQL from the facts' versions, equals the replay."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import recorded_stepped

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.report_tables import FACT_GROUPS
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.errors import ReadModelError
from kimcore.projections import (
    MemoryModels,
    ModelStore,
    OnePassProjector,
    SqliteModels,
    Tally,
)
from kimcore.reporting import build_report, tally_report
from kimcore.testing.strategies import accepted_commands

T0 = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)


def _recorded(commands: list[k.Command], steps: list[int]) -> k.MemoryStore:
    return recorded_stepped(commands, steps, T0)


def _moments(store: k.EventStore) -> list[k.reporting.AsOf]:
    log = store.read_all(0, 100_000)
    days = sorted({s.recorded_at.date() for s in log})
    around = {d + dt.timedelta(days=n) for d in days for n in (-1, 0)}
    around.add(T0.date() + dt.timedelta(days=400))
    beyond = log[-1].position + 5 if log else 1
    return [None, 0, *(s.position for s in log), beyond, *sorted(around)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=accepted_commands(max_size=14),
    steps=st.lists(st.integers(-2, 3), max_size=14),
    level=st.sampled_from(list(LEVELS)),
    name=st.sampled_from(sorted(REPORTS)),
    sql=st.booleans(),
)
def test_a_report_counted_from_the_facts_equals_the_replay_at_every_moment(
    commands: list[k.Command], steps: list[int], level: str, name: str, sql: bool
) -> None:
    store = _recorded(commands, steps)
    models: ModelStore = SqliteModels(":memory:") if sql else MemoryModels()
    OnePassProjector(store, [ReportFacts()], models, page_size=4).run()
    for moment in _moments(store):
        counted = tally_report(models, name, level=level, as_of=moment)
        replayed = build_report(store, name, level=level, as_of=moment)
        assert counted.rows == replayed.rows, moment
    models.close()


def test_every_report_at_every_position_of_the_story(model_store: ModelStore) -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    OnePassProjector(store, [ReportFacts()], model_store).run()
    head = store.head_position()
    for name in REPORTS:
        for level in LEVELS:
            for position in range(0, head + 1, 3):
                counted = tally_report(model_store, name, level=level, as_of=position)
                replayed = build_report(store, name, level=level, as_of=position)
                assert counted.rows == replayed.rows, (name, level, position)
            live = tally_report(model_store, name, level=level)
            assert live.rows == build_report(store, name, level=level).rows
            assert live.position == head


def test_a_version_stops_being_true_where_the_next_begins() -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    models = MemoryModels()
    OnePassProjector(store, [ReportFacts()], models).run()
    versions = models.rows(FACT_GROUPS.versions)
    assert len(versions) > 1  # formed, confirmed, registered…
    for row in versions:
        assert row["valid_to"] is None or row["valid_to"] > row["valid_from"]
        assert row["to_day"] is None or row["to_day"] >= row["from_day"]
    current = [r for r in versions if r["valid_to"] is None]
    assert len(current) == len({r["group_id"] for r in versions})
    assert current == models.rows(FACT_GROUPS.now)


def test_a_tally_as_of_a_moment_needs_a_table_with_history() -> None:
    from kimcore.domain.views.report_tables import FACT_PARTIES
    from kimcore.projections import Measure

    query = Tally(table=FACT_PARTIES, by=("region_code",), measures=(Measure.rows("n"),))
    models = MemoryModels()
    models.prepare("p", 1, (FACT_PARTIES,))
    with pytest.raises(ReadModelError, match="no history"):
        models.tally(query, at=3)
    with pytest.raises(ReadModelError, match="cannot cut"):
        models.tally(query, prefix={"party_id": 2})
    with pytest.raises(k.errors.InvalidValue, match="as_of"):
        tally_report(models, "kims", as_of=-1)


def test_every_version_needs_a_table_with_history() -> None:
    from kimcore.domain.views.report_tables import FACT_PARTIES
    from kimcore.projections import Measure

    measures = (Measure.rows("n"),)
    with pytest.raises(ReadModelError, match=r"kim_fact_parties.*no history"):
        Tally(table=FACT_PARTIES, by=("region_code",), measures=measures, every_version=True)
    versions = FACT_GROUPS.versions
    Tally(table=versions, by=("region_code",), measures=measures, every_version=True)
