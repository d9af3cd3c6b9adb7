"""The builders ``accepted_commands`` draws for an office's mapping of its KIMs.

A mapping report needs a mapping, which needs a registration: each builds the chain. So do
the office's programmes of art. 24(6)'s forms and its evaluations (some within a monitoring
and evaluation programme).
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import strategies as st

import kimcore as k
from kimcore.testing.strategies.accepted_group import Builder, active_groups, register_chain
from kimcore.testing.strategies.events import profiles
from kimcore.testing.strategies.values import ids, texts

__all__ = ["MAPPING_BUILDERS"]


def _office(group: k.domain.GroupState) -> k.CommunicationOffice:
    code = group.seat.region.ancestor_code(k.values.RegionLevel.REGENCY)
    return k.CommunicationOffice(name="Diskominfo", region=k.Region(code=code, name="Kota"))


def _mapped(s: Any) -> tuple[tuple[Any, ...], k.domain.GroupState | None]:
    group = s.pick(active_groups(s))
    if group is None:
        return (), None
    chain = () if group.office is not None else register_chain(s, group)
    command = k.commands.MapGroup(
        office=_office(group),
        group_id=group.group_id,
        profile=s.draw(profiles),
        mapped_on=s.day,
    )
    return (*chain, command), group


def _reported(s: Any) -> tuple[tuple[Any, ...], k.domain.GroupState | None, uuid.UUID]:
    chain, group = _mapped(s)
    report_id = s.draw(ids)
    if group is None:
        return (), None, report_id
    report = k.commands.ReportMapping(
        office=_office(group),
        report_id=report_id,
        year=s.day.year,
        groups=(group.group_id,),
        reported_on=s.day,
    )
    return (*chain, report), group, report_id


def _coordinated(s: Any) -> tuple[Any, ...]:
    chain, group, report_id = _reported(s)
    if group is None:
        return ()
    code = group.seat.region.ancestor_code(k.values.RegionLevel.PROVINCE)
    return (
        *chain,
        k.commands.CoordinateMapping(
            province=k.Region(code=code, name="Provinsi"),
            office_name="Diskominfo Provinsi",
            report_office=_office(group),
            report_id=report_id,
            coordinated_on=s.day,
        ),
    )


def _programme(
    s: Any, form: Any = None
) -> tuple[tuple[Any, ...], k.domain.GroupState | None, uuid.UUID]:
    group = s.pick(active_groups(s))
    programme_id = s.draw(ids)
    if group is None:
        return (), None, programme_id
    chain = () if group.office is not None else register_chain(s, group)
    command = k.commands.HoldPartnershipProgramme(
        office=_office(group),
        programme_id=programme_id,
        form=form or s.draw(st.sampled_from(k.values.CommunicationPartnershipForm)),
        title=s.draw(texts),
        groups=(group.group_id,),
        held_on=s.day,
    )
    return (*chain, command), group, programme_id


def _evaluated(s: Any) -> tuple[Any, ...]:
    within = s.draw(st.booleans())
    form = k.values.CommunicationPartnershipForm.MONITORING_EVALUATION
    chain, group, programme_id = _programme(s, form)
    if group is None:
        return ()
    evaluation = k.commands.EvaluateGroup(
        office=_office(group),
        evaluation_id=s.draw(ids),
        group_id=group.group_id,
        evaluated_on=s.day,
        findings=tuple(s.draw(st.lists(texts, min_size=1, max_size=2))),
        result=s.draw(st.none() | texts),
        programme_id=programme_id if within else None,
    )
    return (*(chain if within else chain[:-1]), evaluation)


MAPPING_BUILDERS: dict[type[Any], Builder] = {
    k.commands.MapGroup: lambda s: _mapped(s)[0],
    k.commands.ReportMapping: lambda s: _reported(s)[0],
    k.commands.CoordinateMapping: _coordinated,
    k.commands.HoldPartnershipProgramme: lambda s: _programme(s)[0],
    k.commands.EvaluateGroup: _evaluated,
}
"""A builder for each command on an office's stream about its mapping."""
