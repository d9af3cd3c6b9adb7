"""Snapshots are a cache: an untrusted one is ignored, and forgetting reaches them."""

from __future__ import annotations

import uuid

import attrs
from tests.builders import GROUP, GROUP_ID, D, forget, form, member

import kimcore as k


def app_with_history() -> k.Application:
    app = k.Application(k.MemoryStore(), snapshot_every={k.PartyKind.GROUP: 2})
    app.handle(form(3))
    for n in range(3, 6):
        app.handle(k.JoinGroup(group_id=GROUP_ID, member=member(n), joined_on=D(2024, 2, 1)))
    return app


def full_replay(app: k.Application) -> k.domain.GroupState | None:
    from kimcore.domain import group_state

    return group_state.fold(r.event for r in app.history(GROUP))


def test_snapshots_are_taken_every_n_events_on_load() -> None:
    app = app_with_history()
    stream = k.domain.stream_id_for(GROUP)
    assert app.store.load_snapshot(stream) is None
    app.group(GROUP_ID)
    snap = app.store.load_snapshot(stream)
    assert snap is not None
    assert snap.stream_version == 4
    assert (snap.state_type, snap.schema_version) == ("GroupState", 4)


def test_a_snapshot_holds_no_plaintext_and_forgetting_reaches_it() -> None:
    app = app_with_history()
    snap = app.snapshot(GROUP)
    assert snap is not None
    assert b"Person 3" not in snap.data
    app.forget(forget(member(3).member_id, D(2025, 1, 1), k.values.ErasureBasis.SUBJECT_REQUEST))
    state = app.group(GROUP_ID)  # starts from the snapshot sealed before the erasure
    assert state is not None
    assert state.members[member(3).member_id].name is k.REDACTED
    assert state.members[member(4).member_id].name == "Person 4"
    assert state == full_replay(app)
    resnap = app.snapshot(GROUP)  # a snapshot of a redacted state stays redacted
    assert resnap is not None
    again = app.group(GROUP_ID)
    assert again is not None
    assert again.members[member(3).member_id].name is k.REDACTED


def test_a_snapshot_of_an_older_schema_or_another_type_is_ignored() -> None:
    app = app_with_history()
    good = app.snapshot(GROUP)
    assert good is not None
    for bad in (
        attrs.evolve(good, schema_version=0, stream_version=99, data=b'{"lies": true}'),
        attrs.evolve(good, state_type="ForumState", stream_version=100),
        attrs.evolve(good, stream_version=101, data=b"{not json"),
        attrs.evolve(good, stream_version=102, data=b'{"group_id": "nope"}'),
    ):
        store = k.MemoryStore()
        for stored in app.store.read_all(0, 1000):
            store.append(stored.stream_id, [_new(stored)], k.stores.ANY_VERSION)
        store._keys = app.store.keys  # the same subjects' keys
        store.save_snapshot(bad)
        other = k.Application(store)
        assert other.group(GROUP_ID) == full_replay(app)


def test_a_snapshot_never_replaces_a_later_one_and_decisions_use_it() -> None:
    app = app_with_history()
    app.snapshot(GROUP)
    fresh = k.Application(app.store)  # no cache: decides from the snapshot plus tail
    recorded = fresh.handle(
        k.JoinGroup(group_id=GROUP_ID, member=member(9), joined_on=D(2024, 3, 1))
    )
    assert recorded[0].stream_version == 5
    assert k.Application(app.store).group(GROUP_ID) == full_replay(app)


def test_snapshot_settings_are_checked() -> None:
    import pytest

    with pytest.raises(k.DomainError, match="snapshot_every"):
        k.Application(k.MemoryStore(), snapshot_every={k.PartyKind.GROUP: 0})
    assert (
        k.Application(k.MemoryStore()).snapshot(k.PartyRef(kind=k.PartyKind.GROUP, id=uuid.uuid4()))
        is None
    )


def _new(stored: k.events.StoredEvent) -> k.events.NewEvent:
    return k.events.NewEvent(
        event_id=stored.event_id,
        event_type=stored.event_type,
        schema_version=stored.schema_version,
        data=stored.data,
        metadata=stored.metadata,
        recorded_at=stored.recorded_at,
    )
