"""The information group (KIM) as a decider: a command and the state give events or an error.

State and folding live in [`kimcore.domain.group_state`][kimcore.domain.group_state].
"""

from __future__ import annotations

import uuid

from kimcore.domain import commands as c
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.errors import (
    AlreadyConfirmed,
    AlreadyExists,
    AlreadyMember,
    AlreadyRegistered,
    AuthorityTooLow,
    BelowMinimumCannotSign,
    ChairAlreadyAppointed,
    ConfirmationRequiresChair,
    CoreOfficeConflict,
    GovernmentBodyRefused,
    GroupDissolvedError,
    GroupEnded,
    GroupFull,
    InvalidValue,
    NotAMember,
    NotAnOfficer,
    OfficerMustBeMember,
    OfficerTermInvalid,
    PostAlreadyHeld,
    RegistrationRequired,
    RegistrationRequiresConfirmation,
    TooFewFounders,
    UnknownAggregate,
    WrongRegistrationOffice,
)
from kimcore.domain.group_lifecycle import check_split_origin, merge, recode, split
from kimcore.domain.group_profile import change_profile, formed_profile
from kimcore.domain.group_state import GroupStage, GroupState, Standing, evolve, fold
from kimcore.domain.identity import group_id_for_register
from kimcore.domain.party import check_not_before
from kimcore.domain.party_handlers import Handler, party_handlers
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_decree, check_region, check_seat
from kimcore.events import group as ev
from kimcore.events.base import Event
from kimcore.vocabulary.errors import DomainError
from kimcore.vocabulary.values import (
    Channel,
    Decree,
    MemberDetails,
    MemberKind,
    OfficerRole,
    PartyKind,
    RegionLevel,
)

__all__ = ["GROUP", "decide"]

_PARTY = party_handlers(lambda state: state.formed_on)


def _refuse_government(member: MemberDetails) -> None:
    if member.kind is MemberKind.GOVERNMENT_BODY:
        raise GovernmentBodyRefused(
            f"member {member.member_id} is a government body; a KIM is formed by, from and"
            " for the community"
        )


def _check_channels(channels: tuple[Channel, ...], policy: Policy) -> None:
    for channel in channels:
        policy.catalogue.check_channel(channel)
    names = [ch.name for ch in channels]
    if len(set(names)) != len(names):
        raise InvalidValue("channels", f"a channel is named twice in {names}")


def _form(command: c.FormGroup, context: DecisionContext) -> list[Event]:
    policy = context.policy
    check_seat(command.seat, catalogue=policy.catalogue.regions)
    if (
        command.register_number is not None
        and group_id_for_register(command.register_number) != command.group_id
    ):
        raise InvalidValue(
            "register_number",
            f"register number {command.register_number!r} names KIM"
            f" {group_id_for_register(command.register_number)}, not {command.group_id}",
            register_number=command.register_number,
        )
    if command.split_from is not None:
        check_split_origin(command, command.split_from, context.load)
    bounds = command.bounds or policy.bounds
    seen: set[uuid.UUID] = set()
    for founder in command.founders:
        _refuse_government(founder)
        if founder.member_id in seen:
            raise AlreadyMember(f"founder {founder.member_id} is named twice")
        seen.add(founder.member_id)
    if len(command.founders) < bounds.minimum:
        raise TooFewFounders(
            f"a group is formed with at least {bounds.minimum} founding members,"
            f" got {len(command.founders)}",
            minimum=bounds.minimum,
            given=len(command.founders),
        )
    if len(command.founders) > bounds.maximum:
        raise GroupFull(
            f"a group has at most {bounds.maximum} members, got {len(command.founders)} founders",
            members=len(command.founders),
            maximum=bounds.maximum,
        )
    _check_channels(command.channels, policy)
    return [
        ev.GroupFormed(
            group_id=command.group_id,
            name=command.name,
            seat=command.seat,
            founders=command.founders,
            channels=command.channels,
            bounds=bounds,
            formed_on=command.formed_on,
            split_from=command.split_from,
            register_number=command.register_number,
        ),
        *formed_profile(command),
    ]


def _join(state: GroupState, command: c.JoinGroup, _context: DecisionContext) -> list[Event]:
    _refuse_government(command.member)
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
    return [
        ev.MemberJoined(group_id=state.group_id, member=command.member, joined_on=command.joined_on)
    ]


def _leave(state: GroupState, command: c.LeaveGroup, _context: DecisionContext) -> list[Event]:
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
    left = ev.MemberLeft(
        group_id=state.group_id,
        member_id=command.member_id,
        reason=command.reason,
        left_on=command.left_on,
    )
    return [*relieved, left]


def _check_term(state: GroupState, command: c.AppointOfficer, policy: Policy) -> None:
    term = command.term
    if term is None:
        return
    if term.ends_on is not None and term.ends_on <= command.appointed_on:
        raise OfficerTermInvalid(
            f"a term ends after the appointment on {command.appointed_on}, not on {term.ends_on}"
        )
    if term.decree is not None:
        _check_kim_decree(
            term.decree,
            state,
            policy,
            act="appoint a KIM's officers",
            refused=OfficerTermInvalid,
            field="term.decree",
        )


def _check_kim_decree(
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


def _appoint(state: GroupState, command: c.AppointOfficer, context: DecisionContext) -> list[Event]:
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
        return [_appointed(state, command)]
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
    return [_appointed(state, command)]


def _appointed(state: GroupState, command: c.AppointOfficer) -> ev.OfficerAppointed:
    return ev.OfficerAppointed(
        group_id=state.group_id,
        member_id=command.member_id,
        post=command.post,
        appointed_on=command.appointed_on,
        term=command.term,
    )


def _relieve(
    state: GroupState, command: c.RelieveOfficer, _context: DecisionContext
) -> list[Event]:
    if command.post not in state.posts.get(command.member_id, frozenset()):
        raise NotAnOfficer(f"{command.member_id} is not {command.post}")
    check_not_before(command.relieved_on, state.formed_on, "relief", "the group's forming")
    return [
        ev.OfficerRelieved(
            group_id=state.group_id,
            member_id=command.member_id,
            post=command.post,
            reason=ev.ReliefReason.RELIEVED,
            relieved_on=command.relieved_on,
        )
    ]


def _confirm(state: GroupState, command: c.ConfirmGroup, context: DecisionContext) -> list[Event]:
    if state.stage is not GroupStage.FORMED:
        raise AlreadyConfirmed(f"the group was confirmed by decree {state.decree}")
    _check_kim_decree(
        command.decree, state, context.policy, act="confirm a KIM", refused=AuthorityTooLow
    )
    check_not_before(command.decree.issued_on, state.formed_on, "the decree", "the forming")
    if state.chair is None:
        raise ConfirmationRequiresChair("the group has no chair to confirm")
    return [ev.GroupConfirmed(group_id=state.group_id, decree=command.decree)]


def _register(state: GroupState, command: c.RegisterGroup, context: DecisionContext) -> list[Event]:
    if state.stage is GroupStage.FORMED:
        raise RegistrationRequiresConfirmation("the group must be confirmed by decree first")
    if state.stage is GroupStage.REGISTERED:
        raise AlreadyRegistered(f"registered already as {state.registration_number!r}")
    check_region(command.office.region, "office.region", context.policy.catalogue.regions)
    regency = state.seat.region.ancestor_code(RegionLevel.REGENCY)
    if command.office.region.code != regency:
        raise WrongRegistrationOffice(
            f"{command.office.name!r} serves {command.office.region.code!r}; the group is seated"
            f" in regency/city {regency!r}",
            office=command.office.region.code,
            regency=regency,
        )
    assert state.decree is not None  # confirmed groups have a decree
    check_not_before(command.registered_on, state.decree.issued_on, "registration", "the decree")
    return [
        ev.GroupRegistered(
            group_id=state.group_id,
            office=command.office,
            registration_number=command.registration_number,
            registered_on=command.registered_on,
        )
    ]


def _channels(
    state: GroupState, command: c.ChangeChannels, context: DecisionContext
) -> list[Event]:
    _check_channels(command.channels, context.policy)
    check_not_before(command.changed_on, state.formed_on, "the change", "the group's forming")
    return [
        ev.ChannelsChanged(
            group_id=state.group_id, channels=command.channels, changed_on=command.changed_on
        )
    ]


def _bounds(state: GroupState, command: c.ChangeBounds, _context: DecisionContext) -> list[Event]:
    check_not_before(command.changed_on, state.formed_on, "the change", "the group's forming")
    if len(state.members) > command.bounds.maximum:
        raise GroupFull(
            f"the group has {len(state.members)} members, more than the new maximum"
            f" of {command.bounds.maximum}",
            members=len(state.members),
            maximum=command.bounds.maximum,
        )
    return [
        ev.BoundsChanged(
            group_id=state.group_id,
            bounds=command.bounds,
            changed_on=command.changed_on,
            reason=command.reason,
        )
    ]


def _result(
    state: GroupState, command: c.RecordCompetitionResult, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.recorded_on, state.formed_on, "the result", "the group's forming")
    return [
        ev.CompetitionResultRecorded(
            group_id=state.group_id, result=command.result, recorded_on=command.recorded_on
        )
    ]


def _dissolve(
    state: GroupState, command: c.DissolveGroup, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.dissolved_on, state.formed_on, "dissolution", "the forming")
    return [
        ev.GroupDissolved(
            group_id=state.group_id, reason=command.reason, dissolved_on=command.dissolved_on
        )
    ]


def _sign(state: GroupState, command: c.SignPartnership, context: DecisionContext) -> list[Event]:
    if context.policy.rules.below_minimum_cannot_sign and state.standing is Standing.BELOW_MINIMUM:
        raise BelowMinimumCannotSign(
            f"the group has {len(state.members)} members, below its minimum of"
            f" {state.bounds.minimum}"
        )
    if command.partner.communication_office and state.stage is not GroupStage.REGISTERED:
        raise RegistrationRequired(
            f"only a registered KIM partners with a communication office; the group is"
            f" {state.stage.value}"
        )
    return _PARTY[c.SignPartnership](state, command, context)


_HANDLERS: dict[type[c.Command], Handler] = {
    c.JoinGroup: _join,
    c.LeaveGroup: _leave,
    c.AppointOfficer: _appoint,
    c.RelieveOfficer: _relieve,
    c.ConfirmGroup: _confirm,
    c.RegisterGroup: _register,
    c.ChangeChannels: _channels,
    c.ChangeBounds: _bounds,
    c.ChangeGroupProfile: change_profile,
    c.RecordCompetitionResult: _result,
    c.DissolveGroup: _dissolve,
    **_PARTY,
    c.SignPartnership: _sign,
    c.MergeGroup: merge,
    c.SplitGroup: split,
    c.RecodeSeat: recode,
}


def decide(state: GroupState | None, command: c.Command, context: DecisionContext) -> list[Event]:
    """The events *command* records on the group, or a `DomainError` and nothing.

    ``context.load`` reads another aggregate's state: the group a split one comes
    from, the group a merger goes into, an attended activity's organiser.
    """
    if isinstance(command, c.FormGroup):
        if state is not None:
            raise AlreadyExists(f"group {command.group_id} exists already")
        return _form(command, context)
    handler = _HANDLERS.get(type(command))
    if handler is None:
        raise TypeError(f"a group does not handle {type(command).__name__}")
    if state is None:
        raise UnknownAggregate(f"no group {command.target.id} was formed")
    if state.dissolved:
        raise GroupDissolvedError(f"group {state.group_id} was dissolved on {state.dissolved_on}")
    if state.ended:
        how = f"merged into {state.merged_into}" if state.merged_into else "split"
        raise GroupEnded(f"group {state.group_id} {how} on {state.ended_on}")
    return handler(state, command, context)


GROUP = Decider(
    kind=PartyKind.GROUP.value,
    commands=(c.FormGroup, *_HANDLERS),
    decide=decide,
    evolve=evolve,
    folder=fold,
    description="A KIM: formed by the community, its members, officers, stage and activities.",
    state_type=GroupState,
    # 2: activities' dates in the party book; 3: members' also and gender; 4: officers' terms,
    # merges and splits, attended activities and products. Its profile came later without a
    # new version: no event before it held one, so an older snapshot's (none) is right.
    state_version=4,
)
