"""The shape of a report: its columns, its rows counted two ways, and regions cut to a level.

A [`Report`][kimcore.domain.views.report_shape.Report] names its columns (a stable API, with
their meanings and Indonesian headings) and two ways of making its rows from the
[report facts][kimcore.domain.views.report_facts]: counted in Python over the versions true at a
moment, or tallied by the model store. The reports themselves are in
[`kimcore.domain.views.reports`][kimcore.domain.views.reports] and
[`kimcore.domain.views.mapping_report`][kimcore.domain.views.mapping_report].
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from kimcore.domain.views.history import History
from kimcore.domain.views.report_words import region_name
from kimcore.domain.views.tables import Row
from kimcore.domain.views.tally import Tally
from kimcore.vocabulary.errors import InvalidValue

__all__ = [
    "LEVELS",
    "Report",
    "ReportColumn",
    "Rows",
    "Tallies",
    "cut_at",
    "int_column",
    "placed",
    "region_at",
    "region_columns",
    "text_column",
]

LEVELS: Mapping[str, int] = {"province": 1, "regency": 2, "district": 3, "village": 4}
# The length of a code at each level: 62, 62.71, 62.71.01, 62.71.01.1002.
_CODE_LENGTH = {"province": 2, "regency": 5, "district": 8, "village": 13}
# The current versions of a history's rows (after a replay up to the report's moment).
Rows = Callable[[History], list[Row]]
# A tally counted at the report's moment, its region column cut to the report's level.
Tallies = Callable[[Tally, Mapping[str, int]], list[Row]]


def region_at(code: str | None, level: str) -> str:
    """The code of the region at *level* that holds *code* (``None`` reads ``unknown``)."""
    if level not in LEVELS:
        raise InvalidValue("level", f"must be one of {', '.join(LEVELS)}, got {level!r}")
    if code is None or code == "unknown":
        return "unknown"
    return ".".join(code.split(".")[: LEVELS[level]])


@attrs.frozen
class ReportColumn:
    """A column of a report: its name, type, and what it means, in English and Indonesian."""

    name: str
    type: Literal["text", "int"]
    meaning: str
    heading_id: str  # the Indonesian column heading (judul kolom)


@attrs.frozen
class Report:
    """A named report: its columns, and how its rows are counted from the facts, two ways.

    ``count`` counts in Python over the fact rows true at a moment (the plain way, with
    the facts replayed from the log); ``tally`` asks the model store to count them
    (one ``GROUP BY`` a table, on the versions true at the moment). Both give the same rows.
    """

    name: str
    title: str
    title_id: str
    columns: tuple[ReportColumn, ...]
    count: Callable[[Rows, str], list[dict[str, Any]]] = attrs.field(repr=False)
    tally: Callable[[Tallies, str], list[dict[str, Any]]] = attrs.field(repr=False)

    def rows(
        self, rows: Rows, level: str = "regency", names: Mapping[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """The report's rows at *level*, counted in Python, sorted by their text columns.

        Each row names its region beside its code (``region_name``: a province's by
        Kemendagri, others by *names*, a region code's name as a catalogue or the
        recorded KIMs and forums give it).
        """
        region_at("", level)  # checks the level
        return self._sorted(self.count(rows, level), names)

    def tallied(
        self, tallies: Tallies, level: str = "regency", names: Mapping[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """The report's rows at *level*, counted by the model store, sorted as `rows` sorts."""
        region_at("", level)
        return self._sorted(self.tally(tallies, level), names)

    def _sorted(
        self, made: list[dict[str, Any]], names: Mapping[str, str] | None
    ) -> list[dict[str, Any]]:
        texts = [c.name for c in self.columns if c.type == "text" and c.name != "region_name"]
        named = [
            {
                n: (region_name(row["region_code"], names) if n == "region_name" else row[n])
                for n in (c.name for c in self.columns)
            }
            for row in made
        ]
        return sorted(named, key=lambda row: tuple(str(row[name]) for name in texts))


def region_columns(code: str) -> tuple[ReportColumn, ReportColumn]:
    """The region's code (column *code*) and its name, which every report starts with."""
    return (
        ReportColumn(
            code, "text", "Kemendagri code of the region at the report's level", "Kode wilayah"
        ),
        ReportColumn(
            "region_name",
            "text",
            "the region's name (a province's by Kemendagri; others as a region catalogue"
            " or the recorded KIMs and forums name them; empty where none does)",
            "Nama wilayah",
        ),
    )


def int_column(name: str, meaning: str, heading: str) -> ReportColumn:
    """A column of counts."""
    return ReportColumn(name, "int", meaning, heading)


def text_column(name: str, meaning: str, heading: str) -> ReportColumn:
    """A column of text (codes said in Indonesian under ``lang="id"``)."""
    return ReportColumn(name, "text", meaning, heading)


def cut_at(level: str) -> dict[str, int]:
    """A tally's cut of ``region_code`` to *level*'s code length."""
    return {"region_code": _CODE_LENGTH[level]}


def placed(row: Row) -> Row:
    """A tally's row with its cut region read as a report writes it (``None`` is unknown)."""
    return {**row, "region_code": region_at(row["region_code"], "village")}
