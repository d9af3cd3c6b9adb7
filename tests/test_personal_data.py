"""Members' personal data: sealed on write, erasable by forgetting, never lost from counts."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import uuid

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import GROUP, GROUP_ID, D, establish, form, member, mid

import kimcore as k
from kimcore.domain import errors as e
from kimcore.testing.store_machine import new_events

SITI = k.MemberDetails(
    member_id=uuid.UUID("5111a000-0000-4000-8000-000000000001"),
    name="Siti Rahmawati Nasution",
    contact="+62 812 5555 0101",
    category=k.MemberCategory.ADULT,
)


@attrs.frozen(kw_only=True)
class Volunteer:
    person_id: uuid.UUID
    name: str


ERASURE_DAY = D(2025, 1, 10)


def forget(subject: uuid.UUID, on: dt.date = ERASURE_DAY) -> k.ForgetSubject:
    return k.ForgetSubject(
        subject_id=subject,
        requested_by=k.values.ErasureRequester.DATA_SUBJECT,
        basis=k.values.ErasureBasis.CONSENT_WITHDRAWN,
        requested_on=on,
        reference="Surat permohonan 01/2025",
    )


def raw_dump(store: k.MemoryStore) -> bytes:
    """Everything the memory store holds, as bytes: events, metadata and keys."""
    log = store.read_all(0, 100_000)
    parts = [s.data + repr(s.metadata).encode() + s.stream_id.encode() for s in log]
    keys = store.keys
    parts += [keys.get(subject) or b"" for subject in {SITI.member_id, *(mid(i) for i in range(9))}]
    return b"".join(parts)


def export(store: k.MemoryStore, **kw: object) -> bytes:
    out = io.BytesIO()
    k.stores.export_jsonl(store, out, **kw)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.fixture
def app() -> k.Application:
    app = k.Application(k.MemoryStore())
    app.handle(form(3))
    app.handle(k.JoinGroup(group_id=GROUP_ID, member=SITI, joined_on=D(2024, 2, 1)))
    forum = establish()
    app.handle(forum)
    seat = k.BoardSeat(person_id=SITI.member_id, name=SITI.name, role=k.BoardRole.CHAIR)
    app.handle(
        k.InstallForumBoard(
            forum_id=forum.forum_id, seats=(seat,), term_start=D(2024, 2, 1), term_end=D(2027, 2, 1)
        )
    )
    return app


SECRETS = [SITI.name.encode(), SITI.contact.encode(), b"Siti", b"5555 0101"]  # type: ignore[union-attr]


def test_personal_data_is_never_stored_in_plaintext(app: k.Application) -> None:
    dump = raw_dump(app.store)  # type: ignore[arg-type]
    assert b"pd1." in dump
    for secret in SECRETS:
        assert secret not in dump
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[SITI.member_id].name == SITI.name  # but reads back while the key lives


def test_after_forgetting_nothing_of_the_subject_is_found_anywhere(app: k.Application) -> None:
    before = app.group(GROUP_ID)
    (recorded,) = app.forget(forget(SITI.member_id))
    assert isinstance(recorded.event, k.events.MemberForgotten)
    assert recorded.stream_id == f"subject-{SITI.member_id}"
    assert app.store.keys.get(SITI.member_id) is None
    stored_text = b"".join(s.data for s in app.store.read_stream(recorded.stream_id))
    assert b"Rahmawati" not in stored_text  # MemberForgotten holds no personal data

    after = app.group(GROUP_ID)
    assert after is not None
    assert before is not None
    assert after.members[SITI.member_id].name is k.REDACTED
    assert after.members[SITI.member_id].contact is k.REDACTED
    assert after.members[mid(0)].name == "Person 0"  # others untouched
    assert len(after.members) == len(before.members) == 4
    assert after.standing is before.standing
    forum = app.forum(establish().forum_id)
    assert forum is not None
    assert forum.board[0].name is k.REDACTED

    everything = (
        raw_dump(app.store) + export(app.store) + repr(after).encode() + repr(forum).encode()
    )  # type: ignore[arg-type]
    for history in (
        app.history(GROUP),
        app.history(k.PartyRef(kind=k.PartyKind.FORUM, id=forum.forum_id)),
    ):
        everything += repr([attrs.asdict(r.event) for r in history]).encode()
    for secret in SECRETS:
        assert secret not in everything
    assert b"[redacted]" in export(app.store)  # type: ignore[arg-type]


def test_an_export_carries_personal_data_only_with_the_keys(app: k.Application) -> None:
    assert SITI.name.encode() in export(app.store)  # type: ignore[arg-type]
    keyless = export(app.store, personal_data=False)  # type: ignore[arg-type]
    assert SITI.name.encode() not in keyless
    lines = [json.loads(line) for line in keyless.splitlines()]
    assert [line["position"] for line in lines] == list(range(1, len(lines) + 1))
    assert lines[1]["data"]["member"]["name"] == "[redacted]"


def test_forgetting_twice_is_harmless(app: k.Application) -> None:
    app.forget(forget(SITI.member_id))
    head = app.store.head_position()
    assert app.forget(forget(SITI.member_id, D(2025, 3, 1))) == ()
    assert app.store.head_position() == head


def test_forgetting_an_unknown_subject_is_a_clear_error(app: k.Application) -> None:
    stranger = uuid.uuid4()
    with pytest.raises(e.UnknownSubject, match=str(stranger)):
        app.forget(forget(stranger))
    assert app.store.read_stream(f"subject-{stranger}") == []


def test_a_forgotten_subject_is_not_recorded_again(app: k.Application) -> None:
    app.forget(forget(SITI.member_id))
    other = uuid.uuid4()
    app.handle(form(3, group_id=other))
    head = app.store.head_position()
    with pytest.raises(e.SubjectForgotten, match="new id"):
        app.handle(k.JoinGroup(group_id=other, member=SITI, joined_on=D(2025, 2, 1)))
    assert app.store.head_position() == head


def test_a_forgotten_member_still_acts_without_personal_data(app: k.Application) -> None:
    app.forget(forget(SITI.member_id))
    app.handle(
        k.AppointOfficer(
            group_id=GROUP_ID,
            member_id=SITI.member_id,
            post=k.Post(role=k.OfficerRole.CHAIR),
            appointed_on=D(2025, 2, 1),
        )
    )
    app.handle(k.LeaveGroup(group_id=GROUP_ID, member_id=SITI.member_id, left_on=D(2025, 3, 1)))
    state = app.group(GROUP_ID)
    assert state is not None
    assert SITI.member_id not in state.members
    assert state.chair is None


def test_the_key_survives_a_failed_forgetting_write() -> None:
    store = k.MemoryStore()
    key = store.keys.for_write([SITI.member_id]).new[SITI.member_id]
    joined = attrs.evolve(new_events(1)[0], keys={SITI.member_id: key})
    store.append("group-x", [joined], k.stores.NO_STREAM)
    with pytest.raises(k.errors.WrongExpectedVersion):
        store.append("subject-x", [], 3, forget=[SITI.member_id])
    assert store.keys.get(SITI.member_id) == key
    with pytest.raises(k.errors.InvalidStoreArgument, match="forget"):
        store.append("subject-x", [], 0, forget=["not-a-uuid"])  # type: ignore[list-item]
    assert store.keys.get(SITI.member_id) == key


KEYS = k.events.Keys.fresh([SITI.member_id])


class TestSealing:
    codec = k.events.Codec()

    def joined(self) -> k.events.MemberJoined:
        return k.events.MemberJoined(group_id=GROUP_ID, member=SITI, joined_on=D(2024, 2, 1))

    def test_personal_data_cannot_be_encoded_without_its_keys(self) -> None:
        with pytest.raises(k.errors.EventTypeError, match="needs keys"):
            self.codec.encode(self.joined())
        with pytest.raises(k.errors.EventTypeError, match="no key for subject"):
            self.codec.encode(self.joined(), k.events.Keys({}))

    def test_decoding_without_keys_redacts(self) -> None:
        name, version, data = self.codec.encode(self.joined(), KEYS)
        event = self.codec.decode_payload(name, version, data)
        assert isinstance(event, k.events.MemberJoined)
        assert event.member.name is k.REDACTED
        assert event.member.member_id == SITI.member_id

    def test_events_without_personal_data_need_no_keys(self) -> None:
        left = k.events.MemberLeft(
            group_id=GROUP_ID,
            member_id=SITI.member_id,
            reason=k.values.LeaveReason.OTHER,
            left_on=D(2024, 3, 1),
        )
        name, version, data = self.codec.encode(left)
        assert self.codec.decode_payload(name, version, data) == left

    def test_a_tampered_token_fails_loudly(self) -> None:
        keys = KEYS
        name, version, data = self.codec.encode(self.joined(), keys)
        payload = json.loads(data)
        token = payload["member"]["name"]
        payload["member"]["name"] = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
        with pytest.raises(k.errors.EventDecodeError, match="fails authentication"):
            self.codec.decode_payload(name, version, json.dumps(payload).encode(), keys=keys)

    def test_a_token_cannot_move_to_another_subject(self) -> None:
        other = attrs.evolve(SITI, member_id=uuid.uuid4())
        keys = k.events.Keys.fresh([SITI.member_id, other.member_id])
        _, _, mine = self.codec.encode(self.joined(), keys)
        name, version, theirs = self.codec.encode(attrs.evolve(self.joined(), member=other), keys)
        swapped = json.loads(theirs)
        swapped["member"]["name"] = json.loads(mine)["member"]["name"].replace(
            SITI.member_id.hex, other.member_id.hex
        )
        with pytest.raises(k.errors.EventDecodeError, match="fails authentication"):
            self.codec.decode_payload(name, version, json.dumps(swapped).encode(), keys=keys)

    @pytest.mark.parametrize("bad", ["Siti in plaintext", "pd1.zz.abc", 42])
    def test_an_unprotected_or_malformed_value_is_refused(self, bad: object) -> None:
        name, version, data = self.codec.encode(self.joined(), KEYS)
        payload = json.loads(data)
        payload["member"]["name"] = bad
        with pytest.raises(k.errors.EventDecodeError, match=r"position|payload"):
            self.codec.decode_payload(name, version, json.dumps(payload).encode(), keys=KEYS)


class TestDeclarations:
    def register(self, cls: type) -> None:
        k.events.EventRegistry().register(cls)

    def test_an_undeclared_email_is_refused(self) -> None:
        @k.events.event_type("Signup")
        @attrs.frozen(kw_only=True)
        class Signup(k.Event):
            group_id: uuid.UUID
            email: str

        with pytest.raises(
            k.errors.EventTypeError, match=r"Signup\.email looks like personal data"
        ):
            self.register(Signup)

    def test_an_undeclared_name_beside_a_person_id_is_refused_even_nested(self) -> None:
        @k.events.event_type("VolunteersListed")
        @attrs.frozen(kw_only=True)
        class VolunteersListed(k.Event):
            volunteers: tuple[Volunteer, ...]

        with pytest.raises(k.errors.EventTypeError, match=r"Volunteer\.name"):
            self.register(VolunteersListed)

    def test_a_group_or_partner_name_is_not_personal(self) -> None:
        registry = k.events.EventRegistry.builtin()
        assert "GroupFormed" in registry
        assert "PartnershipSigned" in registry

    def test_unresolvable_annotations_are_explained(self) -> None:
        @attrs.frozen(kw_only=True)
        class Local:
            person_id: uuid.UUID

        @k.events.event_type("Dangling")
        @attrs.frozen(kw_only=True)
        class Dangling(k.Event):
            item: Local

        with pytest.raises(
            k.errors.EventTypeError, match="define the classes it uses at module level"
        ):
            self.register(Dangling)

    def test_a_subject_must_be_a_uuid_field_of_the_class(self) -> None:
        @k.events.event_type("Misdeclared")
        @attrs.frozen(kw_only=True)
        class Misdeclared(k.Event):
            who: str
            phone: str = k.personal.personal_field(subject="who", kind="contact")

        with pytest.raises(k.errors.EventTypeError, match="not a UUID field"):
            self.register(Misdeclared)

    def test_a_personal_field_holds_text(self) -> None:
        @k.events.event_type("Aged")
        @attrs.frozen(kw_only=True)
        class Aged(k.Event):
            member_id: uuid.UUID
            birth_year: int = k.personal.personal_field(subject="member_id", kind="birth-year")

        with pytest.raises(k.errors.EventTypeError, match="must be str"):
            self.register(Aged)

    def test_a_declared_plugin_event_is_sealed_and_forgotten(self) -> None:
        @k.events.event_type("AddressNoted")
        @attrs.frozen(kw_only=True)
        class AddressNoted(k.Event):
            member_id: uuid.UUID
            address: str | None = k.personal.personal_field(
                subject="member_id", kind="address", optional=True
            )

        codec = k.events.Codec(registry=k.events.EventRegistry([AddressNoted]))
        keys = k.events.Keys.fresh([SITI.member_id])
        noted = AddressNoted(member_id=SITI.member_id, address="Jl. Tjilik Riwut km 5")
        name, version, data = codec.encode(noted, keys)
        assert b"Tjilik" not in data
        assert codec.decode_payload(name, version, data, keys=keys) == noted
        # The key destroyed: the read's keys no longer hold it.
        assert codec.decode_payload(name, version, data, keys=k.events.Keys({})) == attrs.evolve(
            noted, address=k.REDACTED
        )


def test_redact_returns_what_it_need_not_change() -> None:
    event = k.events.MemberJoined(group_id=GROUP_ID, member=SITI, joined_on=D(2024, 2, 1))
    assert k.personal.redact(event, set()) is event
    assert k.personal.redact(event, {uuid.uuid4()}) is event
    redacted = k.personal.redact(event, {SITI.member_id})
    assert redacted.member.name is k.REDACTED
    assert redacted.member.contact is k.REDACTED
    assert repr(k.REDACTED) == "REDACTED"
    assert k.personal.redact([event, 3], {SITI.member_id})[0] == redacted


people = st.lists(st.integers(0, 11), min_size=3, max_size=8, unique=True)


@given(
    groups=st.lists(
        st.tuples(people, st.lists(st.integers(0, 11), max_size=4)), min_size=1, max_size=3
    ),
    forgotten=st.sets(st.integers(0, 11)),
)
def test_forgetting_never_changes_counts_or_standings(
    groups: list[tuple[list[int], list[int]]], forgotten: set[int]
) -> None:
    app = k.Application(k.MemoryStore())
    ids = []
    for founders, leavers in groups:
        group_id = uuid.uuid4()
        ids.append(group_id)
        app.handle(
            form(
                founders=tuple(member(i) for i in founders),
                group_id=group_id,
                bounds=k.values.MembershipBounds(minimum=3, maximum=10),
            )
        )
        for i in leavers:
            with contextlib.suppress(e.NotAMember):
                app.handle(k.LeaveGroup(group_id=group_id, member_id=mid(i), left_on=D(2024, 3, 1)))

    def summary() -> list[tuple[int, k.values.Standing, frozenset[uuid.UUID]]]:
        out = []
        for group_id in ids:
            state = app.group(group_id)
            assert state is not None
            out.append((len(state.members), state.standing, frozenset(state.members)))
        return out

    before = summary()
    for i in forgotten:
        try:
            app.forget(forget(mid(i)))
        except e.UnknownSubject:
            assert all(i not in founders for founders, _ in groups)
    assert summary() == before
    for group_id in ids:
        state = app.group(group_id)
        assert state is not None
        for member_id, details in state.members.items():
            assert k.personal.is_redacted(details.name) == (
                member_id in {mid(i) for i in forgotten}
            )
