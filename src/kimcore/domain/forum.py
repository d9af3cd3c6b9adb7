"""The Forum KIM as a decider (its state and fold are in ``forum_state``, re-exported here).

A forum has no hierarchical relation with government: government appears only
as the authority whose decree confirms it, or as a partner.
"""

from __future__ import annotations

from kimcore.domain import commands as c
from kimcore.domain.errors import (
    AlreadyForumMember,
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
from kimcore.domain.forum_governance import (
    check_board,
    check_forum_decree,
    confirm,
    hold_musyawarah,
    replace_chair,
)
from kimcore.domain.forum_state import Applicant, ForumState, evolve, fold
from kimcore.domain.party import (
    check_not_before,
    decide_end_partnership,
    decide_hold_activity,
    decide_publish,
    decide_sign_partnership,
    decide_take_part,
)
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_region
from kimcore.events import forum as ev
from kimcore.events.base import Event
from kimcore.events.party import ActivityHeld
from kimcore.vocabulary.values import (
    ForumLevel,
    PartyKind,
)

__all__ = ["Applicant", "ForumState", "decide", "evolve", "fold"]

# Which applicants each level admits: groups below the province, forums above.
_ADMITS: dict[ForumLevel, tuple[PartyKind, ForumLevel | None]] = {
    ForumLevel.DISTRICT: (PartyKind.GROUP, None),
    ForumLevel.REGENCY: (PartyKind.GROUP, None),
    ForumLevel.PROVINCE: (PartyKind.FORUM, ForumLevel.REGENCY),
    ForumLevel.NATIONAL: (PartyKind.FORUM, ForumLevel.PROVINCE),
}


def _establish(state: ForumState | None, command: c.EstablishForum, policy: Policy) -> list[Event]:
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
    check_board(state, command.seats, command.musyawarah_id, command.term_start)
    return [
        ev.ForumBoardInstalled(
            forum_id=state.forum_id,
            seats=command.seats,
            term_start=command.term_start,
            term_end=command.term_end,
            musyawarah_id=command.musyawarah_id,
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
    c.HoldMusyawarah,
    c.ReplaceForumChair,
    c.ConfirmForum,
    c.PublishInformation,
    c.TakePartInActivity,
)


def decide(
    state: ForumState | None,
    command: c.Command,
    policy: Policy,
    applicant: Applicant | None = None,
    organised: ActivityHeld | None = None,
) -> list[Event]:
    """The events *command* records on the forum, or a `DomainError` and nothing.

    *applicant* is required for [`AdmitToForum`][kimcore.commands.AdmitToForum];
    *organised* is an attended activity as its organiser recorded it.
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
    return _decide_practice(state, command, policy, organised)


def _decide_practice(
    state: ForumState, command: c.Command, policy: Policy, organised: ActivityHeld | None
) -> list[Event]:
    if isinstance(command, c.HoldMusyawarah):
        return hold_musyawarah(state, command)
    if isinstance(command, c.ReplaceForumChair):
        return replace_chair(state, command)
    if isinstance(command, c.ConfirmForum):
        return confirm(state, command, policy)
    if isinstance(command, c.PublishInformation):
        return [decide_publish(command, state.book, policy, state.established_on)]
    if isinstance(command, c.TakePartInActivity):
        since = state.established_on
        return [decide_take_part(command, state.book, policy, since, organised)]
    raise TypeError(f"a forum does not handle {type(command).__name__}")
