"""A page's rows of one table written to PostgreSQL in one statement each way.

The plain twin (`UnitOfWork` with ``bulk_writes`` off) sends an ``executemany`` of the
single-row ``INSERT … ON CONFLICT`` (and ``DELETE``): psycopg pipelines them, but the server
still parses, plans and runs one statement a row, eight or so an event on a rebuild. Here the
rows go as one array a column, each in PostgreSQL's array input syntax (one text parameter cast
to its type in the statement, as `kimcore.adapters._pg_arrays` does for the append), and one
``INSERT … SELECT * FROM unnest(…) ON CONFLICT …`` writes them all; deletes are one
``DELETE … WHERE (key) IN (SELECT * FROM unnest(…))``. Measured on 300 rows a transaction
(docs/performance.md, "On PostgreSQL"): 1.6× the rows a second of the plain twin and a sixth of
its client CPU; ``COPY`` into a temporary table and a merge came second, and last at small
pages (three round trips). A unit writes each key once a page, so no statement affects a row
twice (which ``ON CONFLICT DO UPDATE`` would refuse).

The values stay parameters: the server parses them as data. A value is written as its text (an
``int`` in a ``text`` column as its digits), which the column's type then reads, as the plain
twin's parameters are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kimcore.domain.views.tables import Table

__all__ = ["array", "delete_sql", "put_sql"]

_TYPES = {"text": "text", "int": "bigint"}
_NONE = type(None)
_TEXTS = frozenset({str, _NONE})
_INTS = frozenset({int, _NONE})


def _casts(table: Table, names: Sequence[str]) -> str:
    types = {c.name: _TYPES[c.type] for c in table.columns}
    return ", ".join(f"%s::{types[name]}[]" for name in names)


def put_sql(table: Table, qualified: str) -> str:
    """Insert or replace the rows given as one array a column (in ``column_names`` order)."""
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    keys = ", ".join(f'"{k}"' for k in table.key)
    others = [c for c in table.column_names if c not in table.key]
    action = (
        "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in others)
        if others
        else "DO NOTHING"
    )
    return (
        f"INSERT INTO {qualified} ({columns})"
        f" SELECT * FROM unnest({_casts(table, table.column_names)})"
        f" ON CONFLICT ({keys}) {action}"
    )


def delete_sql(table: Table, qualified: str) -> str:
    """Delete the rows whose keys are given as one array a key column."""
    keys = ", ".join(f'"{k}"' for k in table.key)
    arrays = _casts(table, table.key)
    return f"DELETE FROM {qualified} WHERE ({keys}) IN (SELECT * FROM unnest({arrays}))"


def _quoted(value: object) -> str:
    text = value if type(value) is str else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array(values: Sequence[Any]) -> str:
    """``{…}`` of *values*: ``None`` is ``NULL``, every other value its text; ``{}`` for none.

    Quoted, so any character (a comma, a brace, the word NULL) stands for itself.
    """
    if not values:  # else the texts' join below makes one empty text of no values
        return "{}"
    kinds = set(map(type, values))
    if kinds <= _TEXTS:  # texts and NULLs (most columns): no call a value unless one is escaped
        plain = "".join([v for v in values if v is not None])
        if "\\" not in plain and '"' not in plain:
            if _NONE not in kinds:
                return '{"' + '","'.join(values) + '"}'
            return "{" + ",".join(["NULL" if v is None else f'"{v}"' for v in values]) + "}"
    elif kinds <= _INTS:  # digits need no quotes (bool is its own type, not here)
        return "{" + ",".join(["NULL" if v is None else str(v) for v in values]) + "}"
    return "{" + ",".join(["NULL" if v is None else _quoted(v) for v in values]) + "}"
