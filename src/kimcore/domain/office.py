"""A government office's own stream: the activities it organises and its mapping of KIMs.

The seed's provincial communication office held a hybrid webinar on forming
Forum KIM; KIMs took part. An office is no member of any KIM or forum (that
is refused everywhere), but it organises activities and publishes, and they
are facts of the office, on ``government_body-<id>``. The regency's or city's
office maps the KIMs registered with it, reports the mapping, and the
province's office coordinates the reports (Permenkominfo 4/2024 art. 24): a
mapping is the office's act about a KIM, never an event of the KIM's. So are
the programmes of art. 24(6)'s forms it runs with its KIMs and its monitoring
and evaluation of each (`kimcore.domain.office_programmes`).
"""

from __future__ import annotations

import datetime as dt

from kimcore.domain import commands as c
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.errors import (
    AlreadyExists,
    CoordinationRefused,
    MappedGroupNotRegistered,
    ReportOfUnmappedGroup,
)
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef, office_id_for
from kimcore.domain.office_programmes import evaluate_group, hold_programme
from kimcore.domain.office_state import OfficeState, evolve
from kimcore.domain.party import check_not_before, recorded
from kimcore.domain.party_handlers import Handler, handler_for, party_handlers
from kimcore.events.base import Event
from kimcore.events.mapping import GroupMapped, MappingCoordinated, MappingReported
from kimcore.vocabulary.parties import PartyKind

__all__ = ["OFFICE", "OfficeState", "decide", "evolve"]


def _map(state: OfficeState, command: c.MapGroup, context: DecisionContext) -> list[Event]:
    group = context.load(AggregateRef(kind=PartyKind.GROUP.value, id=command.group_id))
    office = command.office
    if not isinstance(group, GroupState) or group.closed:
        raise MappedGroupNotRegistered(f"no active KIM {command.group_id} is recorded")
    if group.office is None or group.office.region.code != office.region.code:
        raise MappedGroupNotRegistered(
            f"KIM {group.name!r} is not registered with {office.name!r}"
            f" ({office.region.code}): an office maps the KIMs registered with it"
        )
    assert group.registered_on is not None  # registered groups have their date
    check_not_before(command.mapped_on, group.registered_on, "the mapping", "registration")
    return [
        GroupMapped(
            office=office,
            group_id=command.group_id,
            region=group.seat.region,
            profile=command.profile,
            mapped_on=command.mapped_on,
        )
    ]


def _report(state: OfficeState, command: c.ReportMapping, _context: DecisionContext) -> list[Event]:
    if command.report_id in state.reports:
        raise AlreadyExists(f"report {command.report_id} was recorded already")
    unmapped = [
        str(group_id)
        for group_id in command.groups
        if group_id not in state.mappings
        or state.mappings[group_id].mapped_on > command.reported_on
    ]
    if unmapped:
        raise ReportOfUnmappedGroup(
            f"the office mapped none of {', '.join(unmapped)} by {command.reported_on}"
        )
    return [recorded(MappingReported, command)]


def _coordinate(
    state: OfficeState, command: c.CoordinateMapping, context: DecisionContext
) -> list[Event]:
    source = command.report_office
    if not command.province.contains(source.region):
        raise CoordinationRefused(
            f"{source.name!r} ({source.region.code}) lies outside province"
            f" {command.province.code!r}"
        )
    office_id = office_id_for(source.region.code)
    reporting = context.load(AggregateRef(kind=PartyKind.GOVERNMENT_BODY.value, id=office_id))
    report = (
        reporting.reports.get(command.report_id) if isinstance(reporting, OfficeState) else None
    )
    if report is None:
        raise CoordinationRefused(f"{source.name!r} recorded no report {command.report_id}")
    if command.report_id in state.coordinated:
        raise AlreadyExists(f"report {command.report_id} is coordinated already")
    check_not_before(command.coordinated_on, report.reported_on, "coordination", "the report")
    return [recorded(MappingCoordinated, command)]


# An office has no founding: every dated fact of its own is its first.
_PARTY = party_handlers(lambda _state: dt.date.min)
_HANDLERS: dict[type[c.Command], Handler] = {
    c.HoldActivity: _PARTY[c.HoldActivity],
    c.PublishInformation: _PARTY[c.PublishInformation],
    c.MapGroup: _map,
    c.ReportMapping: _report,
    c.CoordinateMapping: _coordinate,
    c.HoldPartnershipProgramme: hold_programme,
    c.EvaluateGroup: evaluate_group,
}


def decide(state: OfficeState | None, command: c.Command, context: DecisionContext) -> list[Event]:
    """The events *command* records on the office, or a `DomainError` and nothing.

    An office's stream needs no founding: its first command starts it.
    """
    handler = handler_for(_HANDLERS, command, "an office")
    return handler(state or OfficeState(office_id=command.aggregate.id), command, context)


OFFICE = Decider(
    kind=PartyKind.GOVERNMENT_BODY.value,
    commands=tuple(_HANDLERS),
    decide=decide,
    evolve=evolve,
    description="A government office: its activities, its mapping of KIMs and partnership.",
    state_type=OfficeState,
    # 2: products, mappings, reports and coordination; 3: mapping v2, programmes, evaluations
    state_version=3,
)
