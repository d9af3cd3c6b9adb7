"""The application service: load, decide, append with the expected version, retry."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence

import attrs
import pytest
from tests.builders import (
    GROUP,
    GROUP_ID,
    PROVINCE,
    REGENCY,
    D,
    activity,
    establish,
    form,
    member,
    sign,
)

import kimcore as k
from kimcore.domain import errors as e


def clock() -> dt.datetime:
    return dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def app() -> k.Application:
    return k.Application(k.MemoryStore(), clock=clock)


def test_handle_returns_what_was_recorded(app: k.Application) -> None:
    (recorded,) = app.handle(form())
    assert isinstance(recorded.event, k.events.GroupFormed)
    assert recorded.stream_id == f"group-{GROUP_ID}"
    assert (recorded.stream_version, recorded.position) == (1, 1)
    assert recorded.recorded_at == clock()
    assert recorded.event_type == "GroupFormed"
    state = app.group(GROUP_ID)
    assert state is not None
    assert len(state.members) == 3


def test_correlation_and_causation_flow_from_the_command(app: k.Application) -> None:
    command_id, correlation = uuid.uuid4(), uuid.uuid4()
    recorded = app.handle(
        form(), command_id=command_id, correlation_id=correlation, extra={"ui": "portal"}
    )
    (stored,) = app.store.read_all()
    for meta in (recorded[0].metadata, stored.metadata):
        assert meta.causation_id == command_id
        assert meta.correlation_id == correlation
        assert meta.extra == {"ui": "portal"}


def test_a_conversation_starts_with_the_command(app: k.Application) -> None:
    (recorded,) = app.handle(form())
    assert recorded.metadata.correlation_id == recorded.metadata.causation_id is not None


def test_every_event_of_one_command_shares_its_metadata(app: k.Application) -> None:
    app.handle(form(4))
    app.handle(
        k.AppointOfficer(
            group_id=GROUP_ID,
            member_id=member(3).member_id,
            post=k.Post(role=k.OfficerRole.CHAIR),
            appointed_on=D(2024, 1, 2),
        )
    )
    recorded = app.handle(
        k.LeaveGroup(group_id=GROUP_ID, member_id=member(3).member_id, left_on=D(2024, 2, 1))
    )
    assert [type(r.event) for r in recorded] == [k.events.OfficerRelieved, k.events.MemberLeft]
    assert len({r.metadata for r in recorded}) == 1
    assert [r.stream_version for r in recorded] == [3, 4]


def test_a_rejected_command_records_nothing(app: k.Application) -> None:
    app.handle(form())
    before = app.store.read_all()
    with pytest.raises(e.AlreadyMember):
        app.handle(k.JoinGroup(group_id=GROUP_ID, member=member(0), joined_on=D(2024, 2, 1)))
    assert app.store.read_all() == before


class RacingStore(k.MemoryStore):
    """A rival writer appends to the same stream just before each of our next *races* appends."""

    def __init__(self) -> None:
        super().__init__()
        self.races = 0
        self.rival: k.Application | None = None

    def append(
        self,
        stream_id: str,
        events: Sequence[k.events.NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[k.events.StoredEvent, ...]:
        if self.races and self.rival is not None:
            self.races -= 1
            rival, self.rival = self.rival, None
            n = self.races
            rival.handle(
                k.JoinGroup(group_id=GROUP_ID, member=member(100 + n), joined_on=D(2024, 2, 1))
            )
            self.rival = rival
        return super().append(stream_id, events, expected_version, forget=forget)


def _raced(retries: int, races: int, **forming: object) -> k.Application:
    """A formed group's application whose rival joins before each of its next *races* appends."""
    store = RacingStore()
    app = k.Application(store, retries=retries)
    app.handle(form(3, **forming))
    store.rival = k.Application(store)
    store.races = races
    return app


def _join_seventh() -> k.JoinGroup:
    return k.JoinGroup(group_id=GROUP_ID, member=member(7), joined_on=D(2024, 2, 1))


def test_a_conflict_is_retried_against_the_new_state() -> None:
    app = _raced(retries=2, races=2)
    (recorded,) = app.handle(_join_seventh())
    assert recorded.stream_version == 4  # after the rival's two joins
    state = app.group(GROUP_ID)
    assert state is not None
    assert len(state.members) == 6


def test_a_retried_command_is_decided_afresh() -> None:
    app = _raced(retries=3, races=1, bounds=k.values.MembershipBounds(minimum=3, maximum=4))
    with pytest.raises(e.GroupFull):  # the rival took the last place while we decided
        app.handle(_join_seventh())


def test_retries_are_bounded() -> None:
    app = _raced(retries=1, races=5)
    with pytest.raises(k.errors.ConflictRetriesExhausted):
        app.handle(_join_seventh())
    assert isinstance(k.errors.ConflictRetriesExhausted("s", 2), k.errors.ConcurrencyConflict)


def test_retries_must_not_be_negative() -> None:
    with pytest.raises(e.InvalidValue, match="retries"):
        k.Application(k.MemoryStore(), retries=-1)


def _admit(forum_id: uuid.UUID, applicant: k.PartyRef) -> k.AdmitToForum:
    return k.AdmitToForum(forum_id=forum_id, applicant=applicant, admitted_on=D(2024, 2, 1))


def _admits_one_and_refuses_other(
    app: k.Application,
    forum_id: uuid.UUID,
    one: k.PartyRef,
    other: k.PartyRef,
    refusal: type[Exception],
) -> None:
    (admitted,) = app.handle(_admit(forum_id, one))
    assert isinstance(admitted.event, k.events.ForumMemberAdmitted)
    with pytest.raises(refusal):
        app.handle(_admit(forum_id, other))


def test_admission_reads_the_applicant_from_its_stream(app: k.Application) -> None:
    app.handle(form())
    forum_cmd = establish()
    app.handle(forum_cmd)
    stranger = k.PartyRef(kind=k.PartyKind.GROUP, id=uuid.uuid4())
    _admits_one_and_refuses_other(app, forum_cmd.forum_id, GROUP, stranger, e.UnknownAggregate)


def test_a_forum_applies_to_the_forum_above(app: k.Application) -> None:
    regency = establish(k.ForumLevel.REGENCY, REGENCY, k.Authority.MAYOR)
    province = establish(k.ForumLevel.PROVINCE, PROVINCE, k.Authority.GOVERNOR)
    app.handle(regency)
    app.handle(province)
    lower = k.PartyRef(kind=k.PartyKind.FORUM, id=regency.forum_id)
    gov = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid4())
    _admits_one_and_refuses_other(app, province.forum_id, lower, gov, e.GovernmentBodyRefused)


def test_a_government_body_signs_nothing_on_its_own_stream(app: k.Application) -> None:
    gov = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid4())
    with pytest.raises(
        e.InvalidValue, match="no decider takes SignPartnership on a government_body"
    ):
        app.handle(sign(party=gov))


def test_an_office_organises_an_activity_kims_take_part_in(app: k.Application) -> None:
    # The seed's webinar: the provincial office (Diskominfosantik) held it, hybrid, for KIMs.
    app.handle(form())
    office = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid4())
    webinar = activity(
        "pembentukan Forum KIM",
        party=office,
        technique="webinar",
        delivery=k.Delivery.HYBRID,
        link="https://zoom.example/forum-kim",
        participants=(GROUP,),
        attendance=120,
    )
    [held] = app.handle(webinar)
    assert held.stream_id == f"government_body-{office.id}"
    assert held.event.participants == (GROUP,)
    state, version = app.load(office)
    assert version == 1
    assert len(state.book.activity_ids) == 1
    other_office = k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid4())
    with pytest.raises(e.GovernmentBodyRefused):
        app.handle(attrs.evolve(webinar, activity_id=uuid.uuid4(), participants=(other_office,)))
    with pytest.raises(e.InvalidValue, match="does not take part in its own"):
        app.handle(attrs.evolve(webinar, activity_id=uuid.uuid4(), participants=(office,)))


def test_history_decodes_the_whole_stream(app: k.Application) -> None:
    app.handle(form())
    app.handle(activity())
    assert [r.event_type for r in app.history(GROUP)] == ["GroupFormed", "ActivityHeld"]
    assert app.forum(uuid.uuid4()) is None


def test_a_stale_cache_entry_is_caught_by_the_version_check() -> None:
    store = k.MemoryStore()
    mine, theirs = k.Application(store), k.Application(store)  # as two processes would
    mine.handle(form(3, bounds=k.values.MembershipBounds(minimum=3, maximum=4)))
    theirs.handle(k.JoinGroup(group_id=GROUP_ID, member=member(3), joined_on=D(2024, 2, 1)))
    # mine still caches three members; the stale decision conflicts, the reload refuses it
    with pytest.raises(e.GroupFull):
        mine.handle(k.JoinGroup(group_id=GROUP_ID, member=member(4), joined_on=D(2024, 2, 1)))
    assert store.stream_version(f"group-{GROUP_ID}") == 2


def test_a_stale_cache_costs_no_retry() -> None:
    store = k.MemoryStore()
    mine, theirs = k.Application(store, retries=0), k.Application(store)
    mine.handle(form(3))
    theirs.handle(k.JoinGroup(group_id=GROUP_ID, member=member(3), joined_on=D(2024, 2, 1)))
    (recorded,) = mine.handle(
        k.JoinGroup(group_id=GROUP_ID, member=member(4), joined_on=D(2024, 2, 1))
    )
    assert recorded.stream_version == 3


def test_the_decision_cache_holds_no_personal_data(app: k.Application) -> None:
    app.handle(form(3))
    app.handle(k.JoinGroup(group_id=GROUP_ID, member=member(7), joined_on=D(2024, 2, 1)))
    cached = repr(app.repository._cache) + repr(
        [s.members for s, _ in app.repository._cache.values() if isinstance(s, k.domain.GroupState)]
    )
    names = [m.name for s, _ in app.repository._cache.values() for m in s.members.values()]  # type: ignore[union-attr]
    assert names
    assert all(k.personal.is_redacted(name) for name in names)
    assert "Person 7" not in cached
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[member(7).member_id].name == "Person 7"  # reads still open them


def test_the_cache_can_be_turned_off_and_is_bounded() -> None:
    store = k.MemoryStore()
    off = k.Application(store, cache_size=0)
    off.handle(form(3))
    assert len(off.repository._cache) == 0
    small = k.Application(store, cache_size=2)
    for n in range(4):
        small.handle(form(3, group_id=uuid.uuid5(GROUP_ID, str(n))))
    assert len(small.repository._cache) == 2
    with pytest.raises(e.InvalidValue, match="cache_size"):
        k.Application(store, cache_size=-1)
