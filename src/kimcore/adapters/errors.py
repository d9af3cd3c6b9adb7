"""Errors raised by event stores.

::

    StoreError
    ├── ConcurrencyConflict      another writer got there first: retry the command
    │   ├── WrongExpectedVersion optimistic concurrency: the stream moved on
    │   └── KeyConflict          another writer made the subject's key first
    ├── DuplicateEventId         an event id is recorded at most once
    ├── StoreUnavailable         the store cannot be reached or opened (says why, in one line)
    └── InvalidStoreArgument     a malformed argument (names it); nothing was written
"""

from __future__ import annotations

__all__ = [
    "ConcurrencyConflict",
    "DuplicateEventId",
    "InvalidStoreArgument",
    "KeyConflict",
    "StoreError",
    "StoreUnavailable",
    "WrongExpectedVersion",
]


class StoreError(Exception):
    """Base of event store errors."""


class ConcurrencyConflict(StoreError):
    """Another writer changed what this write was decided on; nothing was written."""


class KeyConflict(ConcurrencyConflict):
    """Another writer made a data subject's key first; re-encode with the stored key."""


class WrongExpectedVersion(ConcurrencyConflict):
    """The stream's version is not the one the writer expected; nothing was written."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        expected_text = "no stream" if expected == 0 else f"version {expected}"
        super().__init__(
            f"stream {stream_id!r}: expected {expected_text}, but it is at version {actual}"
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class DuplicateEventId(StoreError):
    """An event with this id is recorded already; nothing was written."""

    def __init__(self, event_id: object, where: str) -> None:
        super().__init__(f"event id {event_id} is recorded already ({where})")
        self.event_id = event_id


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened: a wrong host, a missing folder, not a database."""


class InvalidStoreArgument(StoreError, ValueError):
    """An argument to a store method is malformed; nothing was written."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument
