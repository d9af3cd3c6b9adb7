"""Tables an office keeps: CSV and XLSX files read and written the same way, safely.

CSV needs nothing beyond the standard library; XLSX needs openpyxl (``pip install
'kimcore[xlsx]'``). What kimcore writes never runs in the office's spreadsheet program: a
CSV's text cells that begin with a formula's sign are written with a leading apostrophe
([`neutralised`][kimcore.spreadsheets.neutralised]), an XLSX's cells are values, never
formulas. What it reads is bounded ([`Limits`][kimcore.spreadsheets.Limits]): an upload cannot
exhaust the memory or the time of the service reading it.
"""

from __future__ import annotations

from kimcore.spreadsheets.cells import (
    DANGEROUS,
    csv_chunks,
    neutralised,
    restored,
    write_csv_rows,
)
from kimcore.spreadsheets.limits import ENVIRONMENT, Deadline, Limits
from kimcore.spreadsheets.reading import SheetRow, read_table
from kimcore.spreadsheets.writing import Cell, sheet_name, write_xlsx
from kimcore.vocabulary.errors import TooLarge

__all__ = [
    "DANGEROUS",
    "ENVIRONMENT",
    "Cell",
    "Deadline",
    "Limits",
    "SheetRow",
    "TooLarge",
    "csv_chunks",
    "neutralised",
    "read_table",
    "restored",
    "sheet_name",
    "write_csv_rows",
    "write_xlsx",
]
