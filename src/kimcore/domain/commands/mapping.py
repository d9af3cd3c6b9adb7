"""Commands decided on a communication office's stream: mapping KIMs, reporting, coordinating.

And the office's partnership with its KIMs (art. 24(6)): a programme of one of its six forms,
and the monitoring and evaluation of one KIM.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands.base import Command
from kimcore.domain.identity import office_id_for
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.government import CommunicationOffice
from kimcore.vocabulary.mapping import EvaluationFacts, MappingProfile, OfOffice, ProgrammeFacts
from kimcore.vocabulary.parties import PartyKind, PartyRef
from kimcore.vocabulary.places import Region, RegionLevel


@attrs.frozen(kw_only=True)
class OfficeCommand(OfOffice, Command):
    """A command decided on a communication office's stream (one office per region)."""

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


@attrs.frozen(kw_only=True)
class HoldPartnershipProgramme(ProgrammeFacts, OfficeCommand):
    """The office runs a programme of one of art. 24(6)'s forms with KIMs registered with it."""


@attrs.frozen(kw_only=True)
class EvaluateGroup(EvaluationFacts, OfficeCommand):
    """The office monitors and evaluates a KIM registered with it (art. 24(6)(f))."""


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
