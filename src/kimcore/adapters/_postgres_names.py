"""PostgreSQL names and connections that are checked before anything is written.

PostgreSQL truncates identifiers past 63 bytes (``NAMEDATALEN - 1``) without
an error, and refuses a ``NOTIFY`` channel of that length; a wrong host or
database otherwise shows up only as a pool that waits out its timeout. These
checks make a store that cannot work refuse to open, in one line.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

from kimcore.vocabulary.errors import InvalidStoreArgument, StoreUnavailable

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "MAX_IDENTIFIER",
    "channel_for",
    "check_conninfo",
    "check_options",
    "check_schema",
    "models_schema_for",
    "probe",
]

MAX_IDENTIFIER: Final = 63
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def check_schema(schema: object, argument: str = "schema") -> str:
    """*schema* if it is a plain ASCII identifier PostgreSQL keeps whole, else an error."""
    if not isinstance(schema, str) or not _IDENTIFIER.fullmatch(schema):
        raise InvalidStoreArgument(
            argument, f"must be a plain identifier (a letter, then letters, digits, _): {schema!r}"
        )
    if len(schema) > MAX_IDENTIFIER:
        raise InvalidStoreArgument(
            argument,
            f"is {len(schema)} characters; PostgreSQL keeps at most {MAX_IDENTIFIER}"
            " and would silently cut the rest",
        )
    return schema


def check_options(
    schema: str, models_schema: str | None, *, connect_timeout: float, notify_interval: float
) -> str:
    """Check a PostgreSQL store's options by name; return its models schema (or the default)."""
    check_schema(schema)
    found = (
        models_schema_for(schema)
        if models_schema is None
        else check_schema(models_schema, "models_schema")
    )
    if not isinstance(connect_timeout, int | float) or not 0 < connect_timeout <= 600:
        raise InvalidStoreArgument(
            "connect_timeout", f"must be over 0 and at most 600 seconds, got {connect_timeout!r}"
        )
    if not isinstance(notify_interval, int | float) or not 0 <= notify_interval <= 60:
        raise InvalidStoreArgument(
            "notify_interval", f"must be 0 to 60 seconds, got {notify_interval!r}"
        )
    return found


def channel_for(schema: str) -> str:
    """The ``NOTIFY`` channel of a store's schema: ``kimcore_<schema>`` when it fits.

    A longer name gets a digest of the schema instead, so every schema that
    opens has a channel that works.
    """
    channel = f"kimcore_{schema}"
    if len(channel) <= MAX_IDENTIFIER:
        return channel
    return "kimcore_" + hashlib.blake2b(schema.encode(), digest_size=16).hexdigest()


def models_schema_for(schema: str) -> str:
    """Where a store's read models live by default: ``<schema>_models``.

    Raises [`InvalidStoreArgument`][kimcore.errors.InvalidStoreArgument] when that name would be
    too long: name one with ``?models_schema=`` then.
    """
    name = f"{schema}_models"
    if len(name) > MAX_IDENTIFIER:
        raise InvalidStoreArgument(
            "models_schema",
            f"the default {name!r} is longer than {MAX_IDENTIFIER} characters: name one",
        )
    return name


def check_conninfo(conninfo: str) -> None:
    """Refuse a connection string with a parameter libpq does not know, by name."""
    import psycopg  # noqa: PLC0415 - an extra
    from psycopg import pq  # noqa: PLC0415

    try:
        pq.Conninfo.parse(conninfo.encode())
    except psycopg.OperationalError as exc:
        raise InvalidStoreArgument("url", _first_line(exc)) from None


def probe(conninfo: str, timeout: float) -> None:
    """Connect once, within *timeout* seconds, or raise `StoreUnavailable` in one line."""
    import psycopg  # noqa: PLC0415 - an extra

    try:
        # libpq counts whole seconds and treats 1 as 2.
        with psycopg.connect(conninfo, connect_timeout=max(2, round(timeout))):
            pass
    except psycopg.Error as exc:
        raise StoreUnavailable(f"cannot connect to PostgreSQL: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
