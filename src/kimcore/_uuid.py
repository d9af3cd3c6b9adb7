"""Fast, strict UUID construction for the hot paths.

``uuid.UUID(...)`` accepts many spellings and is slow; decoding the log builds
several UUIDs per event, and recording one makes two. These build the same
``uuid.UUID`` objects from the canonical forms kimcore stores, refusing
anything else with ``ValueError``, and make the time-ordered ids kimcore gives
its events and commands.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Final

__all__ = ["uuid7", "uuid7_many", "uuid_from_bytes", "uuid_from_hex", "uuid_from_text"]

_new = object.__new__
_set = object.__setattr__
_UUID = uuid.UUID
_UNKNOWN = uuid.SafeUUID.unknown


def _from_int(value: int) -> uuid.UUID:
    made = _new(_UUID)
    _set(made, "int", value)
    _set(made, "is_safe", _UNKNOWN)
    return made


def uuid_from_bytes(raw: bytes) -> uuid.UUID:
    """A UUID from its 16 bytes."""
    if len(raw) != 16:
        raise ValueError(f"a UUID is 16 bytes, got {len(raw)}")
    return _from_int(int.from_bytes(raw, "big"))


def uuid_from_hex(text: str) -> uuid.UUID:
    """A UUID from 32 hex digits."""
    raw = bytes.fromhex(text)
    # fromhex skips spaces: 16 bytes from 32 characters means 32 hex digits.
    if len(raw) != 16 or len(text) != 32:
        raise ValueError(f"badly formed hexadecimal UUID string: {text!r}")
    return _from_int(int.from_bytes(raw, "big"))


def uuid_from_text(text: str) -> uuid.UUID:
    """A UUID from its canonical 36-character form (other spellings take the slow path)."""
    if len(text) == 36 and text[8] == text[13] == text[18] == text[23] == "-":
        digits = text.replace("-", "")
        # int(…, 16) also takes signs, spaces, underscores, "0x" and non-ASCII
        # digits: 32 ASCII letters and digits without an x leave only hex digits
        # (any other letter makes int raise).
        if (
            len(digits) != 32
            or not digits.isascii()
            or not digits.isalnum()
            or "x" in digits
            or "X" in digits
        ):
            raise ValueError(f"badly formed UUID string: {text!r}")
        return _from_int(int(digits, 16))
    return uuid.UUID(text)


# Version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.
_V7_VERSION: Final = 7 << 76
_V7_VARIANT: Final = 0x8000 << 48
_V7_RANDOM: Final = (1 << 76) - 1 & ~(0xF000 << 64) & ~(0xC000 << 48)


def uuid7(now_ns: int | None = None) -> uuid.UUID:
    """A time-ordered UUID (version 7), for the ids kimcore makes of events and commands.

    Ids made later sort later (to the millisecond), so a unique index on them
    grows at its right edge: a random (version 4) id lands on a random leaf
    page of the index, one more page written per event (see docs/performance.md).
    """
    millis = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    random = int.from_bytes(os.urandom(10), "big") & _V7_RANDOM
    return _from_int((millis << 80) | _V7_VERSION | _V7_VARIANT | random)


def uuid7_many(count: int, now_ns: int | None = None) -> list[uuid.UUID]:
    """*count* ids as `uuid7` makes them, from one clock reading and one draw of random bits.

    The batch twin of `uuid7`, for the ids of one append's events: ``os.urandom`` is a system
    call each time, and `uuid7` makes one an id (a W2 commit on SQLite made twelve calls, ten
    of them here; see docs/performance.md). The bits are as unpredictable as ten draws; a
    batch shares its millisecond, as ids made in one millisecond by `uuid7` do.
    ``tests/test_uuid.py`` shows each id is one `uuid7` could have made at that time.
    """
    millis = (time.time_ns() if now_ns is None else now_ns) // 1_000_000
    head = (millis << 80) | _V7_VERSION | _V7_VARIANT
    pool = os.urandom(10 * count)
    return [
        _from_int(head | int.from_bytes(pool[start : start + 10], "big") & _V7_RANDOM)
        for start in range(0, 10 * count, 10)
    ]
