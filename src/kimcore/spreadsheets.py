"""Tables an office keeps: CSV and XLSX files read and written the same way.

XLSX goes through openpyxl (``pip install 'kimcore[xlsx]'``), the Python
ecosystem's standard reader and writer of Office Open XML workbooks; a file it
writes opens in LibreOffice Calc and Excel. CSV needs nothing beyond the
standard library. Both read into the same shape: the headings, then each row
with the line a person sees it on in their spreadsheet program.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from kimcore.vocabulary.errors import InvalidValue

__all__ = ["SheetRow", "read_table", "write_xlsx"]

Cell = str | int | float | None


@attrs.frozen
class SheetRow:
    """A row of a table read from a file: its line (1 is the headings) and its cells by heading."""

    line: int
    cells: dict[str, str]


def _openpyxl() -> Any:
    try:
        import openpyxl  # noqa: PLC0415 - an extra, loaded only for an XLSX file
    except ImportError:  # pragma: no cover - the test extra installs it
        raise InvalidValue("format", "XLSX needs openpyxl: pip install 'kimcore[xlsx]'") from None
    return openpyxl


def write_xlsx(
    out: Path | IO[bytes], title: str, headings: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    """One sheet named *title*: a bold heading row, frozen, then *rows*; numbers stay numbers."""
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook(write_only=True)
    # A sheet's name holds 31 characters at most, and none of : \ / ? * [ ].
    name = "".join(" " if ch in ":\\/?*[]" else ch for ch in title).strip()[:31]
    sheet = workbook.create_sheet(title=name or "Sheet")
    sheet.freeze_panes = "A2"
    bold = openpyxl.styles.Font(bold=True)
    header = []
    for text in headings:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    workbook.save(out)


def _text(value: object) -> str:
    """A cell as the text a person typed: dates as ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(lines: Iterable[Sequence[object]], source: str) -> tuple[list[str], list[SheetRow]]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        raise InvalidValue("file", f"{source} is empty: its first row must hold the headings")
    headings = [_text(h) for h in first]
    while headings and not headings[-1]:
        headings.pop()
    named = [h for h in headings if h]
    if len(set(named)) != len(named):
        twice = sorted({h for h in named if named.count(h) > 1})
        raise InvalidValue("file", f"{source}: heading(s) {', '.join(twice)} appear twice")
    rows = []
    for line, values in enumerate(iterator, start=2):
        texts = [_text(value) for value in values]
        if not any(texts):
            continue  # a blank line between blocks, as offices leave them
        cells = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headings) if h}
        rows.append(SheetRow(line=line, cells=cells))
    return headings, rows


def read_table(path: Path) -> tuple[list[str], list[SheetRow]]:
    """The headings and rows of a ``.csv`` (UTF-8, a BOM allowed) or an ``.xlsx``'s first sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return _rows(csv.reader(f), path.name)
    if suffix == ".xlsx":
        workbook = _openpyxl().load_workbook(path, read_only=True, data_only=True)
        try:
            return _rows(workbook.worksheets[0].iter_rows(values_only=True), path.name)
        finally:
            workbook.close()
    raise InvalidValue("file", f"must be a .csv or .xlsx file, got {path.name!r}")
