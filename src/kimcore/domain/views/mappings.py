"""What an office shows of its mapping of KIMs and its partnership with them (art. 24).

- ``kim_mappings``: each office's latest mapping of each KIM, and
  ``kim_mapping_reports`` with the province's coordination;
- ``kim_office_programmes``: each programme of art. 24(6)'s forms, with its KIMs, and
  ``kim_evaluations``: each monitoring and evaluation of a KIM (art. 24(6)(f)).

No personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kimcore import _json
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events import mapping as oe
from kimcore.events.base import Event

__all__ = ["EVALUATIONS", "MAPPINGS", "MAPPING_REPORTS", "PROGRAMMES", "OfficeMapping"]


MAPPINGS = Table.of(
    "kim_mappings",
    ("office_region", "group_id"),
    "office_region group_id region_code community_types audiences media content_types fields",
    "public_issues strength influence priority mapped_on",
    lists=("community_types", "audiences", "media", "content_types", "fields", "public_issues"),
)
# ``coordinated_by`` is the province's code, once coordinated.
MAPPING_REPORTS = Table.of(
    "kim_mapping_reports",
    ("report_id",),
    "report_id office_region office_name year:int group_count:int",
    "reported_on coordinated_by coordinated_on",
)

PROGRAMMES = Table.of(
    "kim_office_programmes",
    ("programme_id",),
    "programme_id office_region office_name form title groups group_count:int held_on",
    lists=("groups",),
)
EVALUATIONS = Table.of(
    "kim_evaluations",
    ("evaluation_id",),
    "evaluation_id office_region group_id region_code evaluated_on findings result programme_id",
    lists=("findings",),
)


class OfficeMapping(TypeHandlers):
    """Each office's mapping of its KIMs (art. 24), its reports and the province's coordination.

    And its programmes of art. 24(6)'s forms with its KIMs, and its evaluations of them.
    """

    name = "office_mapping"
    version = 3  # 2: a KIM's types are a list; its public issues. 3: programmes, evaluations
    tables: tuple[Table, ...] = (MAPPINGS, MAPPING_REPORTS, PROGRAMMES, EVALUATIONS)
    personal_data = False

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """An office's mappings, reports, coordination, programmes and evaluations."""
        return {
            oe.GroupMapped: _mapped,
            oe.MappingReported: _reported,
            oe.MappingCoordinated: _coordinated,
            oe.PartnershipProgrammeHeld: _programme,
            oe.GroupEvaluated: _evaluated,
        }


def _list(items: Iterable[str]) -> str:
    return _json.dumps(list(items)).decode()


def _mapped(tables: Tables, e: oe.GroupMapped) -> None:
    p = e.profile
    tables.put(
        MAPPINGS,
        {
            "office_region": e.office.region.code,
            "group_id": str(e.group_id),
            "region_code": e.region.code,
            "community_types": _list(sorted(p.community_types)),
            "audiences": _list(p.audiences),
            "media": _list(p.media),
            "content_types": _list(p.content_types),
            "fields": _list(p.fields),
            "public_issues": _list(p.public_issues),
            "strength": p.strength.value,
            "influence": p.influence.value,
            "priority": p.priority.value,
            "mapped_on": e.mapped_on.isoformat(),
        },
    )


def _reported(tables: Tables, e: oe.MappingReported) -> None:
    tables.put(
        MAPPING_REPORTS,
        {
            "report_id": str(e.report_id),
            "office_region": e.office.region.code,
            "office_name": e.office.name,
            "year": e.year,
            "group_count": len(e.groups),
            "reported_on": e.reported_on.isoformat(),
            "coordinated_by": None,
            "coordinated_on": None,
        },
    )


def _coordinated(tables: Tables, e: oe.MappingCoordinated) -> None:
    tables.update(
        MAPPING_REPORTS,
        {"report_id": str(e.report_id)},
        {"coordinated_by": e.province.code, "coordinated_on": e.coordinated_on.isoformat()},
    )


def _programme(tables: Tables, e: oe.PartnershipProgrammeHeld) -> None:
    tables.put(
        PROGRAMMES,
        {
            "programme_id": str(e.programme_id),
            "office_region": e.office.region.code,
            "office_name": e.office.name,
            "form": e.form.value,
            "title": e.title,
            "groups": _list(str(g) for g in e.groups),
            "group_count": len(e.groups),
            "held_on": e.held_on.isoformat(),
        },
    )


def _evaluated(tables: Tables, e: oe.GroupEvaluated) -> None:
    tables.put(
        EVALUATIONS,
        {
            "evaluation_id": str(e.evaluation_id),
            "office_region": e.office.region.code,
            "group_id": str(e.group_id),
            "region_code": e.region.code,
            "evaluated_on": e.evaluated_on.isoformat(),
            "findings": _list(e.findings),
            "result": e.result,
            "programme_id": None if e.programme_id is None else str(e.programme_id),
        },
    )
