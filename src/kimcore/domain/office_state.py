"""What an office's stream holds, and how each of its events changes it (its fold).

The decider, [`kimcore.domain.office`][kimcore.domain.office], decides on this state; its
handlers of the office's partnership with KIMs
([`kimcore.domain.office_programmes`][kimcore.domain.office_programmes]) read it too.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import attrs

from kimcore.domain.identity import office_id_for
from kimcore.domain.party import BOOK_EVENTS, PartyBook, apply_to_book
from kimcore.events.base import Event
from kimcore.events.mapping import (
    GroupEvaluated,
    GroupMapped,
    MappingCoordinated,
    MappingReported,
    PartnershipProgrammeHeld,
)

__all__ = ["OfficeState", "evolve"]


@attrs.frozen(kw_only=True)
class OfficeState:
    """What an office's stream holds: activities and products, mappings, reports, programmes.

    ``evaluations`` holds each evaluation's KIM (the facts are in the log and the views).
    """

    office_id: uuid.UUID
    book: PartyBook = attrs.field(factory=PartyBook)
    mappings: Mapping[uuid.UUID, GroupMapped] = attrs.field(factory=dict)  # the latest per KIM
    reports: Mapping[uuid.UUID, MappingReported] = attrs.field(factory=dict)
    coordinated: Mapping[uuid.UUID, MappingCoordinated] = attrs.field(factory=dict)
    programmes: Mapping[uuid.UUID, PartnershipProgrammeHeld] = attrs.field(factory=dict)
    evaluations: Mapping[uuid.UUID, uuid.UUID] = attrs.field(factory=dict)


_OFFICE_EVENTS = (GroupMapped, MappingReported, PartnershipProgrammeHeld, GroupEvaluated)


def _id_of(event: Event) -> uuid.UUID:
    if isinstance(event, MappingCoordinated):
        return office_id_for(event.province.code)
    if isinstance(event, _OFFICE_EVENTS):
        return office_id_for(event.office.region.code)
    return event.party.id  # type: ignore[attr-defined, no-any-return]


def evolve(state: OfficeState | None, event: Event) -> OfficeState | None:
    """The office after *event*."""
    if not isinstance(event, (*BOOK_EVENTS, *_OFFICE_EVENTS, MappingCoordinated)):
        return state
    current = state or OfficeState(office_id=_id_of(event))
    if isinstance(event, GroupMapped):
        return attrs.evolve(current, mappings={**current.mappings, event.group_id: event})
    if isinstance(event, MappingReported):
        return attrs.evolve(current, reports={**current.reports, event.report_id: event})
    if isinstance(event, MappingCoordinated):
        return attrs.evolve(current, coordinated={**current.coordinated, event.report_id: event})
    if isinstance(event, PartnershipProgrammeHeld):
        return attrs.evolve(current, programmes={**current.programmes, event.programme_id: event})
    if isinstance(event, GroupEvaluated):
        evaluations = {**current.evaluations, event.evaluation_id: event.group_id}
        return attrs.evolve(current, evaluations=evaluations)
    return attrs.evolve(current, book=apply_to_book(current.book, event))
