"""How a forum governs itself: musyawarah, a board it elects, a chair replaced, a later decree.

A board has one chair; a chair may be replaced within the term; a decree may
confirm a forum established without one.

[practice] Forums are formed by delegates of the level below, who meet in
musyawarah and elect a board for a fixed term; a chair may be replaced within
it (resigned, died, removed by musyawarah) [policy: the rest of the board
waits for the term's end, ``board_after_term_ends``].
"""

from __future__ import annotations

import datetime as dt
import uuid

from kimcore.domain import commands as c
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import (
    AlreadyExists,
    AuthorityTooLow,
    BoardDecreeRequired,
    BoardNeedsOneChair,
    BoardRoleNotAtLevel,
    ChairReplacementRefused,
    DelegateNotMember,
    ForumAlreadyConfirmed,
    FoundingMusyawarahRefused,
    InvalidValue,
    UnknownMusyawarah,
)
from kimcore.domain.forum_admission import check_eligible
from kimcore.domain.forum_members import check_current
from kimcore.domain.forum_state import ForumState
from kimcore.domain.party import check_not_before, recorded
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_decree
from kimcore.events.base import Event
from kimcore.events.forum import ForumChairReplaced, ForumConfirmed, MusyawarahHeld
from kimcore.vocabulary.boards import BoardRole, BoardSeat, ForumLevel
from kimcore.vocabulary.forum import ChairChangeReason, MusyawarahKind
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.places import Region

__all__ = [
    "MIN_AUTHORITY_RANK",
    "check_board",
    "check_board_decree",
    "check_forum_decree",
    "confirm",
    "hold_musyawarah",
    "replace_chair",
]

# The least authority whose decree confirms a forum at each level [design]:
# a camat for a district forum, a regency/city head or office head above.
MIN_AUTHORITY_RANK = {
    ForumLevel.DISTRICT: 2,
    ForumLevel.REGENCY: 3,
    ForumLevel.PROVINCE: 3,
    ForumLevel.NATIONAL: 3,
}


def check_forum_decree(decree: Decree, level: ForumLevel, over: Region, policy: Policy) -> None:
    """A decree that may confirm a forum at *level* for the region *over*."""
    if decree.authority.rank < MIN_AUTHORITY_RANK[level]:
        raise AuthorityTooLow(
            f"a decree by {decree.authority.value} cannot confirm a {level.value} forum",
            authority=decree.authority,
        )
    check_decree(decree, over, catalogue=policy.catalogue.regions)


# [seed] Forum KIM Nusantara has a secretary-general; [practice] provincial forums too.
_SECRETARY_GENERAL_LEVELS = frozenset({ForumLevel.PROVINCE, ForumLevel.NATIONAL})


def check_board_decree(state: ForumState, command: c.InstallForumBoard, policy: Policy) -> None:
    """The term's decree: one that may confirm the forum's level, dated within the term's reach.

    It is issued on or after the forum's establishment and the electing musyawarah, and by
    the term's end; where the policy asks it (``board_needs_decree``), every board has one.
    """
    decree = command.decree
    if decree is None:
        if policy.rules.board_needs_decree:
            raise BoardDecreeRequired(
                "this deployment installs a forum board only with its decree (SK kepengurusan)"
                " (policy: board_needs_decree)"
            )
        return
    check_forum_decree(decree, state.level, state.region, policy)
    check_not_before(decree.issued_on, state.established_on, "the board's decree", "establishment")
    if command.musyawarah_id is not None:
        held_on = state.musyawarah[command.musyawarah_id]
        check_not_before(decree.issued_on, held_on, "the board's decree", "its musyawarah")
    if decree.issued_on > command.term_end:
        raise InvalidValue(
            "decree.issued_on",
            f"a board's decree on {decree.issued_on} is after its term ended on {command.term_end}",
        )


def _musyawarah_on(state: ForumState, musyawarah_id: uuid.UUID, by: dt.date, what: str) -> None:
    held_on = state.musyawarah.get(musyawarah_id)
    if held_on is None:
        raise UnknownMusyawarah(f"the forum recorded no musyawarah {musyawarah_id}")
    if held_on > by:
        raise UnknownMusyawarah(f"musyawarah {musyawarah_id} on {held_on} is after {what} on {by}")


def check_board(
    state: ForumState, seats: tuple[BoardSeat, ...], musyawarah_id: uuid.UUID | None, start: dt.date
) -> None:
    """One chair, one seat a person, and the electing musyawarah recorded before the term."""
    people = [seat.person_id for seat in seats]
    if len(set(people)) != len(people):
        raise InvalidValue("seats", "a person holds at most one seat on a board")
    chairs = sum(seat.role is BoardRole.CHAIR for seat in seats)
    if chairs != 1:
        raise BoardNeedsOneChair(f"a board has exactly one chair, this one has {chairs}")
    generals = sum(seat.role is BoardRole.SECRETARY_GENERAL for seat in seats)
    if generals and state.level not in _SECRETARY_GENERAL_LEVELS:
        raise BoardRoleNotAtLevel(
            f"a {state.level.value} forum's board has no secretary-general: provincial and"
            " national boards have one"
        )
    if generals > 1:
        raise BoardRoleNotAtLevel(f"a board has one secretary-general, this one has {generals}")
    if musyawarah_id is not None:
        _musyawarah_on(state, musyawarah_id, start, "the term's start")


def hold_musyawarah(
    state: ForumState, command: c.HoldMusyawarah, context: DecisionContext
) -> list[Event]:
    """A musyawarah of delegates from the forum's current members, or the one that founded it."""
    if command.musyawarah_id in state.musyawarah:
        raise AlreadyExists(f"musyawarah {command.musyawarah_id} was recorded already")
    if command.kind is MusyawarahKind.FOUNDING:
        _check_founding(state, command, context)
    else:
        check_not_before(command.held_on, state.established_on, "the musyawarah", "establishment")
        strangers = [
            f"{ref.kind.value} {ref.id}"
            for ref in command.delegates
            if state.members.get(ref.id) is not ref.kind
        ]
        if strangers:
            raise DelegateNotMember(f"not members of the forum: {', '.join(strangers)}")
        for ref in command.delegates:
            check_current(ref, context.load, "it sends no delegate")
    return [recorded(MusyawarahHeld, command)]


def _check_founding(state: ForumState, command: c.HoldMusyawarah, context: DecisionContext) -> None:
    """[practice] The founding musyawarah seats delegates of the parties that form the forum.

    They are parties the forum may admit (its level's kind, seated in its region, active),
    members or not yet; it is held on or before the establishment, and recorded once.
    """
    if state.founding_musyawarah is not None:
        raise FoundingMusyawarahRefused(
            f"the forum's founding musyawarah {state.founding_musyawarah} is recorded already"
        )
    if command.held_on > state.established_on:
        raise FoundingMusyawarahRefused(
            f"a founding musyawarah on {command.held_on} is after the forum was established on"
            f" {state.established_on}"
        )
    for ref in command.delegates:
        check_eligible(state, ref, context)


def replace_chair(
    state: ForumState, command: c.ReplaceForumChair, _context: DecisionContext
) -> list[Event]:
    """A new chair within a running term, for a reason; removal cites its musyawarah."""
    current = state.chair
    if current is None or state.term_start is None or state.term_end is None:
        raise ChairReplacementRefused("the forum has no board with a chair to replace")
    if not state.term_start <= command.replaced_on <= state.term_end:
        raise ChairReplacementRefused(
            f"{command.replaced_on} is outside the board's term, {state.term_start} to"
            f" {state.term_end}: a new term installs a new board"
        )
    if command.chair.role is not BoardRole.CHAIR:
        raise InvalidValue("chair", f"the new chair's seat is a chair's, not {command.chair.role}")
    if command.chair.person_id == current.person_id:
        raise ChairReplacementRefused(f"{current.person_id} chairs the forum already")
    removed = command.reason is ChairChangeReason.REMOVED_BY_MUSYAWARAH
    if removed and command.musyawarah_id is None:
        raise UnknownMusyawarah("a chair removed by musyawarah names that musyawarah")
    if command.musyawarah_id is not None:
        _musyawarah_on(state, command.musyawarah_id, command.replaced_on, "the replacement")
    return [recorded(ForumChairReplaced, command, previous_chair=current.person_id)]


def confirm(state: ForumState, command: c.ConfirmForum, context: DecisionContext) -> list[Event]:
    """Confirm a forum established without a decree, by one that may confirm its level."""
    if state.decree is not None:
        raise ForumAlreadyConfirmed(f"the forum was confirmed by decree {state.decree.number!r}")
    check_forum_decree(command.decree, state.level, state.region, context.policy)
    check_not_before(command.decree.issued_on, state.established_on, "the decree", "establishment")
    return [recorded(ForumConfirmed, command)]
