"""A report's rows as of a moment, and the words they are said in (English or Indonesian)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from kimcore.domain.views.report_words import say_cell
from kimcore.domain.views.reports import Report
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["AsOf", "ReportTable", "region_code_cell"]

AsOf = dt.date | int | None
# Cells every language writes alike: codes, names and months.
_AS_THEY_ARE = frozenset({"region_code", "region_name", "month"})
_NO_CODE = "-"  # an unknown region's code, as an office's table leaves a cell with none


def region_code_cell(code: str, lang: str) -> str:
    """A region code as written in *lang*: an unknown region's reads ``-`` in Indonesian."""
    return _NO_CODE if lang == "id" and code == "unknown" else code


@attrs.frozen
class ReportTable:
    """A report's rows as of a moment, with what it was computed from."""

    report: Report
    level: str
    as_of: AsOf
    # How many events the facts were projected from (a replay); None when counted from
    # live facts (a tally), whose positions say where they stood.
    events_read: int | None
    rows: list[dict[str, Any]]
    # The last log position the counted facts hold (at most *as_of*'s when it is one).
    position: int = 0

    def headings(self, lang: str = "en") -> list[str]:
        """The column headings: the column names, or the Indonesian headings (``lang="id"``)."""
        if lang not in ("en", "id"):
            raise InvalidValue("lang", f"must be 'en' or 'id', got {lang!r}")
        return [c.heading_id if lang == "id" else c.name for c in self.report.columns]

    def lines(self, lang: str = "en") -> list[list[Any]]:
        """The rows as lists in the columns' order; with ``lang="id"`` text cells in Indonesian.

        Codes become their Indonesian labels (``adult`` → ``Orang tua (dewasa)``,
        ``in_person`` → ``Luring (tatap muka)``); region codes and months stay, but for an
        unknown region's, which reads ``-`` (its name reads ``Tidak diketahui``).
        """
        self.headings(lang)  # checks the language
        names = [c.name for c in self.report.columns]
        if lang == "en":
            return [[row[n] for n in names] for row in self.rows]
        return [
            [
                region_code_cell(row[n], lang)
                if n == "region_code"
                else row[n]
                if n in _AS_THEY_ARE
                else say_cell(n, row[n])
                for n in names
            ]
            for row in self.rows
        ]
