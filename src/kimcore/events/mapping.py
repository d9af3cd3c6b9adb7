"""Events of a communication office about its KIMs: the mapping of Permenkominfo 4/2024 art. 24.

And its partnership with them (art. 24(6)): programmes of the six forms, evaluations of a KIM.

A mapping is the office's act about a KIM, recorded on the office's own stream
(``government_body-<id>``), never on the KIM's. The regency's or city's office
maps the KIMs registered with it and reports the mapping; the province's office
coordinates the reports of its regencies and cities.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.government import CommunicationOffice
from kimcore.vocabulary.mapping import EvaluationFacts, MappingProfile, ProgrammeFacts
from kimcore.vocabulary.places import Region

__all__ = [
    "GroupEvaluated",
    "GroupMapped",
    "MappingCoordinated",
    "MappingReported",
    "PartnershipProgrammeHeld",
]


@event_type("GroupMapped", version=2)
@attrs.frozen(kw_only=True)
class GroupMapped(Event):
    """The office mapped one of its KIMs; a later mapping of the same KIM supersedes it.

    Version 2: the profile's ``community_types`` are a set (v1 held one ``community_type``)
    and it names the KIM's ``public_issues`` (v1 had none).
    """

    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    region: Region = attrs.field(validator=v.of_type(Region))
    profile: MappingProfile = attrs.field(validator=v.of_type(MappingProfile))
    mapped_on: dt.date = attrs.field(validator=v.date())


@event_type("MappingReported")
@attrs.frozen(kw_only=True)
class MappingReported(Event):
    """The office reported its mapping of these KIMs for a year, to its province's office."""

    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    report_id: uuid.UUID = attrs.field(validator=v.identifier())
    year: int = attrs.field(validator=v.int_range(1990, 2200))
    groups: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    reported_on: dt.date = attrs.field(validator=v.date())


@event_type("MappingCoordinated")
@attrs.frozen(kw_only=True)
class MappingCoordinated(Event):
    """The province's office took a regency's or city's mapping report into its coordination."""

    province: Region = attrs.field(validator=v.of_type(Region))
    office_name: str = attrs.field(validator=v.text(200))
    report_office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))
    report_id: uuid.UUID = attrs.field(validator=v.identifier())
    coordinated_on: dt.date = attrs.field(validator=v.date())


@event_type("PartnershipProgrammeHeld")
@attrs.frozen(kw_only=True)
class PartnershipProgrammeHeld(ProgrammeFacts, Event):
    """The office ran a programme of one of art. 24(6)'s forms with KIMs registered with it."""


@event_type("GroupEvaluated")
@attrs.frozen(kw_only=True)
class GroupEvaluated(EvaluationFacts, Event):
    """The office monitored and evaluated a KIM registered with it (art. 24(6)(f)).

    ``region`` is the KIM's seat when it was evaluated, read from its stream.
    """

    region: Region = attrs.field(validator=v.of_type(Region))
