"""A live report kept between requests (`kimcore.web._report_cache`) is the report counted anew.

The plain twin counts the report from the facts on every request (`tally_report`) and leaves
the compression to the gzip middleware; the kept table and the kept compressed answer must
give the same rows, position and bytes after any log the domain accepts, asked at any moment.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import closing

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.builders import GROUP_ID, D, establish, form, member, seat

import kimcore as k
from kimcore.demo import run_story
from kimcore.domain.views.reports import LEVELS, REPORTS
from kimcore.projections import OnePassProjector
from kimcore.reporting import ReportTable, region_names, region_names_mark, tally_report
from kimcore.testing.strategies import accepted_commands
from kimcore.web._report_cache import MOST_ANSWERS, ReportCache
from kimcore.web.service import Service

ASKS = st.tuples(st.sampled_from(sorted(REPORTS)), st.sampled_from(sorted(LEVELS)))


def _projected_cut_by_cut(commands: list[k.Command], cuts: list[int]) -> Iterator[Service]:
    """A service over *commands* recorded in turn, its read models projected at each cut."""
    store = k.MemoryStore()
    app = k.Application(store)
    service = Service(store)
    models = list(service.read_models.values())
    try:
        done = 0
        for cut in [*sorted(set(cuts)), len(commands)]:
            for command in commands[done:cut]:
                app.handle(command)
            done = max(done, cut)
            OnePassProjector(store, models, service.models).run()
            yield service
    finally:
        service.stop()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=accepted_commands(max_size=16),
    cuts=st.lists(st.integers(0, 16), max_size=3),
    asks=st.lists(ASKS, min_size=1, max_size=5),
)
def test_a_kept_live_report_is_the_report_counted_anew(
    commands: list[k.Command], cuts: list[int], asks: list[tuple[str, str]]
) -> None:
    with closing(_projected_cut_by_cut(commands, cuts)) as moments:
        for service in moments:
            for name, level in asks * 2:  # the second time, from what was kept
                kept, _ = service.report(name, level, None)
                names = region_names(
                    service.models, service.catalogue.regions, villages=level == "village"
                )
                plain = tally_report(service.models, name, level=level, names=names)
                assert (kept.rows, kept.position) == (plain.rows, plain.position), (name, level)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=accepted_commands(max_size=16),
    cuts=st.lists(st.integers(0, 16), max_size=4),
    villages=st.lists(st.booleans(), min_size=1, max_size=2),
)
def test_region_names_kept_by_their_mark_are_the_names_read_anew(
    commands: list[k.Command], cuts: list[int], villages: list[bool]
) -> None:
    """The plain twin reads the names on every request; kept ones are read at their mark."""
    with closing(_projected_cut_by_cut(commands, cuts)) as moments:
        for service in moments:
            for asked in villages * 2:  # the second time, kept
                marks = service._name_marks(villages=asked)
                kept = service._region_names(villages=asked, marks=marks)
                plain = region_names(service.models, service.catalogue.regions, villages=asked)
                assert dict(kept) == plain


def test_the_names_mark_moves_with_a_write_that_names_a_region_and_no_other() -> None:
    store = k.MemoryStore()
    app = k.Application(store)
    service = Service(store)
    models = list(service.read_models.values())

    def after(command: k.Command) -> tuple[int | None, ...]:
        app.handle(command)
        OnePassProjector(store, models, service.models).run()
        marks = region_names_mark(service.models)
        names = service._region_names(villages=True, marks=marks)
        assert dict(names) == region_names(service.models, service.catalogue.regions)
        return marks

    try:
        formed = after(form())
        assert formed[1] == store.head_position()
        assert after(k.JoinGroup(group_id=GROUP_ID, member=member(9), joined_on=D(2024, 2, 1)))
        assert region_names_mark(service.models) == formed  # a member joined: no name moved
        new = k.Region(code="62.71.01.1005", name="Renamed")
        recoded = after(
            k.commands.RecodeSeat(group_id=GROUP_ID, seat=seat(new), recoded_on=D(2025, 1, 1))
        )
        assert recoded[1] == store.head_position()
        assert recoded[0] == formed[0]
        assert service._names[True][1]["62.71.01.1005"] == "Renamed"
        forum = after(establish())
        assert forum[0] == store.head_position()
        assert forum[1] == recoded[1]
        assert service._names[True][1]["62.71.01"] == "Pahandut"
    finally:
        service.stop()


@given(st.lists(st.tuples(st.integers(0, MOST_ANSWERS * 2), st.binary(max_size=3000))))
def test_a_kept_compressed_answer_is_its_body_compressed(answers: list[tuple[int, bytes]]) -> None:
    cache = ReportCache()
    for key, body in answers:
        assert gzip.decompress(cache.gzipped(key, body)) == body


def test_a_table_of_more_rows_than_the_bound_is_counted_each_time() -> None:
    store = k.MemoryStore()
    run_story(k.Application(store))
    service = Service(store)
    try:
        OnePassProjector(store, list(service.read_models.values()), service.models).run()
        counts: list[int] = []

        def count() -> ReportTable:
            counts.append(1)
            return tally_report(service.models, "kims", level="village")

        bounded = ReportCache(most_rows=0)
        assert bounded.table("kims", 1, count) == bounded.table("kims", 1, count)
        assert len(counts) == 2
        kept = ReportCache()
        assert kept.table("kims", 1, count) is kept.table("kims", 1, count)
        assert len(counts) == 3
        assert kept.table("kims", 2, count) is not kept.table("kims", 1, count)
    finally:
        service.stop()
