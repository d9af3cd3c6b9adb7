"""The errors every layer shares: one base per family, and the errors that cross layers.

Raised by the domain, the stores, the key stores and the read models alike, so they live below all
of them. The rule errors of the domain derive from [`DomainError`][kimcore.errors.DomainError] in
[`kimcore.domain.errors`][kimcore.domain.errors]; the event layer's own errors are in
[`kimcore.events.errors`][kimcore.events.errors], the plugins' in
[`kimcore.plugins.errors`][kimcore.plugins.errors]. ::

    DomainError                  a command or value breaks a rule of the KIM domain
    ├── InvalidValue             a field is malformed (names it)
    │   ├── InvalidCursor        a page cursor that is not one kimcore gave
    │   ├── InvalidFields        a command body with bad fields (each one, by path)
    │   ├── PolicyFileError      a policy file, or one of its keys (named), that is wrong
    │   └── TooLarge             a file past one of the spreadsheet limits
    └── PersonalDataError
        ├── UnknownSubject       forgetting a subject kimcore never held data of
        └── SubjectForgotten     a forgotten subject's data is not recorded again
    StoreError
    ├── ConcurrencyConflict      another writer got there first: retry the command
    │   ├── WrongExpectedVersion optimistic concurrency: the stream moved on
    │   ├── KeyConflict          another writer made the subject's key first
    │   └── ConflictRetriesExhausted  every attempt met a concurrent write
    ├── DuplicateEventId         an event id is recorded at most once
    ├── StoreUnavailable         the store cannot be reached or opened (says why, in one line)
    ├── InvalidStoreArgument     a malformed argument (names it); nothing was written
    ├── WrongKek                 a key-encryption key that did not wrap the store's keys
    └── CopyFailed               a copy's target does not hold what its source holds
    ProjectionError              a projection could not run
    ├── ReadModelError           a table, row or query does not fit the declared tables
    ├── CheckpointMoved          another process moved a projection's checkpoint: page not applied
    └── DeliveryFailed           a sink could not hand events over (they come again)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

__all__ = [
    "CheckpointMoved",
    "ConcurrencyConflict",
    "ConflictRetriesExhausted",
    "CopyFailed",
    "DeliveryFailed",
    "DomainError",
    "DuplicateEventId",
    "InvalidCursor",
    "InvalidFields",
    "InvalidStoreArgument",
    "InvalidValue",
    "KeyConflict",
    "PersonalDataError",
    "PolicyFileError",
    "ProjectionError",
    "ReadModelError",
    "StoreError",
    "StoreUnavailable",
    "SubjectForgotten",
    "TooLarge",
    "UnknownSubject",
    "WrongExpectedVersion",
    "WrongKek",
]


class DomainError(Exception):
    """A command was refused because it breaks a rule of the KIM domain.

    ``rule`` is a short stable identifier of the rule (useful for APIs and
    translations); the message says the rule and the offending value in words.
    ``values`` are those values by name (``minimum=3, given=2``), so that
    ``kimcore.domain.messages.indonesian`` can say them in Indonesian.
    """

    rule: str = "domain"

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(f"[{self.rule}] {message}")
        self.detail = message
        self.values = values


class InvalidValue(DomainError, ValueError):
    """A value object or command field is malformed (names the field)."""

    rule = "invalid-value"

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(f"{field}: {message}", **values)
        self.field = field


class InvalidCursor(InvalidValue):
    """A page's cursor was not made by kimcore for this query (altered, cut, or another order's)."""

    def __init__(self, message: str) -> None:
        super().__init__("cursor", message)


class InvalidFields(InvalidValue):
    """A command body with one bad field or more: each one, by its path, in ``problems``.

    As an [`InvalidValue`][kimcore.errors.InvalidValue] it names the first; ``problems``
    holds every one found, each an ``InvalidValue`` whose ``field`` is a path
    (``founders[1].category``).
    """

    def __init__(self, problems: Sequence[InvalidValue]) -> None:
        seen: dict[str, InvalidValue] = {}
        for problem in problems:  # one problem a field: the first found says it
            seen.setdefault(problem.field, problem)
        problems = list(seen.values())
        first = problems[0]
        super().__init__(first.field, first.detail.split(": ", 1)[-1])
        self.problems: tuple[InvalidValue, ...] = tuple(problems)


class PolicyFileError(InvalidValue):
    """A policy file that cannot be read, or one of its keys (named) that is wrong."""


class TooLarge(InvalidValue):
    """A file past one of the [`Limits`][kimcore.spreadsheets.Limits] (``field`` names which)."""

    rule = "too-large"


class PersonalDataError(DomainError):
    """A rule on members' personal data (UU PDP No. 27/2022) was broken."""


class UnknownSubject(PersonalDataError):
    """kimcore holds no personal data of this subject, so there is nothing to forget."""

    rule = "unknown-subject"


class SubjectForgotten(PersonalDataError):
    """The subject was forgotten; their data is not recorded again under the same id."""

    rule = "subject-forgotten"

    def __init__(self, subject: uuid.UUID) -> None:
        super().__init__(
            f"subject {subject} was forgotten; their data is not recorded again"
            " (record the person under a new id with fresh consent)"
        )
        self.subject = subject


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


class ConflictRetriesExhausted(ConcurrencyConflict):
    """Every attempt met a concurrent write to the same stream; nothing was recorded."""

    def __init__(self, stream_id: str, attempts: int) -> None:
        super().__init__(
            f"stream {stream_id!r}: all {attempts} attempts met a concurrent write;"
            " nothing was recorded"
        )
        self.stream_id = stream_id
        self.attempts = attempts


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


class WrongKek(StoreError):
    """The key-encryption key given is not the one that wrapped the store's keys, or none was."""


class CopyFailed(StoreError):
    """The target does not hold what the source holds; says what differs."""


class ProjectionError(Exception):
    """A projection could not run."""


class ReadModelError(ProjectionError, ValueError):
    """A table, row or query does not fit the declared tables (the message names it)."""


class CheckpointMoved(ProjectionError):
    """A projection's checkpoint is not where the page's transaction expected it.

    Another process applied pages of the projection (or reset it) meanwhile: the
    page's transaction wrote nothing, and the projector reads the checkpoint again.
    """

    def __init__(self, name: str, expected: int, found: int | None) -> None:
        where = "gone (reset or never prepared)" if found is None else f"at {found}"
        super().__init__(
            f"projection {name!r}: checkpoint expected at {expected}, {where}; page not applied"
        )
        self.name, self.expected, self.found = name, expected, found


class DeliveryFailed(ProjectionError):
    """A sink could not hand events over; its checkpoint did not move, so they come again."""
