"""The Forum KIM as a decider (its state and fold are in ``forum_state``, re-exported here).

A forum has no hierarchical relation with government: government appears only
as the authority whose decree confirms it, or as a partner.
"""

from __future__ import annotations

from kimcore.domain import commands as c
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.errors import (
    AlreadyForumMember,
    BoardTermInvalid,
    BoardTermNotEnded,
    ForumAlreadyActive,
    ForumDecreeRequired,
    ForumNotActive,
    InvalidValue,
    NotForumMember,
    UnknownAggregate,
)
from kimcore.domain.forum_admission import check_eligible
from kimcore.domain.forum_governance import (
    check_board,
    check_board_decree,
    check_forum_decree,
    confirm,
    hold_musyawarah,
    replace_chair,
)
from kimcore.domain.forum_members import check_current
from kimcore.domain.forum_state import Applicant, ForumState, evolve, fold
from kimcore.domain.party import check_not_before, recorded
from kimcore.domain.party_handlers import Handler, handler_for, party_handlers
from kimcore.domain.regions import check_region
from kimcore.events import forum as ev
from kimcore.events.base import Event
from kimcore.vocabulary.parties import PartyKind

__all__ = ["FORUM", "Applicant", "ForumState", "decide", "evolve", "fold"]


def _establish(
    state: ForumState | None, command: c.EstablishForum, context: DecisionContext
) -> list[Event]:
    policy = context.policy
    if state is not None and state.active:
        raise ForumAlreadyActive(
            f"the {command.level.value} forum for {command.region.code!r} ({state.name!r}) is"
            f" active since {state.established_on}"
        )
    check_region(command.region, catalogue=policy.catalogue.regions)
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
    else:
        check_forum_decree(command.decree, command.level, command.region, policy)
    if state is not None and state.dissolved_on is not None:
        check_not_before(
            command.established_on, state.dissolved_on, "re-establishing", "dissolution"
        )
    return [recorded(ev.ForumEstablished, command)]


def _install_board(
    state: ForumState, command: c.InstallForumBoard, context: DecisionContext
) -> list[Event]:
    policy = context.policy
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
    check_board(state, command.seats, command.musyawarah_id, command.term_start)
    check_board_decree(state, command, policy)
    return [recorded(ev.ForumBoardInstalled, command)]


def _admit(state: ForumState, command: c.AdmitToForum, context: DecisionContext) -> list[Event]:
    ref = command.applicant
    applicant = check_eligible(state, ref, context)
    if ref.id in state.members:
        raise AlreadyForumMember(f"{ref.kind.value} {ref.id} is a member already")
    check_not_before(command.admitted_on, state.established_on, "admission", "establishment")
    return [
        recorded(
            ev.ForumMemberAdmitted,
            command,
            member_kind=ref.kind,
            member_id=ref.id,
            member_region=applicant.region,
        )
    ]


def _withdraw(
    state: ForumState, command: c.WithdrawFromForum, context: DecisionContext
) -> list[Event]:
    if state.members.get(command.member.id) is not command.member.kind:
        raise NotForumMember(f"{command.member.kind.value} {command.member.id} is not a member")
    check_current(command.member, context.load, "it cannot withdraw again")
    check_not_before(command.withdrew_on, state.established_on, "withdrawal", "establishment")
    member = command.member
    return [recorded(ev.ForumMemberWithdrew, command, member_kind=member.kind, member_id=member.id)]


def _dissolve(
    state: ForumState, command: c.DissolveForum, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.dissolved_on, state.established_on, "dissolution", "establishment")
    return [recorded(ev.ForumDissolved, command)]


def _result(
    state: ForumState, command: c.RecordForumCompetitionResult, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.recorded_on, state.established_on, "the result", "establishment")
    return [recorded(ev.ForumCompetitionResultRecorded, command)]


_HANDLERS: dict[type[c.Command], Handler] = {
    c.InstallForumBoard: _install_board,
    c.AdmitToForum: _admit,
    c.WithdrawFromForum: _withdraw,
    c.DissolveForum: _dissolve,
    c.RecordForumCompetitionResult: _result,
    **party_handlers(lambda state: state.established_on),
    c.HoldMusyawarah: hold_musyawarah,
    c.ReplaceForumChair: replace_chair,
    c.ConfirmForum: confirm,
}


def decide(state: ForumState | None, command: c.Command, context: DecisionContext) -> list[Event]:
    """The events *command* records on the forum, or a `DomainError` and nothing.

    ``context.load`` reads another aggregate's state: the group or forum applying to join
    (for [`AdmitToForum`][kimcore.commands.AdmitToForum]), an attended activity's organiser.
    """
    if isinstance(command, c.EstablishForum):
        return _establish(state, command, context)
    handler = handler_for(_HANDLERS, command, "a forum")
    if state is None:
        raise UnknownAggregate(f"no forum {command.target.id} was established")
    if not state.active:
        raise ForumNotActive(f"forum {state.forum_id} was dissolved on {state.dissolved_on}")
    return handler(state, command, context)


FORUM = Decider(
    kind=PartyKind.FORUM.value,
    commands=(c.EstablishForum, *_HANDLERS),
    decide=decide,
    evolve=evolve,
    description="A Forum KIM at its level and region: board, members, partnerships.",
    state_type=ForumState,
    # 2: activities' dates in the party book; 3: competition results; 4: musyawarah, decree,
    # attended activities and products; 5: the board's decree, the founding musyawarah
    state_version=5,
)
