"""Declaring which fields hold a person's data, whose, and redacting them.

KIM members and forum board members are private persons; Indonesia's Personal Data Protection Law
(UU No. 27 of 2022) lets them have their data erased, while the event log is never rewritten. Every
field that holds such data is declared with [`personal_field`][kimcore.personal.personal_field],
naming the sibling field that identifies its data subject. The codec seals those fields with the
subject's key; once the key is destroyed they read back as [`REDACTED`][kimcore.personal.REDACTED].
The marker is plain attrs metadata: the domain stays free of I/O.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import types
import typing
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


@attrs.frozen
class Plan:
    """Where the personal fields of one attrs class are, and whose they are."""

    personal: tuple[tuple[str, str], ...]  # (field name, subject field name)
    nested: tuple[tuple[str, bool, Plan], ...]  # (field name, is a collection, plan)


def _unwrap(tp: Any) -> tuple[type | None, bool]:
    """The attrs class inside *tp* (through Optional and homogeneous collections)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(inner[0]) if len(inner) == 1 else (None, False)
    if origin in (tuple, list, frozenset, set):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        cls, _ = _unwrap(args[0]) if len(args) == 1 else (None, False)
        return cls, True
    if origin in (dict, Mapping, collections.abc.Mapping):
        cls, _ = _unwrap(typing.get_args(tp)[1])
        return cls, True
    return (tp, False) if isinstance(tp, type) and attrs.has(tp) else (None, False)


_MAP: dict[type, Plan | None] = {}


def plan_for(cls: type, _seen: frozenset[type] = frozenset()) -> Plan | None:
    """Where attrs class *cls* holds personal data, or ``None`` when it holds none anywhere.

    The one map of personal fields, made once per class from the declarations and the type
    hints: the codec seals and opens by it, snapshots too, and `redact` walks by it. Raises
    ``NameError`` or ``TypeError`` when the hints do not resolve, or a class contains itself.
    """
    if cls in _MAP:
        return _MAP[cls]
    if cls in _seen:
        raise TypeError(f"{cls.__qualname__} contains itself")
    hints = typing.get_type_hints(cls)
    personal = []
    nested = []
    for field in attrs.fields(cls):
        meta: PersonalData | None = field.metadata.get(PERSONAL)
        if meta is not None:
            personal.append((field.name, meta.subject_field))
            continue
        inner, many = _unwrap(hints[field.name])
        if inner is not None:
            sub = plan_for(inner, _seen | {cls})
            if sub is not None:
                nested.append((field.name, many, sub))
    plan = Plan(tuple(personal), tuple(nested)) if personal or nested else None
    _MAP[cls] = plan
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
    if attrs.has(type(value)):
        plan = plan_for(type(value))
        if plan is None:
            return value
        changes: dict[str, Any] = {}
        for name, subject_field in plan.personal:
            current = getattr(value, name)
            if (
                current is not None
                and not isinstance(current, Redacted)
                and subjects(getattr(value, subject_field))
            ):
                changes[name] = REDACTED
        for name, _many, _sub in plan.nested:
            current = getattr(value, name)
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
