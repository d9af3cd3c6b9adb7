"""The files an office uses: a report as CSV, as a JSON document, as a workbook with a chart."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from kimcore.reporting._table import ReportTable, region_code_cell
from kimcore.spreadsheets import sheet_name, write_csv_rows
from kimcore.spreadsheets import write_xlsx as _write_sheet

__all__ = [
    "CHARTED",
    "SHEETS_ID",
    "chart_rows",
    "report_document",
    "write_csv",
    "write_json",
    "write_xlsx",
]


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
        for code, *sums in rows:
            chart_sheet.append([region_code_cell(code, lang), *sums])
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
