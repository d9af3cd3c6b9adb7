"""A Forum KIM's state, folded from its events by `evolve`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping

import attrs

from kimcore.domain.errors import UnknownAggregate
from kimcore.domain.partnership_types import PartyHistory
from kimcore.domain.party import BOOK_EVENTS, PartyBook, apply_to_book
from kimcore.events import forum as ev
from kimcore.events.base import Event
from kimcore.events.forum import ForumChairReplaced, ForumConfirmed, MusyawarahHeld
from kimcore.vocabulary.boards import BoardRole, BoardSeat, ForumLevel
from kimcore.vocabulary.forum import MusyawarahKind
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.parties import CompetitionResult, PartyKind, PartyRef
from kimcore.vocabulary.places import Region

__all__ = ["Applicant", "ForumState", "evolve", "fold"]


@attrs.frozen(kw_only=True)
class Applicant:
    """What a forum needs to know of a group or forum that applies to join it.

    The application service builds it from the applicant's own stream: its
    seat (a group's village, a forum's region), a forum's level, and whether
    it is still active.
    """

    ref: PartyRef
    region: Region
    forum_level: ForumLevel | None
    active: bool


@attrs.frozen(kw_only=True)
class ForumState:
    """A forum's state, folded from its events."""

    forum_id: uuid.UUID
    name: str
    level: ForumLevel
    region: Region
    established_on: dt.date
    dissolved_on: dt.date | None = None
    board: tuple[BoardSeat, ...] = ()
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    members: Mapping[uuid.UUID, PartyKind] = attrs.field(factory=dict)
    book: PartyBook = attrs.field(factory=PartyBook)
    results: tuple[CompetitionResult, ...] = ()
    decree: Decree | None = None
    musyawarah: Mapping[uuid.UUID, dt.date] = attrs.field(factory=dict)
    board_decree: Decree | None = None  # the running term's decree (SK kepengurusan)
    founding_musyawarah: uuid.UUID | None = None

    @property
    def chair(self) -> BoardSeat | None:
        """The board's chair, if a board is installed."""
        return next((seat for seat in self.board if seat.role is BoardRole.CHAIR), None)

    @property
    def active(self) -> bool:
        """Established and not dissolved."""
        return self.dissolved_on is None

    def history(self) -> PartyHistory:
        """What partnership types may read of this forum's history."""
        return PartyHistory(
            party_kind=PartyKind.FORUM,
            party_id=self.forum_id,
            registered=False,
            activity_topics=self.book.activity_topics,
            activity_count=len(self.book.activity_ids),
            activities=self.book.activities,
        )

    def as_applicant(self) -> Applicant:
        """The forum as an applicant to the forum above it."""
        return Applicant(
            ref=PartyRef(kind=PartyKind.FORUM, id=self.forum_id),
            region=self.region,
            forum_level=self.level,
            active=self.active,
        )


def evolve(state: ForumState | None, event: Event) -> ForumState:
    """The forum's state after *event*."""
    if isinstance(event, ev.ForumEstablished):
        # Re-establishing after dissolution starts a fresh forum in the same stream.
        return ForumState(
            forum_id=event.forum_id,
            name=event.name,
            level=event.level,
            region=event.region,
            established_on=event.established_on,
            decree=event.decree,
        )
    if state is None:
        raise UnknownAggregate(f"{type(event).__name__} before ForumEstablished")
    if isinstance(event, ev.ForumBoardInstalled):
        # A new term's board and decree replace the last's.
        return attrs.evolve(
            state,
            board=event.seats,
            term_start=event.term_start,
            term_end=event.term_end,
            board_decree=event.decree,
        )
    if isinstance(event, ev.ForumMemberAdmitted):
        return attrs.evolve(state, members={**state.members, event.member_id: event.member_kind})
    if isinstance(event, ev.ForumMemberWithdrew):
        members = {k: kind for k, kind in state.members.items() if k != event.member_id}
        return attrs.evolve(state, members=members)
    if isinstance(event, ev.ForumCompetitionResultRecorded):
        return attrs.evolve(state, results=(*state.results, event.result))
    if isinstance(event, ev.ForumDissolved):
        return attrs.evolve(state, dissolved_on=event.dissolved_on, members={})
    if isinstance(event, MusyawarahHeld):
        founding = event.kind is MusyawarahKind.FOUNDING
        return attrs.evolve(
            state,
            musyawarah={**state.musyawarah, event.musyawarah_id: event.held_on},
            founding_musyawarah=event.musyawarah_id if founding else state.founding_musyawarah,
        )
    if isinstance(event, ForumChairReplaced):
        kept = tuple(
            seat
            for seat in state.board
            if seat.role is not BoardRole.CHAIR and seat.person_id != event.chair.person_id
        )
        return attrs.evolve(state, board=(event.chair, *kept))
    if isinstance(event, ForumConfirmed):
        return attrs.evolve(state, decree=event.decree)
    if isinstance(event, BOOK_EVENTS):
        return attrs.evolve(state, book=apply_to_book(state.book, event))
    return state


def fold(events: Iterable[Event], state: ForumState | None = None) -> ForumState | None:
    """Fold *events* into *state* (``None`` before the forum was established)."""
    for event in events:
        state = evolve(state, event)
    return state
