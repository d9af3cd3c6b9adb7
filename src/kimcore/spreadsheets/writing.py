"""Writing an office's table as XLSX: one sheet, every cell a value, never a formula.

XLSX goes through openpyxl (``pip install 'kimcore[xlsx]'``), the Python ecosystem's standard
reader and writer of Office Open XML workbooks; a file it writes opens in LibreOffice Calc and
Excel. openpyxl takes text beginning with ``=`` for a formula: here every text cell is written
as text, so a KIM named ``=HYPERLINK(…)`` shows as that name and runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from kimcore.spreadsheets.reading import openpyxl_module

__all__ = ["Cell", "sheet_name", "write_xlsx"]

Cell = str | int | float | None

# What a sheet's name may not hold (Excel's rule; LibreOffice refuses them too).
_NOT_IN_NAME = ":\\/?*[]"


def sheet_name(title: str) -> str:
    """*title* as a sheet's name: 31 characters at most, none of ``: / ? * [ ]`` or a backslash."""
    name = "".join(" " if ch in _NOT_IN_NAME else ch for ch in title)
    return " ".join(name.split())[:31].strip().strip("'") or "Sheet"


def _value(sheet: Any, value: object, module: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Characters XML cannot carry (control characters) would make openpyxl raise.
    text = module.cell.cell.ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = module.cell.WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, even when it begins with "=": a value, not a formula
    return cell


def write_xlsx(
    out: Path | IO[bytes], title: str, headings: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    """One sheet named after *title* (`sheet_name`): a bold heading row, frozen, then *rows*.

    Numbers stay numbers; text stays text, whatever its first character.
    """
    module = openpyxl_module()
    workbook = module.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(title))
    sheet.freeze_panes = "A2"
    bold = module.styles.Font(bold=True)
    header = []
    for text in headings:
        cell = _value(sheet, text, module)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_value(sheet, value, module) for value in row])
    workbook.save(out)
