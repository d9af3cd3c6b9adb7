"""The office's mapping report (Permenkominfo 4/2024 art. 24): a row for each KIM it mapped.

Art. 24 has the regency's or city's office map the KIMs registered with it by audience, media,
content type, field and region, with their strength, influence and priority and the public
issues they work on (art. 24(2)(b)), and report the mapping; art. 23(2) gives each KIM's types.
The report holds, per KIM, the latest mapping of each office as of the report's moment, and the
year of the latest mapping report that listed it. Its region is the KIM's seat cut to the
report's level; lists are written as their items joined by ``"; "``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kimcore.domain.views.report_shape import (
    Report,
    ReportColumn,
    Rows,
    Tallies,
    cut_at,
    placed,
    region_at,
    region_columns,
    text_column,
)
from kimcore.domain.views.report_tables import FACT_MAPPINGS, MAPPING_LISTS
from kimcore.domain.views.tally import Measure, Tally

__all__ = ["MAPPINGS", "MAPPING_REPORT"]

_COLUMNS = (
    "office_region",
    "group_id",
    "kim_name",
    *MAPPING_LISTS,
    "strength",
    "influence",
    "priority",
    "mapped_on",
    "reported_year",
)


def _mappings(rows: Rows, level: str) -> list[dict[str, Any]]:
    return [
        {"region_code": region_at(m["region_code"], level), **{n: m[n] for n in _COLUMNS}}
        for m in rows(FACT_MAPPINGS)
    ]


# Counted as of a moment only (a listing: no roll-up keeps it); the facts declare it, so its
# covering index is made with their tables.
MAPPINGS = Tally(
    table=FACT_MAPPINGS.versions,
    by=("region_code", *_COLUMNS),
    measures=(Measure.rows("versions"),),  # one: a KIM's mapping by an office is one row
)


def _mappings_tallied(tallies: Tallies, level: str) -> list[dict[str, Any]]:
    return [
        {"region_code": row["region_code"], **{n: row[n] for n in _COLUMNS}}
        for row in map(placed, tallies(MAPPINGS, cut_at(level)))
    ]


def _said_alike(meaning: str, headings: Mapping[str, str]) -> tuple[ReportColumn, ...]:
    """Text columns whose *meaning* is one sentence with each column's name (words) in it."""
    return tuple(
        text_column(name, meaning.format(name.replace("_", " ")), heading)
        for name, heading in headings.items()
    )


# The lists in the office's own labels, and the ratings, each with its Indonesian heading.
_LABELLED = {
    "audiences": "Khalayak sasaran",
    "media": "Media",
    "content_types": "Jenis konten",
    "fields": "Bidang",
}
_RATED = {"strength": "Kekuatan", "influence": "Pengaruh", "priority": "Prioritas"}

MAPPING_REPORT = Report(
    name="mapping",
    title="The office's mapping of its KIMs (art. 24), a row a KIM",
    title_id="Pemetaan KIM oleh dinas (Pasal 24), satu baris per KIM",
    columns=(
        *region_columns("region_code"),
        text_column(
            "office_region",
            "Kemendagri code of the office (regency or city) that mapped it",
            "Kode wilayah dinas",
        ),
        text_column("group_id", "the KIM's id", "ID KIM"),
        text_column("kim_name", "the KIM's name as it was formed", "Nama KIM"),
        text_column(
            "community_types",
            "its types under art. 23(2): information, empowerment, or both",
            "Jenis KIM",
        ),
        *_said_alike("its {} (the office's labels)", _LABELLED),
        text_column(
            "public_issues",
            "the public issues it works on, art. 24(2)(b) (the office's words)",
            "Isu publik",
        ),
        *_said_alike("its {}: low, medium or high", _RATED),
        text_column("mapped_on", "the day of the mapping, YYYY-MM-DD", "Tanggal pemetaan"),
        text_column(
            "reported_year",
            "the year of the latest mapping report that listed it (empty: none yet)",
            "Tahun laporan",
        ),
    ),
    count=_mappings,
    tally=_mappings_tallied,
)
