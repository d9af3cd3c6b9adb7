"""Declaring which fields hold a person's data, whose, and redacting them.

KIM members and forum board members are private persons; Indonesia's Personal Data Protection Law
(UU No. 27 of 2022) lets them have their data erased, while the event log is never rewritten. Every
field that holds such data is declared with [`personal_field`][kimcore.personal.personal_field],
naming the sibling field that identifies its data subject. The codec seals those fields with the
subject's key; once the key is destroyed they read back as [`REDACTED`][kimcore.personal.REDACTED].
The marker is plain attrs metadata: the domain stays free of I/O.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Mapping
from enum import Enum
from typing import Any, Final, TypeVar

import attrs

__all__ = [
    "PERSONAL",
    "REDACTED",
    "PersonalData",
    "Redacted",
    "is_redacted",
    "personal_field",
    "personal_fields",
    "redact",
    "redact_all",
    "redacted_copy",
]

PERSONAL: Final = "kimcore.personal"
_T = TypeVar("_T")


class Redacted(str):
    """The value of a personal field whose subject was forgotten.

    It is a ``str`` so every event and state that held the field stays valid
    and every fold and count stays right; it never equals real data.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "REDACTED"


REDACTED: Final = Redacted("[redacted]")
"""What every personal field of a forgotten subject reads as (a ``str``: ``"[redacted]"``)."""


def is_redacted(value: object) -> bool:
    """Whether *value* is the redaction marker."""
    return isinstance(value, Redacted)


@attrs.frozen(kw_only=True)
class PersonalData:
    """Metadata of a personal field: which field of the same class names its subject."""

    subject_field: str
    kind: str


def personal_field(
    *, subject: str, kind: str, optional: bool = False, validator: Any = None
) -> Any:
    """Declare an attrs field that holds a person's data.

    *subject* names the sibling field (a ``UUID``) of the data subject; *kind*
    says what the data is (``"name"``, ``"contact"``, ``"address"``,
    ``"identity-number"``). The field must be ``str`` (or ``str | None`` with
    *optional*); it is kept out of ``repr`` so it never lands in logs or test
    output.
    """
    meta = {PERSONAL: PersonalData(subject_field=subject, kind=kind)}
    if optional:
        return attrs.field(default=None, repr=False, metadata=meta, validator=validator)
    return attrs.field(repr=False, metadata=meta, validator=validator)


def personal_fields(cls: type) -> tuple[tuple[attrs.Attribute[Any], PersonalData], ...]:
    """The personal fields declared directly on attrs class *cls*."""
    return tuple((a, a.metadata[PERSONAL]) for a in attrs.fields(cls) if PERSONAL in a.metadata)


def redact(value: _T, subjects: Collection[uuid.UUID]) -> _T:
    """*value* with every personal field of *subjects* replaced by `REDACTED`.

    Walks attrs instances, tuples, lists, frozensets and mapping values; what
    holds no personal data of *subjects* is returned as it is (the same object).
    Read models use it to scrub a subject when ``MemberForgotten`` arrives.
    """
    if not subjects:
        return value
    chosen = frozenset(subjects)
    redacted: _T = _redact(value, chosen.__contains__)
    return redacted


def redact_all(value: _T) -> _T:
    """*value* with every personal field, whoever's, replaced by `REDACTED`."""
    redacted: _T = _redact(value, lambda _subject: True)
    return redacted


# Values that never hold personal data: the walk returns them at once.
_ATOMIC: Final = (str, int, float, uuid.UUID, dt.date, Enum, type(None))
_PLANS: dict[type, tuple[tuple[str, PersonalData | None], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, PersonalData | None], ...] | None:
    """The fields of attrs class *cls* the walk visits (``None`` for other classes).

    Built once per class: the personal fields, and the other fields set by
    ``__init__`` (derived fields are copied as they are).
    """
    plan = _PLANS.get(cls)
    if plan is None:
        if not attrs.has(cls):
            return None
        plan = tuple(
            (field.name, field.metadata.get(PERSONAL))
            for field in attrs.fields(cls)
            if field.init or PERSONAL in field.metadata
        )
        _PLANS[cls] = plan
    return plan


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def redacted_copy(value: Any, changes: dict[str, Any]) -> Any:
    """A copy of attrs instance *value* with *changes*, without re-running validators.

    For redacting only: ``attrs.evolve`` would validate again, and was most of
    the cost of caching a decided state. It is not needed: a personal ``str``
    becomes the ``REDACTED`` ``str``, and nested values become their redacted
    copies, so every validator that passed on *value* passes on the copy.
    """
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in attrs.fields(cls))
    copy = object.__new__(cls)
    for name in names:
        object.__setattr__(copy, name, changes[name] if name in changes else getattr(value, name))
    return copy


def _redact(value: Any, subjects: Callable[[Any], bool]) -> Any:
    if isinstance(value, _ATOMIC):
        return value
    plan = _plan(type(value))
    if plan is not None:
        changes: dict[str, Any] = {}
        for name, meta in plan:
            current = getattr(value, name)
            if meta is not None:
                if (
                    current is not None
                    and not isinstance(current, Redacted)
                    and subjects(getattr(value, meta.subject_field))
                ):
                    changes[name] = REDACTED
            else:
                new = _redact(current, subjects)
                if new is not current:
                    changes[name] = new
        return redacted_copy(value, changes) if changes else value
    if isinstance(value, tuple | list | frozenset):
        items = [_redact(item, subjects) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, Mapping):
        pairs = {key: _redact(item, subjects) for key, item in value.items()}
        if all(pairs[key] is item for key, item in value.items()):
            return value
        return pairs
    return value
