"""Commands of a KIM's practice beyond its founding, its forum's governance, its office's mapping.

What a KIM publishes and attends, how it merges and splits, how forums
govern themselves, and how an office maps its KIMs.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands import Command, ForumCommand, GroupCommand, PartyCommand
from kimcore.domain.identity import office_id_for
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.practice import (
    ChairChangeReason,
    MappingProfile,
    MusyawarahKind,
    ProductType,
)
from kimcore.vocabulary.values import (
    BoardSeat,
    CommunicationOffice,
    Decree,
    Delivery,
    PartyKind,
    PartyRef,
    Region,
    RegionLevel,
    Seat,
)

__all__ = [
    "ConfirmForum",
    "CoordinateMapping",
    "HoldMusyawarah",
    "MapGroup",
    "MergeGroup",
    "OfficeCommand",
    "PublishInformation",
    "RecodeSeat",
    "ReplaceForumChair",
    "ReportMapping",
    "SplitGroup",
    "TakePartInActivity",
]


@attrs.frozen(kw_only=True)
class TakePartInActivity(PartyCommand):
    """Record that the party took part in an activity someone else organised.

    Where the organiser's stream recorded the activity (``activity_id``), its
    technique, topic, delivery and date must agree with it.
    """

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    organiser: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    organiser_name: str = attrs.field(validator=v.text(200))
    technique: str = attrs.field(validator=v.text(64))
    topic: str = attrs.field(validator=v.text(200))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    held_on: dt.date = attrs.field(validator=v.date())
    attendees: int = attrs.field(default=1, validator=v.int_range(0))


@attrs.frozen(kw_only=True)
class PublishInformation(PartyCommand):
    """Record an information product the party published, alone or with a communication office."""

    product_id: uuid.UUID = attrs.field(validator=v.identifier())
    product_type: ProductType = attrs.field(validator=v.enum_member(ProductType))
    title: str = attrs.field(validator=v.text(300))
    topic: str = attrs.field(validator=v.text(200))
    channel: str = attrs.field(validator=v.text(64))
    url: str | None = attrs.field(default=None, validator=v.optional_text(500))
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    programme: str | None = attrs.field(default=None, validator=v.optional_text(200))
    with_office: CommunicationOffice | None = attrs.field(
        default=None, validator=v.optional_of_type(CommunicationOffice)
    )
    reach: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.int_range(0))
    )
    published_on: dt.date = attrs.field(validator=v.date())


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


@attrs.frozen(kw_only=True)
class HoldMusyawarah(ForumCommand):
    """Record a forum's musyawarah and the member parties whose delegates took part."""

    musyawarah_id: uuid.UUID = attrs.field(validator=v.identifier())
    kind: MusyawarahKind = attrs.field(
        default=MusyawarahKind.REGULAR, validator=v.enum_member(MusyawarahKind)
    )
    held_on: dt.date = attrs.field(validator=v.date())
    place: str = attrs.field(validator=v.text(300))
    delegates: tuple[PartyRef, ...] = attrs.field(
        validator=v.tuple_of(PartyRef, min_length=1, unique=True)
    )
    resolutions: tuple[str, ...] = attrs.field(default=(), validator=v.texts(500))


@attrs.frozen(kw_only=True)
class ReplaceForumChair(ForumCommand):
    """Replace the board's chair within its term, for a reason; the term is unchanged."""

    chair: BoardSeat = attrs.field(validator=v.of_type(BoardSeat))
    reason: ChairChangeReason = attrs.field(validator=v.enum_member(ChairChangeReason))
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    replaced_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ConfirmForum(ForumCommand):
    """Confirm by decree a forum established without one."""

    decree: Decree = attrs.field(validator=v.of_type(Decree))


@attrs.frozen(kw_only=True)
class OfficeCommand(Command):
    """A command decided on a communication office's stream (one office per region)."""

    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))

    @property
    def target(self) -> PartyRef:
        """The office, as a government body."""
        return PartyRef(kind=PartyKind.GOVERNMENT_BODY, id=office_id_for(self.office.region.code))


@attrs.frozen(kw_only=True)
class MapGroup(OfficeCommand):
    """The regency's or city's office maps a KIM registered with it (art. 24)."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    profile: MappingProfile = attrs.field(validator=v.of_type(MappingProfile))
    mapped_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class ReportMapping(OfficeCommand):
    """The office reports its mapping of these KIMs for a year to its province's office."""

    report_id: uuid.UUID = attrs.field(validator=v.identifier())
    year: int = attrs.field(validator=v.int_range(1990, 2200))
    groups: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    reported_on: dt.date = attrs.field(validator=v.date())


def _province(_instance: object, attribute: attrs.Attribute[Region], value: Region) -> None:
    v.of_type(Region)(_instance, attribute, value)
    if value.level is not RegionLevel.PROVINCE:
        raise InvalidValue(attribute.name, f"must be a province, got {value.code!r}")


@attrs.frozen(kw_only=True)
class CoordinateMapping(Command):
    """The province's office takes a regency's or city's mapping report into its coordination."""

    province: Region = attrs.field(validator=_province)
    office_name: str = attrs.field(validator=v.text(200))
    report_office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    report_id: uuid.UUID = attrs.field(validator=v.identifier())
    coordinated_on: dt.date = attrs.field(validator=v.date())

    @property
    def target(self) -> PartyRef:
        """The province's office, as a government body."""
        return PartyRef(kind=PartyKind.GOVERNMENT_BODY, id=office_id_for(self.province.code))
