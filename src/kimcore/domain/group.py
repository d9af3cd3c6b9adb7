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
    ConfirmationRequiresChair,
    GroupDissolvedError,
    GroupEnded,
    GroupFull,
    InvalidValue,
    RegistrationRequired,
    RegistrationRequiresConfirmation,
    TooFewFounders,
    UnknownAggregate,
    WrongRegistrationOffice,
)
from kimcore.domain.group_lifecycle import check_split_origin, merge, recode, split
from kimcore.domain.group_members import (
    appoint,
    check_kim_decree,
    join,
    leave,
    refuse_government,
    relieve,
)
from kimcore.domain.group_profile import change_profile, formed_profile
from kimcore.domain.group_state import GroupStage, GroupState, Standing, evolve, fold
from kimcore.domain.identity import group_id_for_register
from kimcore.domain.party import check_not_before, recorded
from kimcore.domain.party_handlers import Handler, handler_for, party_handlers
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_region, check_seat
from kimcore.events import group as ev
from kimcore.events.base import Event
from kimcore.vocabulary.channels import Channel
from kimcore.vocabulary.parties import PartyKind
from kimcore.vocabulary.places import RegionLevel

__all__ = ["GROUP", "decide"]

_PARTY = party_handlers(lambda state: state.formed_on)


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
        refuse_government(founder)
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
    return [recorded(ev.GroupFormed, command, bounds=bounds), *formed_profile(command)]


def _confirm(state: GroupState, command: c.ConfirmGroup, context: DecisionContext) -> list[Event]:
    if state.stage is not GroupStage.FORMED:
        raise AlreadyConfirmed(f"the group was confirmed by decree {state.decree}")
    check_kim_decree(
        command.decree, state, context.policy, act="confirm a KIM", refused=AuthorityTooLow
    )
    check_not_before(command.decree.issued_on, state.formed_on, "the decree", "the forming")
    if state.chair is None:
        raise ConfirmationRequiresChair("the group has no chair to confirm")
    return [recorded(ev.GroupConfirmed, command)]


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
    return [recorded(ev.GroupRegistered, command)]


def _channels(
    state: GroupState, command: c.ChangeChannels, context: DecisionContext
) -> list[Event]:
    _check_channels(command.channels, context.policy)
    check_not_before(command.changed_on, state.formed_on, "the change", "the group's forming")
    return [recorded(ev.ChannelsChanged, command)]


def _bounds(state: GroupState, command: c.ChangeBounds, _context: DecisionContext) -> list[Event]:
    check_not_before(command.changed_on, state.formed_on, "the change", "the group's forming")
    if len(state.members) > command.bounds.maximum:
        raise GroupFull(
            f"the group has {len(state.members)} members, more than the new maximum"
            f" of {command.bounds.maximum}",
            members=len(state.members),
            maximum=command.bounds.maximum,
        )
    return [recorded(ev.BoundsChanged, command)]


def _result(
    state: GroupState, command: c.RecordCompetitionResult, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.recorded_on, state.formed_on, "the result", "the group's forming")
    return [recorded(ev.CompetitionResultRecorded, command)]


def _dissolve(
    state: GroupState, command: c.DissolveGroup, _context: DecisionContext
) -> list[Event]:
    check_not_before(command.dissolved_on, state.formed_on, "dissolution", "the forming")
    return [recorded(ev.GroupDissolved, command)]


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
    c.JoinGroup: join,
    c.LeaveGroup: leave,
    c.AppointOfficer: appoint,
    c.RelieveOfficer: relieve,
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
    handler = handler_for(_HANDLERS, command, "a group")
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
