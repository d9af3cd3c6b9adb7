"""The office's partnership with its KIMs (Permenkominfo 4/2024 art. 24(6)): its handlers.

Art. 24(6) names six forms of the regency's or city's communication partnership
(kemitraan komunikasi) with KIMs: identifying their capacity needs; developing,
piloting and validating partnership models; technical guidance, workshops,
sarasehan, forums and literacy; information material designed together and
spread through the KIMs' media; competitions and awards; monitoring and
evaluation. A programme of one form is run with one KIM or several
(`hold_programme`); the monitoring and evaluation of one KIM records what the
office found (`evaluate_group`). Both are the office's acts, on its stream,
about KIMs registered with it, as its mapping is.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from kimcore.domain import commands as c
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import (
    AlreadyExists,
    EvaluationOutsideProgramme,
    EvaluationResultRequired,
    GroupNotRegisteredWithOffice,
)
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.domain.office_state import OfficeState
from kimcore.domain.party import check_not_before, recorded
from kimcore.events.base import Event
from kimcore.events.mapping import GroupEvaluated, PartnershipProgrammeHeld
from kimcore.vocabulary.government import CommunicationOffice
from kimcore.vocabulary.mapping import CommunicationPartnershipForm
from kimcore.vocabulary.parties import PartyKind

__all__ = ["evaluate_group", "hold_programme", "registered_group"]


def registered_group(
    context: DecisionContext, office: CommunicationOffice, group_id: uuid.UUID
) -> GroupState | None:
    """The KIM *group_id* if it is active and registered with *office*, else ``None``."""
    group = context.load(AggregateRef(kind=PartyKind.GROUP.value, id=group_id))
    if not isinstance(group, GroupState) or group.closed or group.office is None:
        return None
    return group if group.office.region.code == office.region.code else None


def _registered_groups(
    context: DecisionContext,
    office: CommunicationOffice,
    group_ids: Iterable[uuid.UUID],
    because: str,
) -> list[GroupState]:
    """The KIMs *group_ids*, each active and registered with *office*; else the refusal.

    *because* says why the office acts only with its own KIMs.
    """
    groups = {group_id: registered_group(context, office, group_id) for group_id in group_ids}
    strangers = [str(group_id) for group_id, group in groups.items() if group is None]
    if strangers:
        raise GroupNotRegisteredWithOffice(
            f"{', '.join(strangers)} is no active KIM registered with {office.name!r}"
            f" ({office.region.code}): {because}"
        )
    return [group for group in groups.values() if group is not None]


def hold_programme(
    state: OfficeState, command: c.HoldPartnershipProgramme, context: DecisionContext
) -> list[Event]:
    """A programme of one of art. 24(6)'s forms, with KIMs registered with the office."""
    if command.programme_id in state.programmes:
        raise AlreadyExists(f"programme {command.programme_id} was recorded already")
    because = "the office's partnership is with its KIMs"
    for group in _registered_groups(context, command.office, command.groups, because):
        assert group.registered_on is not None  # registered groups have their date
        check_not_before(command.held_on, group.registered_on, "the programme", "registration")
    return [recorded(PartnershipProgrammeHeld, command)]


def evaluate_group(
    state: OfficeState, command: c.EvaluateGroup, context: DecisionContext
) -> list[Event]:
    """The office's monitoring and evaluation of one KIM registered with it (art. 24(6)(f))."""
    if command.evaluation_id in state.evaluations:
        raise AlreadyExists(f"evaluation {command.evaluation_id} was recorded already")
    (group,) = _registered_groups(
        context, command.office, (command.group_id,), "the office evaluates its KIMs"
    )
    assert group.registered_on is not None  # registered groups have their date
    check_not_before(command.evaluated_on, group.registered_on, "the evaluation", "registration")
    if command.programme_id is not None:
        programme = state.programmes.get(command.programme_id)
        if programme is None or programme.form is not (
            CommunicationPartnershipForm.MONITORING_EVALUATION
        ):
            raise EvaluationOutsideProgramme(
                f"the office recorded no monitoring and evaluation programme {command.programme_id}"
            )
        if command.group_id not in programme.groups:
            raise EvaluationOutsideProgramme(
                f"programme {command.programme_id} ({programme.title!r}) is not with {group.name!r}"
            )
        check_not_before(command.evaluated_on, programme.held_on, "the evaluation", "its programme")
    if command.result is None and context.policy.rules.evaluation_needs_result:
        raise EvaluationResultRequired(
            "the deployment's policy asks every evaluation for a result (evaluation_needs_result)"
        )
    return [recorded(GroupEvaluated, command, region=group.seat.region)]
