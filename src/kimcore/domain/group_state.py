"""The state of an information group (KIM), folded from its events by `evolve`."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from kimcore.domain.errors import (
    UnknownAggregate,
)
from kimcore.domain.partnership_types import PartyHistory
from kimcore.domain.party import BOOK_EVENTS, PartyBook, apply_to_book
from kimcore.events import group as ev
from kimcore.events.base import Event
from kimcore.events.group import GroupMerged, GroupSplit, SeatRecoded
from kimcore.vocabulary.channels import Channel, ChannelKind, GroupKind
from kimcore.vocabulary.government import CommunicationOffice, Decree
from kimcore.vocabulary.group import OfficerStatus, OfficerTerm
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.members import MemberDetails, MembershipBounds, OfficerRole, Post
from kimcore.vocabulary.parties import CompetitionResult, PartyKind
from kimcore.vocabulary.places import Seat
from kimcore.vocabulary.profile import GroupProfile

__all__ = ["GroupStage", "GroupState", "Standing", "evolve", "fold", "group_kind"]


class GroupStage(enum.StrEnum):
    """formed → confirmed (by decree) → registered (with the communication office)."""

    FORMED = "formed"
    CONFIRMED = "confirmed"
    REGISTERED = "registered"


class Standing(enum.StrEnum):
    """Whether the group has at least its minimum number of members."""

    GOOD = "good"
    BELOW_MINIMUM = "below_minimum"


def group_kind(channels: Iterable[Channel]) -> GroupKind | None:
    """Analog channels only → analog; digital only → digital; both → hybrid; none → None."""
    kinds = {ch.kind for ch in channels}
    if kinds == {ChannelKind.ANALOG}:
        return GroupKind.ANALOG
    if kinds == {ChannelKind.DIGITAL}:
        return GroupKind.DIGITAL
    return GroupKind.HYBRID if kinds else None


@attrs.frozen(kw_only=True)
class GroupState:
    """Everything the group's rules need to know, folded from its events."""

    group_id: uuid.UUID
    name: str
    seat: Seat
    bounds: MembershipBounds
    formed_on: dt.date
    members: Mapping[uuid.UUID, MemberDetails]
    posts: Mapping[uuid.UUID, frozenset[Post]] = attrs.field(factory=dict)
    channels: tuple[Channel, ...] = ()
    stage: GroupStage = GroupStage.FORMED
    decree: Decree | None = None
    office: CommunicationOffice | None = None
    registration_number: str | None = None
    registered_on: dt.date | None = None
    results: tuple[CompetitionResult, ...] = ()
    dissolved_on: dt.date | None = None
    book: PartyBook = attrs.field(factory=PartyBook)
    terms: Mapping[tuple[uuid.UUID, Post], OfficerTerm] = attrs.field(factory=dict)
    split_from: uuid.UUID | None = None
    merged_into: uuid.UUID | None = None
    split_into: tuple[uuid.UUID, ...] = ()
    split_on: dt.date | None = None
    ended_on: dt.date | None = None  # merged, or split without continuing
    profile: GroupProfile | None = None  # its secretariat and public contacts, once recorded

    @property
    def standing(self) -> Standing:
        """Below minimum while members are fewer than the group's minimum."""
        if len(self.members) < self.bounds.minimum:
            return Standing.BELOW_MINIMUM
        return Standing.GOOD

    @property
    def kind(self) -> GroupKind | None:
        """Analog, digital or hybrid, following from the channels."""
        return group_kind(self.channels)

    @property
    def chair(self) -> uuid.UUID | None:
        """The member who chairs the group, if any."""
        for member_id, posts in self.posts.items():
            if any(p.role is OfficerRole.CHAIR for p in posts):
                return member_id
        return None

    @property
    def dissolved(self) -> bool:
        """Whether the group was dissolved."""
        return self.dissolved_on is not None

    @property
    def ended(self) -> bool:
        """Whether the group merged into another or split without continuing."""
        return self.ended_on is not None

    @property
    def closed(self) -> bool:
        """Dissolved or ended: it accepts no further commands."""
        return self.dissolved or self.ended

    def officer_status(self, member_id: uuid.UUID, post: Post, on: dt.date) -> OfficerStatus:
        """Whether *member_id*'s term in *post* still runs on *on* (no recorded end: serving)."""
        term = self.terms.get((member_id, post))
        return OfficerStatus.SERVING if term is None else term.status(on)

    def history(self) -> PartyHistory:
        """What partnership types may read of this group's history."""
        return PartyHistory(
            party_kind=PartyKind.GROUP,
            party_id=self.group_id,
            registered=self.stage is GroupStage.REGISTERED,
            activity_topics=self.book.activity_topics,
            activity_count=len(self.book.activity_ids),
            activities=self.book.activities,
        )


add_labels(
    {
        GroupStage.FORMED: "Dibentuk",
        GroupStage.CONFIRMED: "Dikukuhkan",
        GroupStage.REGISTERED: "Terdaftar",
        Standing.GOOD: "Memenuhi jumlah anggota",
        Standing.BELOW_MINIMUM: "Di bawah jumlah minimal",
    }
)


# -- evolving ---------------------------------------------------------------------------


def _without(mapping: Mapping[uuid.UUID, Any], key: uuid.UUID) -> dict[uuid.UUID, Any]:
    return {k: val for k, val in mapping.items() if k != key}


def evolve(state: GroupState | None, event: Event) -> GroupState:
    """The state after *event*."""
    if isinstance(event, ev.GroupFormed):
        return GroupState(
            group_id=event.group_id,
            name=event.name,
            seat=event.seat,
            bounds=event.bounds,
            formed_on=event.formed_on,
            members={m.member_id: m for m in event.founders},
            channels=event.channels,
            split_from=event.split_from,
        )
    if state is None:
        raise UnknownAggregate(f"{type(event).__name__} before GroupFormed")
    if isinstance(event, ev.MemberJoined):
        return attrs.evolve(state, members={**state.members, event.member.member_id: event.member})
    if isinstance(event, ev.MemberLeft):
        return attrs.evolve(
            state,
            members=_without(state.members, event.member_id),
            posts=_without(state.posts, event.member_id),
            terms={key: t for key, t in state.terms.items() if key[0] != event.member_id},
        )
    if isinstance(event, ev.OfficerAppointed):
        held = state.posts.get(event.member_id, frozenset()) | {event.post}
        key = (event.member_id, event.post)
        terms = {k: t for k, t in state.terms.items() if k != key}
        if event.term is not None:
            terms[key] = event.term
        return attrs.evolve(state, posts={**state.posts, event.member_id: held}, terms=terms)
    if isinstance(event, ev.OfficerRelieved):
        held = state.posts.get(event.member_id, frozenset()) - {event.post}
        posts = _without(state.posts, event.member_id)
        if held:
            posts[event.member_id] = held
        key = (event.member_id, event.post)
        terms = {k: t for k, t in state.terms.items() if k != key}
        return attrs.evolve(state, posts=posts, terms=terms)
    if isinstance(event, ev.GroupConfirmed):
        return attrs.evolve(state, stage=GroupStage.CONFIRMED, decree=event.decree)
    if isinstance(event, ev.GroupRegistered):
        return attrs.evolve(
            state,
            stage=GroupStage.REGISTERED,
            office=event.office,
            registration_number=event.registration_number,
            registered_on=event.registered_on,
        )
    if isinstance(event, ev.ChannelsChanged):
        return attrs.evolve(state, channels=event.channels)
    if isinstance(event, ev.GroupProfileChanged):
        return attrs.evolve(state, profile=event.profile)
    if isinstance(event, ev.BoundsChanged):
        return attrs.evolve(state, bounds=event.bounds)
    if isinstance(event, ev.CompetitionResultRecorded):
        return attrs.evolve(state, results=(*state.results, event.result))
    if isinstance(event, ev.GroupDissolved):
        return attrs.evolve(state, dissolved_on=event.dissolved_on)
    if isinstance(event, GroupMerged):
        return attrs.evolve(state, merged_into=event.into, ended_on=event.merged_on)
    if isinstance(event, GroupSplit):
        ended = None if event.continues else event.split_on
        return attrs.evolve(
            state,
            split_into=(*state.split_into, *event.into),
            split_on=event.split_on,
            ended_on=ended,
        )
    if isinstance(event, SeatRecoded):
        return attrs.evolve(state, seat=event.seat)
    if isinstance(event, BOOK_EVENTS):
        return attrs.evolve(state, book=apply_to_book(state.book, event))
    return state  # events a group does not fold (from plugins) leave it unchanged


def fold(events: Iterable[Event], state: GroupState | None = None) -> GroupState | None:
    """Fold *events* into *state* (``None`` before the group was formed).

    Equal to `evolve` event by event (a property test keeps it so), without a copy of the
    23-field state and of the member map per join: a run of joins fills one new map, and the state
    is evolved once when the run ends. The map is never shared with a state a caller holds.
    """
    joined: dict[uuid.UUID, MemberDetails] | None = None
    for event in events:
        if state is not None and isinstance(event, ev.MemberJoined):
            if joined is None:
                joined = dict(state.members)
            joined[event.member.member_id] = event.member
            continue
        if state is not None and joined is not None:
            state = attrs.evolve(state, members=joined)
            joined = None
        state = evolve(state, event)
    if state is not None and joined is not None:
        state = attrs.evolve(state, members=joined)
    return state
