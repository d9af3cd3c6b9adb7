"""Commands decided on a KIM's stream: its founding, members, officers, stage, merges and splits."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands.base import Command
from kimcore.events.group import LeaveReason
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.channels import Channel
from kimcore.vocabulary.government import CommunicationOffice, Decree
from kimcore.vocabulary.group import OfficerTerm
from kimcore.vocabulary.members import MemberDetails, MembershipBounds, Post
from kimcore.vocabulary.parties import CompetitionResult, PartyKind, PartyRef
from kimcore.vocabulary.places import Seat
from kimcore.vocabulary.profile import GroupProfile


@attrs.frozen(kw_only=True)
class GroupCommand(Command):
    """A command decided on one group's stream."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())

    @property
    def target(self) -> PartyRef:
        """The group."""
        return PartyRef(kind=PartyKind.GROUP, id=self.group_id)


@attrs.frozen(kw_only=True)
class FormGroup(GroupCommand):
    """Form a group by community deliberation (musyawarah) with its founding members.

    ``bounds`` default to the deployment policy's.
    """

    name: str = attrs.field(validator=v.text(200))
    seat: Seat = attrs.field(validator=v.of_type(Seat))
    founders: tuple[MemberDetails, ...] = attrs.field(validator=v.tuple_of(MemberDetails))
    channels: tuple[Channel, ...] = attrs.field(default=(), validator=v.tuple_of(Channel))
    formed_on: dt.date = attrs.field(validator=v.date())
    bounds: MembershipBounds | None = attrs.field(
        default=None, validator=v.optional_of_type(MembershipBounds)
    )
    # The group this one is split from; that group must have recorded the split.
    split_from: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    # Its secretariat and public contacts, where known: recorded as its first profile.
    profile: GroupProfile | None = attrs.field(
        default=None, validator=v.optional_of_type(GroupProfile)
    )
    # The office's number for it in its register (no_register_kim); its id is derived from it
    # (kimcore.domain.identity.group_id_for_register), so the number names it in any store.
    register_number: str | None = attrs.field(default=None, validator=v.optional_text(100))


@attrs.frozen(kw_only=True)
class JoinGroup(GroupCommand):
    """A person joins the group."""

    member: MemberDetails = attrs.field(validator=v.of_type(MemberDetails))
    joined_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class LeaveGroup(GroupCommand):
    """A member leaves; never refused for a current member."""

    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: LeaveReason = attrs.field(
        default=LeaveReason.RESIGNED, validator=v.of_type(LeaveReason)
    )
    left_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class AppointOfficer(GroupCommand):
    """Appoint a member to an officer post, or re-appoint them to it for a new term.

    ``term`` holds the appointing decree (SK) and the day the term ends, where
    they are known; past that day the officer's status is lapsed.
    """

    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    post: Post = attrs.field(validator=v.of_type(Post))
    appointed_on: dt.date = attrs.field(validator=v.date())
    term: OfficerTerm | None = attrs.field(default=None, validator=v.optional_of_type(OfficerTerm))


@attrs.frozen(kw_only=True)
class RelieveOfficer(GroupCommand):
    """Relieve a member of an officer post."""

    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    post: Post = attrs.field(validator=v.of_type(Post))
    relieved_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ConfirmGroup(GroupCommand):
    """Confirm the group by decree (pengukuhan)."""

    decree: Decree = attrs.field(validator=v.of_type(Decree))


@attrs.frozen(kw_only=True)
class RegisterGroup(GroupCommand):
    """Register the group with its regency's or city's communication office."""

    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    registration_number: str = attrs.field(validator=v.text(100))
    registered_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ChangeChannels(GroupCommand):
    """Replace the channels the group uses."""

    channels: tuple[Channel, ...] = attrs.field(validator=v.tuple_of(Channel))
    changed_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ChangeGroupProfile(GroupCommand):
    """Replace the group's profile: its secretariat's address and its public contacts.

    A profile equal to the one held records nothing.
    """

    profile: GroupProfile = attrs.field(validator=v.of_type(GroupProfile))
    changed_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ChangeBounds(GroupCommand):
    """Set the group's membership bounds from *changed_on* (its office's policy changed).

    Refused if the group has more members than the new maximum; fewer than
    the new minimum is recorded, and the group stands below minimum.
    """

    bounds: MembershipBounds = attrs.field(validator=v.of_type(MembershipBounds))
    changed_on: dt.date = attrs.field(validator=v.date())
    reason: str | None = attrs.field(default=None, validator=v.optional_text(500))


@attrs.frozen(kw_only=True)
class RecordCompetitionResult(GroupCommand):
    """Record the group's result in a competition."""

    result: CompetitionResult = attrs.field(validator=v.of_type(CompetitionResult))
    recorded_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class DissolveGroup(GroupCommand):
    """Dissolve the group."""

    reason: str = attrs.field(validator=v.text(500))
    dissolved_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class MergeGroup(GroupCommand):
    """Merge the group into another active group; the group ends, both histories stay."""

    into: uuid.UUID = attrs.field(validator=v.identifier())
    merged_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class SplitGroup(GroupCommand):
    """Split the group into new groups, each then formed with ``split_from`` naming it."""

    into: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    continues: bool = attrs.field(default=False, validator=v.of_type(bool))
    split_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class RecodeSeat(GroupCommand):
    """Record the group's village under its new Kemendagri code after a split or renaming."""

    seat: Seat = attrs.field(validator=v.of_type(Seat))
    recoded_on: dt.date = attrs.field(validator=v.date())
