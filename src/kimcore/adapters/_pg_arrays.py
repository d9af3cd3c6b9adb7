"""PostgreSQL array literals for the append function's parameters.

psycopg adapts a Python list by inspecting its items in Python on every call,
which cost an append of one event about a fifth of its client time. The
append sends each array as one text parameter instead, in PostgreSQL's own
array input syntax, cast to its type in the statement (``%s::uuid[]``). The
values stay parameters — the server parses them as data, never as SQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

__all__ = ["bytea_array", "int_array", "text_array", "time_array", "uuid_array"]


def uuid_array(values: Iterable[uuid.UUID | str | None]) -> str:
    """``{…}`` of UUIDs or their texts (canonical, or 32 bare hex digits: uuid takes both).

    ``None`` is ``NULL``.
    """
    return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"


def int_array(values: Iterable[int]) -> str:
    """``{…}`` of integers."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"


def bytea_array(values: Iterable[bytes]) -> str:
    r"""``{…}`` of bytea values in hex form (``"\\x…"``: the backslash escaped for the array)."""
    return "{" + ",".join(f'"\\\\x{v.hex()}"' for v in values) + "}"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_array(values: Iterable[str]) -> str:
    """``{…}`` of texts, each quoted so that any character stands for itself."""
    return "{" + ",".join(map(_quoted, values)) + "}"


def time_array(values: Iterable[dt.datetime]) -> str:
    """``{…}`` of timestamps with their UTC offsets, in ISO 8601."""
    return "{" + ",".join(f'"{v.isoformat()}"' for v in values) + "}"
