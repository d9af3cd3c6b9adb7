"""Events in the life of an information group (KIM), from its forming to a merger or split."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.channels import Channel
from kimcore.vocabulary.government import CommunicationOffice, Decree
from kimcore.vocabulary.group import OfficerTerm
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.members import MemberDetails, MembershipBounds, Post
from kimcore.vocabulary.parties import CompetitionResult
from kimcore.vocabulary.places import Seat
from kimcore.vocabulary.profile import GroupProfile


class LeaveReason(enum.StrEnum):
    """Why a member left; a category, never free text that could hold personal data."""

    RESIGNED = "resigned"
    MOVED_AWAY = "moved_away"
    DECEASED = "deceased"
    REMOVED = "removed"
    OTHER = "other"


class ReliefReason(enum.StrEnum):
    """Why an officer was relieved."""

    RELIEVED = "relieved"
    LEFT_GROUP = "left_group"


@event_type("GroupFormed", version=4)
@attrs.frozen(kw_only=True)
class GroupFormed(Event):
    """The community agreed to form a group and named its founding members.

    Version 2: members' backgrounds say ``"adult"`` for *orang tua* (v1 said
    ``"parent"``) and may hold ``also`` and ``gender``. Version 3:
    ``split_from`` names the group this one was split from. Version 4:
    ``register_number`` is the office's number for it in its register (``no_register_kim``),
    from which its id is derived. Older payloads are upcast.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    name: str = attrs.field(validator=v.text(200))
    seat: Seat = attrs.field(validator=v.of_type(Seat))
    founders: tuple[MemberDetails, ...] = attrs.field(validator=v.tuple_of(MemberDetails))
    channels: tuple[Channel, ...] = attrs.field(validator=v.tuple_of(Channel, unique=True))
    bounds: MembershipBounds = attrs.field(validator=v.of_type(MembershipBounds))
    formed_on: dt.date = attrs.field(validator=v.date())
    split_from: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    register_number: str | None = attrs.field(default=None, validator=v.optional_text(100))


@event_type("MemberJoined", version=2)
@attrs.frozen(kw_only=True)
class MemberJoined(Event):
    """A person joined the group.

    Version 2: as ``GroupFormed`` v2 (``"adult"`` for *orang tua*); v1 is upcast.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    member: MemberDetails = attrs.field(validator=v.of_type(MemberDetails))
    joined_on: dt.date = attrs.field(validator=v.date())


@event_type("MemberLeft")
@attrs.frozen(kw_only=True)
class MemberLeft(Event):
    """A member left the group (leaving is never refused)."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: LeaveReason = attrs.field(validator=v.enum_member(LeaveReason))
    left_on: dt.date = attrs.field(validator=v.date())


@event_type("OfficerAppointed", version=2)
@attrs.frozen(kw_only=True)
class OfficerAppointed(Event):
    """A member was appointed to an officer post (or re-appointed to it for a new term).

    Version 2: ``term`` holds the appointing decree (SK) and the day the term
    ends, where they are known; v1 payloads are upcast with none.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    post: Post = attrs.field(validator=v.of_type(Post))
    appointed_on: dt.date = attrs.field(validator=v.date())
    term: OfficerTerm | None = attrs.field(default=None, validator=v.optional_of_type(OfficerTerm))


@event_type("OfficerRelieved")
@attrs.frozen(kw_only=True)
class OfficerRelieved(Event):
    """A member no longer holds an officer post."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    post: Post = attrs.field(validator=v.of_type(Post))
    reason: ReliefReason = attrs.field(validator=v.enum_member(ReliefReason))
    relieved_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupConfirmed")
@attrs.frozen(kw_only=True)
class GroupConfirmed(Event):
    """The group was confirmed (pengukuhan) by decree."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    decree: Decree = attrs.field(validator=v.of_type(Decree))


@event_type("GroupRegistered")
@attrs.frozen(kw_only=True)
class GroupRegistered(Event):
    """The group was registered with its regency's or city's communication office."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    registration_number: str = attrs.field(validator=v.text(100))
    registered_on: dt.date = attrs.field(validator=v.date())


@event_type("ChannelsChanged")
@attrs.frozen(kw_only=True)
class ChannelsChanged(Event):
    """The group now uses exactly these channels."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    channels: tuple[Channel, ...] = attrs.field(validator=v.tuple_of(Channel, unique=True))
    changed_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupProfileChanged")
@attrs.frozen(kw_only=True)
class GroupProfileChanged(Event):
    """The group's profile is now this one: its secretariat's address and public contacts.

    Recorded when a group is formed with a profile, and when it changes. The
    profile is the body's, not a person's: nothing in it is sealed.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    profile: GroupProfile = attrs.field(validator=v.of_type(GroupProfile))
    changed_on: dt.date = attrs.field(validator=v.date())


@event_type("BoundsChanged")
@attrs.frozen(kw_only=True)
class BoundsChanged(Event):
    """The group's membership bounds are now these (its office's policy changed), from that day.

    A new event type (schema version 1), not a new version of ``GroupFormed``:
    the bounds a group was formed under stay as they were recorded.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    bounds: MembershipBounds = attrs.field(validator=v.of_type(MembershipBounds))
    changed_on: dt.date = attrs.field(validator=v.date())
    reason: str | None = attrs.field(default=None, validator=v.optional_text(500))


@event_type("CompetitionResultRecorded")
@attrs.frozen(kw_only=True)
class CompetitionResultRecorded(Event):
    """The group placed in a competition or festival."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    result: CompetitionResult = attrs.field(validator=v.of_type(CompetitionResult))
    recorded_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupDissolved")
@attrs.frozen(kw_only=True)
class GroupDissolved(Event):
    """The group was dissolved; it accepts no further commands."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: str = attrs.field(validator=v.text(500))
    dissolved_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupMerged")
@attrs.frozen(kw_only=True)
class GroupMerged(Event):
    """The group merged into another; it accepts no further commands.

    Its members are not moved: each joins the other group by a ``MemberJoined``
    of their own, so their data stays under their own key.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    into: uuid.UUID = attrs.field(validator=v.identifier())
    merged_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupSplit")
@attrs.frozen(kw_only=True)
class GroupSplit(Event):
    """The group split into new groups (formed with ``split_from`` naming it).

    With ``continues`` the group goes on beside them; without, it ends here.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    into: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    continues: bool = attrs.field(validator=v.of_type(bool))
    split_on: dt.date = attrs.field(validator=v.date())


@event_type("SeatRecoded")
@attrs.frozen(kw_only=True)
class SeatRecoded(Event):
    """The group's village was re-coded (a region split or renamed); the group did not move."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    previous_code: str = attrs.field(validator=v.text(13))
    seat: Seat = attrs.field(validator=v.of_type(Seat))
    recoded_on: dt.date = attrs.field(validator=v.date())


add_labels(
    {
        LeaveReason.RESIGNED: "Mengundurkan diri",
        LeaveReason.MOVED_AWAY: "Pindah domisili",
        LeaveReason.DECEASED: "Meninggal dunia",
        LeaveReason.REMOVED: "Diberhentikan",
        LeaveReason.OTHER: "Lainnya",
        ReliefReason.RELIEVED: "Diberhentikan dari jabatan",
        ReliefReason.LEFT_GROUP: "Keluar dari KIM",
    }
)
