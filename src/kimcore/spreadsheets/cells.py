"""Cells a spreadsheet program will not run: every CSV kimcore writes goes through here.

A name someone recorded as ``=HYPERLINK("http://x","y")`` would be a formula
in the office's Excel or LibreOffice if a CSV download held it as written.
As OWASP's CSV-injection guidance says, a text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe (``'=HYPERLINK(…)``): the spreadsheet shows it as text. Only text
is changed: a number (``-5`` in a count column) stays a number. Reading a
register back, `restored` takes that
apostrophe off again, so what comes back is what was recorded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

__all__ = ["DANGEROUS", "csv_chunks", "neutralised", "restored", "write_csv_rows"]

# What makes a spreadsheet program read a cell as a formula (OWASP).
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """*value* as a spreadsheet must show it: text beginning with a formula's sign gets ``'``."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return f"'{value}"
    return value


def restored(text: str) -> str:
    """A cell read from a register: the apostrophe `neutralised` added, taken off again."""
    if text.startswith("'") and text[1:].startswith(DANGEROUS):
        return text[1:]
    return text


def csv_chunks(
    headings: Sequence[str], rows: Iterable[Sequence[object]], *, every: int = 500
) -> Iterator[str]:
    """*headings* then *rows* as CSV text, *every* rows a chunk, every text cell `neutralised`.

    *rows* is read as the chunks are taken: a generator that pages through a table keeps
    memory flat however many rows there are.
    """
    out = io.StringIO()
    rows = iter(rows)
    write_csv_rows(out, headings, ())
    while True:
        batch = [row for _, row in zip(range(every), rows, strict=False)]
        if not batch:
            break
        _write(out, batch)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue()


def write_csv_rows(out: IO[str], headings: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """*headings* then *rows* as CSV on *out*, every text cell `neutralised`."""
    _write(out, ([*headings], *rows))


def _write(out: IO[str], rows: Iterable[Sequence[object]]) -> None:
    plain = csv.writer(out, lineterminator="\n")
    # csv quotes a field holding the line terminator's characters only: a lone carriage
    # return would end the row early for a reader, so a row holding one is quoted whole.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        cells = [neutralised(v) for v in row]
        returns = any(isinstance(v, str) and "\r" in v for v in cells)
        (quoted if returns else plain).writerow(cells)
