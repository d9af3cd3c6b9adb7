"""Reading an office's table: a ``.csv`` or an ``.xlsx``'s first sheet, within bounds.

Both read into the same shape: the headings, then each row with the line a person sees it
on in their spreadsheet program. A file that cannot be read (a workbook that is no zip, a zip
sent as CSV, a CSV not in UTF-8) is an [`InvalidValue`][kimcore.errors.InvalidValue] naming
``file``; a file past a bound is a [`TooLarge`][kimcore.spreadsheets.TooLarge].
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from kimcore.spreadsheets.cells import restored
from kimcore.spreadsheets.limits import Deadline, Limits
from kimcore.vocabulary.errors import DomainError, InvalidValue

__all__ = ["SheetRow", "openpyxl_module", "read_table"]

_ZIP = b"PK\x03\x04"
_MIB = 1024 * 1024


@attrs.frozen
class SheetRow:
    """A row of a table read from a file: its line (1 is the headings) and its cells by heading."""

    line: int
    cells: dict[str, str]


def openpyxl_module() -> Any:
    """The openpyxl module, or ``InvalidValue`` saying how to install it."""
    try:
        import openpyxl as module  # noqa: PLC0415 - an extra, loaded only for an XLSX file
    except ImportError:  # pragma: no cover - the test extra installs it
        raise InvalidValue("format", "XLSX needs openpyxl: pip install 'kimcore[xlsx]'") from None
    return module


def _text(value: object) -> str:
    """A cell as the text a person typed: dates as ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # A table kimcore reads gives days: a date cell that also holds an hour (typed with
        # it, or a =NOW()) is read as its day, not refused as no date.
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restored(str(value)).strip()


def _rows(
    lines: Iterable[Sequence[object]], source: str, limits: Limits, deadline: Deadline
) -> tuple[list[str], list[SheetRow]]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        raise InvalidValue(
            "file", f"{source} is empty: its first row must hold the headings", empty=source
        )
    headings = [_text(h) for h in first]
    while headings and not headings[-1]:
        headings.pop()
    if len(headings) > limits.max_columns:
        raise limits.past("max_columns", f"{source} has {len(headings)} headings")
    named = [h for h in headings if h]
    if len(set(named)) != len(named):
        twice = sorted({h for h in named if named.count(h) > 1})
        raise InvalidValue(
            "file", f"{source}: heading(s) {', '.join(twice)} appear twice", twice=twice
        )
    rows: list[SheetRow] = []
    most = min(limits.max_rows, limits.max_cells // max(len(headings), 1))
    for line, values in enumerate(iterator, start=2):
        deadline.check(f"reading {source} at line {line}")
        texts = [_text(value) for value in values[: len(headings)]]
        if not any(texts):
            continue  # a blank line between blocks, as offices leave them
        if len(rows) == most:
            field = "max_rows" if most == limits.max_rows else "max_cells"
            raise limits.past(field, f"{source} has more than {most} rows")
        cells = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headings) if h}
        rows.append(SheetRow(line=line, cells=cells))
    return headings, rows


def _undecodable_line(path: Path) -> int:
    """The first line of *path* that is not UTF-8.

    The text reader decodes a chunk of thousands of bytes ahead of the csv reader, so its
    line count points near the start of the chunk, not at the byte that broke it.
    """
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1  # unreachable: the decoder failed on some line


def _csv(path: Path, limits: Limits, deadline: Deadline) -> tuple[list[str], list[SheetRow]]:
    with path.open("rb") as f:
        if f.read(4) == _ZIP:
            raise InvalidValue(
                "file",
                f"{path.name} is a zip file (an XLSX workbook?), not CSV text",
                zipped=path.name,
            )
    with path.open(encoding="utf-8-sig", newline="") as f:
        try:
            delimiter = _delimiter(f.readline())
            f.seek(0)
            reader = csv.reader(f, delimiter=delimiter)
            return _rows(reader, path.name, limits, deadline)
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start : exc.start + 1].hex()
            raise InvalidValue(
                "file",
                f"{path.name} is not UTF-8 text (byte 0x{byte} on line {_undecodable_line(path)});"
                " save it as 'CSV UTF-8'",
                unreadable=path.name,
            ) from None
        except csv.Error as exc:
            raise InvalidValue("file", f"{path.name}: line {reader.line_num}: {exc}") from None


# What separates a CSV's cells: Excel writes ';' where the decimal sign is a comma, as it is in
# Indonesian (even for "CSV UTF-8"); a tab comes from text pasted out of a spreadsheet.
_DELIMITERS = (",", ";", "\t")


# A register's headings take a few hundred characters; what comes after 8,000 (a line of
# megabytes, bounded only by the file's size) says nothing more of its separator.
_HEADINGS_READ = 8_000


def _delimiter(headings: str) -> str:
    """The separator the heading line uses most, outside quotes (a comma when none is)."""
    outside, quoted = [], False
    for char in headings[:_HEADINGS_READ]:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    # max keeps the first of equals: a comma, unless another is used more.
    return max(_DELIMITERS, key="".join(outside).count)


def _measured(path: Path, limits: Limits) -> None:
    """The zip's members, as its directory declares them, within the bounds.

    zipfile stops a member at its declared size (a member that inflates past it fails its
    CRC check), so the declared sizes bound what openpyxl can inflate.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidValue(
            "file",
            f"{path.name} is not an XLSX workbook (it is no zip file: {exc})",
            not_workbook=path.name,
        ) from None
    inflated = sum(m.file_size for m in members)
    if inflated > limits.max_inflated:
        raise limits.past("max_inflated", f"{path.name} inflates to {inflated} bytes")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _MIB and ratio > limits.max_ratio:
            raise limits.past(
                "max_ratio", f"{path.name}: {member.filename} inflates {ratio:.0f} times"
            )
    sheets = [m for m in members if m.filename.startswith("xl/worksheets/sheet")]
    if len(sheets) > limits.max_sheets:
        raise limits.past("max_sheets", f"{path.name} has {len(sheets)} sheets")


def _xlsx(path: Path, limits: Limits, deadline: Deadline) -> tuple[list[str], list[SheetRow]]:
    _measured(path, limits)
    # The file is opened here, so that it is closed however openpyxl fails (given a path, it
    # leaves the file open when the workbook cannot be loaded).
    with path.open("rb") as file:
        return _sheet(file, path.name, limits, deadline)


def _sheet(
    file: IO[bytes], name: str, limits: Limits, deadline: Deadline
) -> tuple[list[str], list[SheetRow]]:
    try:
        workbook = openpyxl_module().load_workbook(file, read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception as exc:  # whatever openpyxl finds wrong in a stranger's file
        raise InvalidValue(
            "file", f"{name} is no XLSX workbook openpyxl reads: {exc}", not_workbook=name
        ) from None
    try:
        if not workbook.worksheets:
            raise InvalidValue("file", f"{name} has no sheet", no_sheet=name)
        if len(workbook.worksheets) > limits.max_sheets:
            raise limits.past("max_sheets", f"{name} has {len(workbook.worksheets)} sheets")
        sheet = workbook.worksheets[0]
        # Cells past the last heading are never read, however wide the sheet claims to be.
        lines: Iterator[Sequence[object]] = sheet.iter_rows(
            values_only=True, max_col=limits.max_columns + 1
        )
        return _rows(lines, name, limits, deadline)
    except DomainError:
        raise
    except Exception as exc:  # a damaged sheet: its XML, its cells
        raise InvalidValue("file", f"{name}: its first sheet cannot be read: {exc}") from None
    finally:
        workbook.close()


def read_table(
    path: Path, limits: Limits | None = None, deadline: Deadline | None = None
) -> tuple[list[str], list[SheetRow]]:
    """The headings and rows of a ``.csv`` (UTF-8, a BOM allowed) or an ``.xlsx``'s first sheet.

    Read within *limits* (the defaults, changed by the environment: `Limits.from_env`), by
    *deadline* (else ``max_seconds`` from now).
    """
    limits = limits or (deadline.limits if deadline else Limits.from_env())
    deadline = deadline or Deadline(limits)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidValue(
            "file", f"must be a .csv or .xlsx file, got {path.name!r}", not_table=path.name
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidValue("file", f"{path.name} cannot be read: {exc.strerror}") from None
    if size > limits.max_bytes:
        raise limits.past("max_bytes", f"{path.name} is {size} bytes")
    if suffix == ".csv":
        return _csv(path, limits, deadline)
    return _xlsx(path, limits, deadline)
