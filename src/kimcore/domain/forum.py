"""The Forum KIM as a decider, with its state and fold.

A forum has no hierarchical relation with government: government appears only
as the authority whose decree confirms it, or as a partner.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping

import attrs

from kimcore.domain import commands as c
from kimcore.domain.errors import (
    AlreadyForumMember,
    AuthorityTooLow,
    BoardTermInvalid,
    BoardTermNotEnded,
    ForumAlreadyActive,
    ForumDecreeRequired,
    ForumNotActive,
    GovernmentBodyRefused,
    GroupDissolvedError,
    InvalidValue,
    NotForumMember,
    OutsideForumRegion,
    UnknownAggregate,
    WrongApplicantLevel,
)
from kimcore.domain.partnership_types import PartyHistory
from kimcore.domain.party import (
    PartyBook,
    apply_to_book,
    check_not_before,
    decide_end_partnership,
    decide_hold_activity,
    decide_sign_partnership,
)
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_decree, check_region
from kimcore.events import forum as ev
from kimcore.events.base import Event
from kimcore.events.party import ActivityHeld, PartnershipEnded, PartnershipSigned
from kimcore.vocabulary.values import (
    BoardRole,
    BoardSeat,
    CompetitionResult,
    ForumLevel,
    PartyKind,
    PartyRef,
    Region,
)

__all__ = ["Applicant", "ForumState", "decide", "evolve", "fold"]

# Which applicants each level admits: groups below the province, forums above.
_ADMITS: dict[ForumLevel, tuple[PartyKind, ForumLevel | None]] = {
    ForumLevel.DISTRICT: (PartyKind.GROUP, None),
    ForumLevel.REGENCY: (PartyKind.GROUP, None),
    ForumLevel.PROVINCE: (PartyKind.FORUM, ForumLevel.REGENCY),
    ForumLevel.NATIONAL: (PartyKind.FORUM, ForumLevel.PROVINCE),
}

# The least authority whose decree confirms a forum at each level [design]:
# a camat for a district forum, a regency/city head or office head above.
_MIN_AUTHORITY_RANK = {
    ForumLevel.DISTRICT: 2,
    ForumLevel.REGENCY: 3,
    ForumLevel.PROVINCE: 3,
    ForumLevel.NATIONAL: 3,
}


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


def _establish(state: ForumState | None, command: c.EstablishForum, policy: Policy) -> list[Event]:
    if state is not None and state.active:
        raise ForumAlreadyActive(
            f"the {command.level.value} forum for {command.region.code!r} ({state.name!r}) is"
            f" active since {state.established_on}"
        )
    check_region(command.region)
    if command.region.level is not command.level.region_level:
        raise InvalidValue(
            "region",
            f"a {command.level.value} forum serves a {command.level.region_level.name.lower()},"
            f" not {command.region.code!r}",
        )
    if command.decree is None:
        if policy.rules.forum_needs_decree:
            raise ForumDecreeRequired(
                f"this deployment establishes a {command.level.value} forum only with a decree"
                " (policy: forum_needs_decree)"
            )
    elif command.decree.authority.rank < _MIN_AUTHORITY_RANK[command.level]:
        raise AuthorityTooLow(
            f"a decree by {command.decree.authority.value} cannot confirm a"
            f" {command.level.value} forum"
        )
    else:
        check_decree(command.decree, command.region)
    if state is not None and state.dissolved_on is not None:
        check_not_before(
            command.established_on, state.dissolved_on, "re-establishing", "dissolution"
        )
    return [
        ev.ForumEstablished(
            forum_id=command.forum_id,
            name=command.name,
            level=command.level,
            region=command.region,
            decree=command.decree,
            established_on=command.established_on,
        )
    ]


def _install_board(state: ForumState, command: c.InstallForumBoard, policy: Policy) -> list[Event]:
    if command.term_end <= command.term_start:
        raise BoardTermInvalid(
            f"a term must end after it starts: {command.term_start} to {command.term_end}"
        )
    check_not_before(command.term_start, state.established_on, "the term", "establishment")
    ends = state.term_end
    if policy.rules.board_after_term_ends and ends is not None and command.term_start < ends:
        raise BoardTermNotEnded(
            f"the current board's term runs to {state.term_end}; a new board can start then"
        )
    people = [seat.person_id for seat in command.seats]
    if len(set(people)) != len(people):
        raise InvalidValue("seats", "a person holds at most one seat on a board")
    if sum(seat.role is BoardRole.CHAIR for seat in command.seats) > 1:
        raise InvalidValue("seats", "a board has at most one chair")
    return [
        ev.ForumBoardInstalled(
            forum_id=state.forum_id,
            seats=command.seats,
            term_start=command.term_start,
            term_end=command.term_end,
        )
    ]


def _admit(state: ForumState, command: c.AdmitToForum, applicant: Applicant | None) -> list[Event]:
    ref = command.applicant
    if ref.kind is PartyKind.GOVERNMENT_BODY:
        raise GovernmentBodyRefused(
            f"{ref.id} is a government body; a forum has no hierarchical relation with government"
        )
    if applicant is None or applicant.ref != ref:
        raise UnknownAggregate(f"no {ref.kind.value} {ref.id} is known to apply")
    if not applicant.active:
        raise GroupDissolvedError(f"the {ref.kind.value} {ref.id} is dissolved")
    kind, level = _ADMITS[state.level]
    if ref.kind is not kind or applicant.forum_level is not level:
        wanted = kind.value if level is None else f"{level.value} {kind.value}"
        got = (
            ref.kind.value
            if applicant.forum_level is None
            else (f"{applicant.forum_level.value} {ref.kind.value}")
        )
        raise WrongApplicantLevel(f"a {state.level.value} forum admits a {wanted}, not a {got}")
    if not state.region.contains(applicant.region):
        raise OutsideForumRegion(
            f"{ref.kind.value} {ref.id} is seated in {applicant.region.code!r}, outside"
            f" {state.region.code!r}"
        )
    if ref.id in state.members:
        raise AlreadyForumMember(f"{ref.kind.value} {ref.id} is a member already")
    check_not_before(command.admitted_on, state.established_on, "admission", "establishment")
    return [
        ev.ForumMemberAdmitted(
            forum_id=state.forum_id,
            member_kind=ref.kind,
            member_id=ref.id,
            member_region=applicant.region,
            admitted_on=command.admitted_on,
        )
    ]


def _withdraw(state: ForumState, command: c.WithdrawFromForum) -> list[Event]:
    if state.members.get(command.member.id) is not command.member.kind:
        raise NotForumMember(f"{command.member.kind.value} {command.member.id} is not a member")
    check_not_before(command.withdrew_on, state.established_on, "withdrawal", "establishment")
    return [
        ev.ForumMemberWithdrew(
            forum_id=state.forum_id,
            member_kind=command.member.kind,
            member_id=command.member.id,
            withdrew_on=command.withdrew_on,
        )
    ]


# The commands a forum's stream decides (party commands included).
COMMANDS: tuple[type[c.Command], ...] = (
    c.EstablishForum,
    c.InstallForumBoard,
    c.AdmitToForum,
    c.WithdrawFromForum,
    c.DissolveForum,
    c.RecordForumCompetitionResult,
    c.SignPartnership,
    c.EndPartnership,
    c.HoldActivity,
)


def decide(
    state: ForumState | None,
    command: c.Command,
    policy: Policy,
    applicant: Applicant | None = None,
) -> list[Event]:
    """The events *command* records on the forum, or a `DomainError` and nothing.

    *applicant* is required for [`AdmitToForum`][kimcore.commands.AdmitToForum].
    """
    if isinstance(command, c.EstablishForum):
        return _establish(state, command, policy)
    if state is None:
        raise UnknownAggregate(f"no forum {command.target.id} was established")
    if not state.active:
        raise ForumNotActive(f"forum {state.forum_id} was dissolved on {state.dissolved_on}")
    if isinstance(command, c.InstallForumBoard):
        return _install_board(state, command, policy)
    if isinstance(command, c.AdmitToForum):
        return _admit(state, command, applicant)
    if isinstance(command, c.WithdrawFromForum):
        return _withdraw(state, command)
    if isinstance(command, c.DissolveForum):
        check_not_before(command.dissolved_on, state.established_on, "dissolution", "establishment")
        return [
            ev.ForumDissolved(
                forum_id=state.forum_id, reason=command.reason, dissolved_on=command.dissolved_on
            )
        ]
    if isinstance(command, c.RecordForumCompetitionResult):
        check_not_before(command.recorded_on, state.established_on, "the result", "establishment")
        return [
            ev.ForumCompetitionResultRecorded(
                forum_id=state.forum_id, result=command.result, recorded_on=command.recorded_on
            )
        ]
    if isinstance(command, c.SignPartnership):
        history = state.history()
        return [decide_sign_partnership(command, state.book, history, policy, state.established_on)]
    if isinstance(command, c.EndPartnership):
        return [decide_end_partnership(command, state.book)]
    if isinstance(command, c.HoldActivity):
        return [decide_hold_activity(command, state.book, policy, state.established_on)]
    raise TypeError(f"a forum does not handle {type(command).__name__}")


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
        )
    if state is None:
        raise UnknownAggregate(f"{type(event).__name__} before ForumEstablished")
    if isinstance(event, ev.ForumBoardInstalled):
        return attrs.evolve(
            state, board=event.seats, term_start=event.term_start, term_end=event.term_end
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
    if isinstance(event, PartnershipSigned | PartnershipEnded | ActivityHeld):
        return attrs.evolve(state, book=apply_to_book(state.book, event))
    return state


def fold(events: Iterable[Event], state: ForumState | None = None) -> ForumState | None:
    """Fold *events* into *state* (``None`` before the forum was established)."""
    for event in events:
        state = evolve(state, event)
    return state
