"""Reports as of any date or log position, and the files an office uses.

```python
table = kimcore.reporting.build_report(store, "kims", level="district", as_of=date(2024, 12, 31))
kimcore.reporting.write_csv(table, sys.stdout, lang="id")
```

*as_of* is a date (what the office's records held at the end of that day, UTC: the log up to the
first event of the reports recorded after it) or a log position (the events up to and including
it). Two ways give the same report:

- [`build_report`][kimcore.reporting.build_report] replays the log up to the moment into fresh
  facts and counts them in Python: it needs nothing but the store (the plain way);
- [`tally_report`][kimcore.reporting.tally_report] counts the live report facts a service keeps
  (their versions true at the moment) in the model store, in SQL: a query, not a replay. Now,
  it reads the counts the facts keep up to date by region instead (the same rows).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from kimcore.adapters.models_memory import MemoryModels
from kimcore.application.one_pass import handled_types
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore
from kimcore.application.projector import Projector
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, Technique
from kimcore.domain.region_catalogue import RegionCatalogues
from kimcore.domain.views._report_counts import counted, kept
from kimcore.domain.views.forums import FORUMS, ForumDirectory
from kimcore.domain.views.groups import GROUPS, GroupRegistry
from kimcore.domain.views.history import History
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.report_words import say_cell
from kimcore.domain.views.reports import REPORTS, Report, region_at
from kimcore.domain.views.tables import Row
from kimcore.domain.views.tally import Tally
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.spreadsheets import sheet_name, write_csv_rows
from kimcore.spreadsheets import write_xlsx as _write_sheet
from kimcore.vocabulary.errors import InvalidValue

__all__ = [
    "CHARTED",
    "SHEETS_ID",
    "ReportTable",
    "build_report",
    "chart_rows",
    "parse_as_of",
    "project_facts",
    "region_names",
    "report_document",
    "report_named",
    "tally_report",
    "write_csv",
    "write_json",
    "write_xlsx",
]

AsOf = dt.date | int | None
# Cells every language writes alike: codes, names and months.
_AS_THEY_ARE = frozenset({"region_code", "region_name", "month"})
_NO_CODE = "-"  # an unknown region's code, as an office's table leaves a cell with none

# The last log position a store can hold (64 bits).
POSITION_MAX = 2**63 - 1


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
                _NO_CODE
                if n == "region_code" and row[n] == "unknown"
                else row[n]
                if n in _AS_THEY_ARE
                else say_cell(n, row[n])
                for n in names
            ]
            for row in self.rows
        ]


def parse_as_of(text: str | None) -> AsOf:
    """``YYYY-MM-DD`` as a date, digits as a log position, nothing as now."""
    if text is None or text == "":
        return None
    if text.isascii() and text.isdigit():
        position = int(text)
        if position > POSITION_MAX:
            raise InvalidValue("as_of", f"a position is at most {POSITION_MAX}, got {text}")
        return position
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            "as_of", f"must be a date (YYYY-MM-DD) or a position, got {text!r}"
        ) from None


def _checked(as_of: AsOf) -> AsOf:
    if as_of is None:
        return None
    if isinstance(as_of, int) and not isinstance(as_of, bool):
        if not 0 <= as_of <= POSITION_MAX:
            raise InvalidValue("as_of", f"a position must be from 0 to {POSITION_MAX}, got {as_of}")
        return as_of
    if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
        return as_of
    raise InvalidValue("as_of", f"must be a date, a position or None, got {as_of!r}")


def _stop_before(as_of: AsOf, facts: ReportFacts) -> Callable[[StoredEvent], bool] | None:
    """Where a replay as of *as_of* ends.

    After the position; or before the first event of the facts recorded after the day (the
    days of the facts' versions never go back).
    """
    as_of = _checked(as_of)
    if as_of is None:
        return None
    if isinstance(as_of, int):
        position = as_of
        return lambda stored: stored.position > position
    day = as_of
    names = handled_types(facts)
    return lambda stored: (
        (names is None or stored.event_type in names)
        and (stored.recorded_at.astimezone(dt.UTC).date() > day)
    )


def project_facts(
    store: EventStore,
    *,
    as_of: AsOf = None,
    codec: Codec | None = None,
    techniques: tuple[Technique, ...] = BUILTIN_TECHNIQUES,
    page_size: int = 1000,
    on_page: Callable[[int], None] | None = None,
) -> tuple[MemoryModels, int]:
    """The report facts of the log up to *as_of*, replayed afresh, and how many events that was.

    The facts' checkpoint (``models.checkpoint(ReportFacts.name)``) is the last position read.
    """
    facts = ReportFacts(techniques)
    stop = _stop_before(as_of, facts)
    models = MemoryModels()
    projector = Projector(store, facts, models, codec=codec, page_size=page_size, on_page=on_page)
    return models, projector.run(stop_before=stop)


def region_names(
    models: ModelStore | None = None,
    catalogues: RegionCatalogues | None = None,
    *,
    villages: bool = True,
) -> dict[str, str]:
    """Region names by code: a deployment's region catalogues', then the recorded ones.

    The recorded names are the portal's read models' (a forum's region and, with
    *villages*, each KIM's village: a report at village level needs them), where *models*
    keeps them; a read model not kept there names nothing.
    """
    names: dict[str, str] = {}
    for catalogue in catalogues.catalogues if catalogues is not None else ():
        names.update(catalogue.regions)
    if models is not None:
        kept = [(ForumDirectory.name, FORUMS)]
        if villages:
            kept.append((GroupRegistry.name, GROUPS))
        for model, table in kept:
            if models.checkpoint(model) == 0:
                continue  # never projected here: its table may not exist
            for row in models.rows(table):
                names.setdefault(str(row["region_code"]), str(row["region_name"]))
    return names


def report_named(name: str) -> Report:
    """The report called *name*, or ``InvalidValue`` naming ``report`` and the known ones."""
    report = REPORTS.get(name)
    if report is None:
        raise InvalidValue("report", f"must be one of {', '.join(REPORTS)}, got {name!r}")
    return report


def build_report(
    store: EventStore,
    name: str,
    *,
    level: str = "regency",
    as_of: AsOf = None,
    codec: Codec | None = None,
    techniques: tuple[Technique, ...] = BUILTIN_TECHNIQUES,
    on_page: Callable[[int], None] | None = None,
    names: Mapping[str, str] | None = None,
) -> ReportTable:
    """The report *name* at *level* as of *as_of* (see the module), from the log alone.

    *names* are region names by code, beside Kemendagri's province names.
    """
    report = report_named(name)
    region_at("", level)
    models, count = project_facts(
        store, as_of=as_of, codec=codec, techniques=techniques, on_page=on_page
    )

    def now(history: History) -> list[Row]:
        return models.rows(history.versions, {"valid_to": None})

    rows = report.rows(now, level, names)
    position = models.checkpoint(ReportFacts.name)
    models.close()
    return ReportTable(
        report=report, level=level, as_of=as_of, events_read=count, rows=rows, position=position
    )


def tally_report(
    models: ModelStore,
    name: str,
    *,
    level: str = "regency",
    as_of: AsOf = None,
    facts: str = ReportFacts.name,
    names: Mapping[str, str] | None = None,
    rolled_up: bool = True,
) -> ReportTable:
    """The report *name* at *level* as of *as_of*, counted in *models* from the live facts.

    *models* holds the read model *facts* (a `ReportFacts`), kept current by a projector.
    Counted as of a position or a day the facts have not reached yet, the report holds what
    they had: ``position`` says where they stood. The report now reads the counts the facts
    keep by region (a few rows a region); with *rolled_up* false it counts the facts
    themselves, as a report as of a moment does (the same rows, slower).
    """
    report = report_named(name)
    region_at("", level)
    at = _checked(as_of)
    reached = models.checkpoint(facts)

    def tallies(query: Tally, prefix: Mapping[str, int]) -> list[Row]:
        if at is None and rolled_up and kept(query, prefix):
            return counted(models.rows, query, prefix)
        return models.tally(query, prefix=prefix, at=at)

    rows = report.tallied(tallies, level, names)
    position = min(reached, at) if isinstance(at, int) else reached
    return ReportTable(
        report=report, level=level, as_of=as_of, events_read=None, rows=rows, position=position
    )


def write_csv(table: ReportTable, out: IO[str], *, lang: str = "en") -> None:
    """The report as CSV: one heading row, then a row per line of the report.

    Text that a spreadsheet would take for a formula is written safe (`write_csv_rows`).
    With ``lang="id"`` text cells are said in Indonesian (`ReportTable.lines`).
    """
    write_csv_rows(out, table.headings(lang), table.lines(lang))


def report_document(
    table: ReportTable, *, lang: str = "en", freshness: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The report as one JSON document: what it is, as of when, its columns and rows.

    *freshness* (a service's ``checkpoint``, ``head`` and ``behind`` of the facts) goes in
    after ``events_read``.
    """
    as_of = table.as_of.isoformat() if isinstance(table.as_of, dt.date) else table.as_of
    return {
        "report": table.report.name,
        "title": table.report.title_id if lang == "id" else table.report.title,
        "level": table.level,
        "as_of": as_of,
        "events_read": table.events_read,
        "position": table.position,
        **(freshness or {}),
        "columns": [
            {
                "name": c.name,
                "type": c.type,
                "heading": heading,
                "meaning": c.meaning,
            }
            for c, heading in zip(table.report.columns, table.headings(lang), strict=True)
        ],
        "rows": table.rows
        if lang == "en"
        else [
            dict(zip((c.name for c in table.report.columns), line, strict=True))
            for line in table.lines(lang)
        ],
    }


def write_json(
    table: ReportTable,
    out: IO[str],
    *,
    lang: str = "en",
    freshness: Mapping[str, int] | None = None,
) -> None:
    """The report as one JSON document (`report_document`), indented to be read."""
    document = report_document(table, lang=lang, freshness=freshness)
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_xlsx(table: ReportTable, out: Path | IO[bytes], *, lang: str = "en") -> None:
    """The report as an XLSX workbook: its sheet, named after it, and a chart.

    The first sheet is named by the report's code (``kims``), or under ``lang="id"`` as an
    office names it (``SHEETS_ID``: ``KIM``, ``Anggota``…; a
    plugin's report by its Indonesian title). The second, ``Grafik`` (``Chart`` in English),
    holds the report's main counts by region (`chart_rows`) and a native bar chart of them,
    which Excel and LibreOffice draw; a report that counts nothing (``mapping``, a row a
    KIM) has none.
    """
    report = table.report
    name = report.name
    if lang == "id":
        name = SHEETS_ID.get(report.name) or sheet_name(report.title_id)
    sheet = io.BytesIO()
    _write_sheet(sheet, name, table.headings(lang), table.lines(lang))
    _with_chart(sheet, out, table, lang)


SHEETS_ID: Mapping[str, str] = {
    "kims": "KIM",
    "members": "Anggota",
    "activities": "Kegiatan",
    "partnerships": "Kemitraan",
    "products": "Produk informasi",
    "mapping": "Pemetaan KIM",
}
"""The built-in reports' sheets, named as an office names them (a sheet takes 31 characters)."""


# What each report's chart draws: its main counts (several are stacked), added up by region.
CHARTED: Mapping[str, tuple[str, ...]] = {
    "kims": ("formed", "confirmed", "registered"),
    "members": ("members",),
    "activities": ("activities",),
    "partnerships": ("signed",),
    "products": ("products",),
}
# A chart of more regions than this shows those with the most (the sheet holds them all).
CHART_BARS = 60


def chart_rows(table: ReportTable) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The columns a report's chart draws, and its rows: a region and their sums in it.

    The regions with the largest totals first (then by code): a bar chart reads as a ranking.
    """
    counts = [c.name for c in table.report.columns if c.type == "int"]
    names = CHARTED.get(table.report.name) or tuple(counts[:1])
    if not names:  # a listing, such as the mapping: nothing to add up
        return (), []
    sums: dict[str, list[int]] = {}
    for row in table.rows:
        found = sums.setdefault(str(row["region_code"]), [0] * len(names))
        for i, name in enumerate(names):
            found[i] += int(row[name] or 0)
    ranked = sorted(sums.items(), key=lambda item: (-sum(item[1]), item[0]))
    return names, [[code, *values] for code, values in ranked]


def _with_chart(sheet: io.BytesIO, out: Path | IO[bytes], table: ReportTable, lang: str) -> None:
    """The workbook in *sheet* with a chart sheet added, saved to *out*.

    openpyxl reads back the text cells as the values they were written as (never formulas).
    """
    import openpyxl  # noqa: PLC0415 - an extra, loaded only for an XLSX file
    from openpyxl.chart import BarChart, Reference  # noqa: PLC0415

    sheet.seek(0)
    workbook = openpyxl.load_workbook(sheet)
    names, rows = chart_rows(table)
    if rows and names:  # a listing (the mapping) counts nothing to draw
        by_name = dict(
            zip((c.name for c in table.report.columns), table.headings(lang), strict=True)
        )
        chart_sheet = workbook.create_sheet("Grafik" if lang == "id" else "Chart")
        chart_sheet.append([by_name["region_code"], *(by_name[n] for n in names)])
        for row in rows:
            chart_sheet.append(row)
        shown = min(len(rows), CHART_BARS)
        chart = BarChart()
        chart.type = "bar"  # horizontal: region codes read along the side
        if len(names) > 1:
            chart.grouping, chart.overlap = "stacked", 100
        chart.title = table.report.title_id if lang == "id" else table.report.title
        chart.y_axis.title = by_name[names[0]] if len(names) == 1 else None
        chart.x_axis.title = by_name["region_code"]
        data = Reference(
            chart_sheet, min_col=2, max_col=1 + len(names), min_row=1, max_row=shown + 1
        )
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(chart_sheet, min_col=1, min_row=2, max_row=shown + 1))
        chart.width, chart.height = 18, max(7.5, 0.5 * shown + 3)
        chart_sheet.add_chart(chart, f"{chr(ord('A') + len(names) + 2)}2")
    workbook.save(out)
