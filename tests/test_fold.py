"""Folding a stream at once (``Decider.fold``) equals evolving it event by event; snapshots."""

from __future__ import annotations

import datetime as dt
import functools
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.application.repository import SNAPSHOT_EVERY
from kimcore.domain import group_state
from kimcore.testing.strategies import accepted_commands


def _streams(commands: list[object]) -> dict[str, list[k.Event]]:
    store = k.MemoryStore()
    app = k.Application(store, snapshot_every={})
    for command in commands:
        app.handle(command)  # type: ignore[arg-type]
    streams: dict[str, list[k.Event]] = {}
    for recorded in app.read_all_decoded():
        streams.setdefault(recorded.stream_id, []).append(recorded.event)
    return streams


@settings(max_examples=60)
@given(accepted_commands(max_size=30))
def test_a_folded_state_equals_the_evolve_per_event_state(commands: list[object]) -> None:
    for stream_id, events in _streams(commands).items():
        if not stream_id.startswith("group-"):
            continue
        by_event = functools.reduce(group_state.evolve, events, None)  # type: ignore[arg-type]
        assert group_state.fold(events) == by_event
        # From any point on, as a loaded snapshot or a cached state continues.
        for cut in range(1, len(events)):
            start = functools.reduce(group_state.evolve, events[:cut], None)  # type: ignore[arg-type]
            members = dict(start.members)
            assert group_state.fold(events[cut:], start) == by_event
            assert dict(start.members) == members  # the caller's state is left as it was


GROUP = uuid.UUID(int=7)


def _member(n: int) -> k.MemberDetails:
    return k.MemberDetails(
        member_id=uuid.UUID(int=1000 + n), name=f"Warga {n}", category=k.MemberCategory.FARMER
    )


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 12)), max_size=40))
def test_runs_of_joins_between_other_events_fold_alike(steps: list[tuple[bool, int]]) -> None:
    day = dt.date(2024, 1, 1)
    events: list[k.Event] = [
        k.events.GroupFormed(
            group_id=GROUP,
            name="KIM Maju",
            seat=k.Seat(
                region=k.Region(code="62.71.01.1002", name="Langkai"),
                settlement=k.Settlement.URBAN_WARD,
                area=k.Area.URBAN,
            ),
            founders=(_member(0),),
            channels=(),
            bounds=k.values.MembershipBounds(minimum=1, maximum=30),
            formed_on=day,
        )
    ]
    for join, n in steps:
        if join:
            events.append(k.events.MemberJoined(group_id=GROUP, member=_member(n), joined_on=day))
        else:
            events.append(
                k.events.MemberLeft(
                    group_id=GROUP,
                    member_id=uuid.UUID(int=1000 + n),
                    left_on=day,
                    reason=k.values.LeaveReason.MOVED_AWAY,
                )
            )
    by_event = functools.reduce(group_state.evolve, events, None)  # type: ignore[arg-type]
    assert group_state.fold(events) == by_event


def test_loading_takes_a_snapshot_past_the_default_number_of_events() -> None:
    store = k.MemoryStore()
    app = k.Application(store)
    assert app.repository.snapshot_every["group"] == SNAPSHOT_EVERY
    assert app.repository.snapshot_every["forum"] == SNAPSHOT_EVERY
    events = [
        k.events.MemberJoined(group_id=GROUP, member=_member(n), joined_on=dt.date(2024, 1, 1))
        for n in range(1, SNAPSHOT_EVERY)
    ]
    seat = k.Seat(
        region=k.Region(code="62.71.01.1002", name="Langkai"),
        settlement=k.Settlement.URBAN_WARD,
        area=k.Area.URBAN,
    )
    first = k.events.GroupFormed(
        group_id=GROUP,
        name="KIM Maju",
        seat=seat,
        founders=(_member(0),),
        channels=(),
        bounds=k.values.MembershipBounds(minimum=1, maximum=1000),
        formed_on=dt.date(2024, 1, 1),
    )
    store.append(f"group-{GROUP}", app.encode([first, *events[:-1]]), k.stores.NO_STREAM)
    app.group(GROUP)
    assert store.load_snapshot(f"group-{GROUP}") is None  # one event short of the number
    store.append(f"group-{GROUP}", app.encode(events[-1:]), k.stores.ANY_VERSION)
    state = app.group(GROUP)
    snapshot = store.load_snapshot(f"group-{GROUP}")
    assert snapshot is not None
    assert snapshot.stream_version == SNAPSHOT_EVERY
    assert state is not None
    assert len(state.members) == SNAPSHOT_EVERY
    assert app.group(GROUP) == state
    off = k.Application(store, snapshot_every={})
    assert off.repository.snapshot_every == {}
