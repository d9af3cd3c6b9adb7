"""A KIM's people: who may join and leave, and its officers' posts, appointed and relieved.

The decider in [`kimcore.domain.group`][kimcore.domain.group] dispatches to these; a
member leaving is relieved of every post it held in the same decision.
"""

from __future__ import annotations

from kimcore.domain import commands as c
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import (
    AlreadyMember,
    ChairAlreadyAppointed,
    CoreOfficeConflict,
    GovernmentBodyRefused,
    GroupFull,
    NotAMember,
    NotAnOfficer,
    OfficerMustBeMember,
    OfficerTermInvalid,
    PostAlreadyHeld,
)
from kimcore.domain.group_state import GroupState
from kimcore.domain.party import check_not_before, recorded
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_decree
from kimcore.events import group as ev
from kimcore.events.base import Event
from kimcore.vocabulary.errors import DomainError
from kimcore.vocabulary.government import Decree
from kimcore.vocabulary.members import MemberDetails, MemberKind, OfficerRole

__all__ = ["appoint", "check_kim_decree", "join", "leave", "refuse_government", "relieve"]


def refuse_government(member: MemberDetails) -> None:
    """A KIM is formed by, from and for the community: no government body is a member."""
    if member.kind is MemberKind.GOVERNMENT_BODY:
        raise GovernmentBodyRefused(
            f"member {member.member_id} is a government body; a KIM is formed by, from and"
            " for the community"
        )


def join(state: GroupState, command: c.JoinGroup, _context: DecisionContext) -> list[Event]:
    """A new member, within the group's bounds."""
    refuse_government(command.member)
    check_not_before(command.joined_on, state.formed_on, "joining", "the group's forming")
    if command.member.member_id in state.members:
        raise AlreadyMember(f"{command.member.member_id} is already a member")
    if len(state.members) >= state.bounds.maximum:
        raise GroupFull(
            f"the group has its maximum of {state.bounds.maximum} members;"
            f" {command.member.member_id} cannot join",
            members=len(state.members) + 1,
            maximum=state.bounds.maximum,
        )
    return [recorded(ev.MemberJoined, command)]


def leave(state: GroupState, command: c.LeaveGroup, _context: DecisionContext) -> list[Event]:
    """A member leaves, relieved first of every post it held."""
    if command.member_id not in state.members:
        raise NotAMember(f"{command.member_id} is not a member of group {state.group_id}")
    check_not_before(command.left_on, state.formed_on, "leaving", "the group's forming")
    relieved: list[Event] = [
        ev.OfficerRelieved(
            group_id=state.group_id,
            member_id=command.member_id,
            post=post,
            reason=ev.ReliefReason.LEFT_GROUP,
            relieved_on=command.left_on,
        )
        for post in sorted(state.posts.get(command.member_id, ()), key=str)
    ]
    return [*relieved, recorded(ev.MemberLeft, command)]


def _check_term(state: GroupState, command: c.AppointOfficer, policy: Policy) -> None:
    term = command.term
    if term is None:
        return
    if term.ends_on is not None and term.ends_on <= command.appointed_on:
        raise OfficerTermInvalid(
            f"a term ends after the appointment on {command.appointed_on}, not on {term.ends_on}"
        )
    if term.decree is not None:
        check_kim_decree(
            term.decree,
            state,
            policy,
            act="appoint a KIM's officers",
            refused=OfficerTermInvalid,
            field="term.decree",
        )


def check_kim_decree(
    decree: Decree,
    state: GroupState,
    policy: Policy,
    *,
    act: str,
    refused: type[DomainError],
    field: str = "decree",
) -> None:
    """A decree about a KIM: at least a village head's or lurah's, of a region holding the seat."""
    if decree.authority.rank < 1:
        raise refused(
            f"a decree by {decree.authority.value} cannot {act}: it needs at least a village"
            " head or lurah",
            authority=decree.authority,
        )
    check_decree(decree, state.seat.region, field, policy.catalogue.regions)


def appoint(state: GroupState, command: c.AppointOfficer, context: DecisionContext) -> list[Event]:
    """A member takes a post (one chair; one core post a person); a held post takes a new term."""
    if command.member_id not in state.members:
        raise OfficerMustBeMember(f"{command.member_id} is not a current member")
    check_not_before(command.appointed_on, state.formed_on, "appointment", "the group's forming")
    _check_term(state, command, context.policy)
    held = state.posts.get(command.member_id, frozenset())
    if command.post in held:
        if command.term is None:
            raise PostAlreadyHeld(
                f"{command.member_id} is {command.post} already (a new term names its decree"
                " or end)"
            )
        return [recorded(ev.OfficerAppointed, command)]
    chair = state.chair
    if command.post.role is OfficerRole.CHAIR and chair is not None:
        raise ChairAlreadyAppointed(f"{chair} chairs the group; relieve them first")
    if command.post.role.is_core:
        core = [str(p) for p in held if p.role.is_core]
        if core:
            raise CoreOfficeConflict(
                f"{command.member_id} is {core[0]} and cannot also be {command.post}",
                held=next(p.role for p in held if p.role.is_core),
                post=command.post.role,
            )
    return [recorded(ev.OfficerAppointed, command)]


def relieve(state: GroupState, command: c.RelieveOfficer, _context: DecisionContext) -> list[Event]:
    """An officer leaves a post it holds."""
    if command.post not in state.posts.get(command.member_id, frozenset()):
        raise NotAnOfficer(f"{command.member_id} is not {command.post}")
    check_not_before(command.relieved_on, state.formed_on, "relief", "the group's forming")
    return [recorded(ev.OfficerRelieved, command, reason=ev.ReliefReason.RELIEVED)]
