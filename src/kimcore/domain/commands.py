"""Commands: what a user asks the domain to do. Each carries its own dates.

Commands validate their own shape on construction (raising
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field); the deciders check them against
the recorded state.
"""

from __future__ import annotations

import abc
import datetime as dt
import uuid
from typing import Any

import attrs

from kimcore.domain.identity import AggregateRef, forum_id_for
from kimcore.events.group import LeaveReason
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.practice import AdvocacyKind, OfficerTerm
from kimcore.vocabulary.values import (
    AdindaFunction,
    BoardSeat,
    Channel,
    CommunicationOffice,
    CompetitionResult,
    Decree,
    Delivery,
    ForumLevel,
    Instrument,
    MemberDetails,
    MembershipBounds,
    Partner,
    PartyKind,
    PartyRef,
    Post,
    Region,
    Seat,
)

__all__ = [
    "AdmitToForum",
    "AppointOfficer",
    "ChangeBounds",
    "ChangeChannels",
    "Command",
    "ConfirmGroup",
    "DissolveForum",
    "DissolveGroup",
    "EndPartnership",
    "EstablishForum",
    "FormGroup",
    "GroupCommand",
    "HoldActivity",
    "InstallForumBoard",
    "JoinGroup",
    "LeaveGroup",
    "PartyCommand",
    "RecordCompetitionResult",
    "RecordForumCompetitionResult",
    "RegisterGroup",
    "RelieveOfficer",
    "SignPartnership",
    "WithdrawFromForum",
]


@attrs.frozen(kw_only=True)
class Command(abc.ABC):  # noqa: B024 - a base to subclass; no method must be overridden
    """Base of all commands, kimcore's and plugins'.

    A command is decided on one aggregate's stream. kimcore's commands name a group or forum
    ([`target`][kimcore.commands.Command.target]); a plugin's command of a kind of its own overrides
    [`aggregate`][kimcore.commands.Command.aggregate] instead.
    """

    @property
    def target(self) -> PartyRef:
        """The group or forum whose stream this command is decided on."""
        raise TypeError(f"{type(self).__name__} is decided on no group's or forum's stream")

    @property
    def aggregate(self) -> AggregateRef:
        """The aggregate whose stream decides this command: its kind and id."""
        target = self.target
        return AggregateRef(kind=target.kind.value, id=target.id)


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
class EstablishForum(Command):
    """Establish a forum for *region* at *level*; confirmed by *decree* where there is one."""

    name: str = attrs.field(validator=v.text(200))
    level: ForumLevel = attrs.field(validator=v.enum_member(ForumLevel))
    region: Region = attrs.field(validator=v.of_type(Region))
    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
    established_on: dt.date = attrs.field(validator=v.date())

    @property
    def forum_id(self) -> uuid.UUID:
        """The forum's id, derived from level and region."""
        return forum_id_for(self.level, self.region.code)

    @property
    def target(self) -> PartyRef:
        """The forum."""
        return PartyRef(kind=PartyKind.FORUM, id=self.forum_id)


@attrs.frozen(kw_only=True)
class ForumCommand(Command):
    """A command decided on an existing forum's stream."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())

    @property
    def target(self) -> PartyRef:
        """The forum."""
        return PartyRef(kind=PartyKind.FORUM, id=self.forum_id)


@attrs.frozen(kw_only=True)
class InstallForumBoard(ForumCommand):
    """Install a board, with its one chair, for a fixed term; elected by a recorded musyawarah."""

    seats: tuple[BoardSeat, ...] = attrs.field(validator=v.tuple_of(BoardSeat, min_length=1))
    term_start: dt.date = attrs.field(validator=v.date())
    term_end: dt.date = attrs.field(validator=v.date())
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )


@attrs.frozen(kw_only=True)
class AdmitToForum(ForumCommand):
    """Admit a group (or a lower forum) to the forum."""

    applicant: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    admitted_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class WithdrawFromForum(ForumCommand):
    """A member withdraws from the forum."""

    member: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    withdrew_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class DissolveForum(ForumCommand):
    """Dissolve the forum."""

    reason: str = attrs.field(validator=v.text(500))
    dissolved_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class RecordForumCompetitionResult(ForumCommand):
    """Record a forum's place or award in a competition (forums compete too)."""

    result: CompetitionResult = attrs.field(validator=v.of_type(CompetitionResult))
    recorded_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class PartyCommand(Command):
    """A command any party (group or forum) can be given."""

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))

    @property
    def target(self) -> PartyRef:
        """The party."""
        return self.party


@attrs.frozen(kw_only=True)
class SignPartnership(PartyCommand):
    """Sign a partnership of a registered type; ``terms`` is an instance of its terms class."""

    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    partnership_type: str = attrs.field(validator=v.text(64))
    partner: Partner = attrs.field(validator=v.of_type(Partner))
    terms: Any = attrs.field()
    instrument: Instrument | None = attrs.field(
        default=None, validator=v.optional_of_type(Instrument)
    )
    signed_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class EndPartnership(PartyCommand):
    """End a partnership."""

    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: str = attrs.field(validator=v.text(500))
    ended_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class HoldActivity(PartyCommand):
    """Record an activity the party held, optionally under one of its partnerships.

    The party may be a group, a forum or a government office (the provincial
    communication office's webinar on forming Forum KIM); ``participants``
    are the KIMs and forums that took part in it.
    """

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    technique: str = attrs.field(validator=v.text(64))
    functions: frozenset[AdindaFunction] = attrs.field(validator=v.frozenset_of(AdindaFunction))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    topic: str = attrs.field(validator=v.text(200))
    held_on: dt.date = attrs.field(validator=v.date())
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    link: str | None = attrs.field(default=None, validator=v.optional_text(500))
    attendance: int = attrs.field(validator=v.int_range(0))
    partnership_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), validator=v.frozenset_of(str))
    # The KIMs and forums that took part in an activity the party organised.
    participants: tuple[PartyRef, ...] = attrs.field(
        default=(), validator=v.tuple_of(PartyRef, unique=True)
    )
    # Litigation or paralegal help: required of an advocacy activity, refused of others.
    advocacy: AdvocacyKind | None = attrs.field(
        default=None, validator=v.optional_of_type(AdvocacyKind)
    )
