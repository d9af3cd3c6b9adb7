"""Checks that an event class declares its personal data, run when it is registered.

What it can tell: a field declared personal must name a sibling ``UUID`` field
as its subject and hold ``str`` (or ``str | None``); an undeclared field whose
name always means personal data (``email``, ``phone``, ``address``, ``nik``,
``birth_date``…) is refused; an undeclared ``name``-like field is refused in a
class that identifies a person (it has ``member_id``, ``person_id`` or
``subject_id``, or its name says Member or Person). The check walks nested
value objects and tuples of them.

What it cannot tell: personal data in free text (a ``reason`` that names
someone), in ``Any`` or mapping fields (partnership ``terms``), or under a
name it does not know. Authors of event types stay responsible for those.
"""

from __future__ import annotations

import types
import typing
import uuid
from typing import Any

import attrs

from kimcore.events.errors import EventTypeError
from kimcore.vocabulary.personal import PERSONAL

__all__ = [
    "ALWAYS_PERSONAL",
    "NAME_FIELDS",
    "SUBJECT_FIELDS",
    "check_personal_declarations",
    "type_hints",
]

ALWAYS_PERSONAL = frozenset(
    {
        "email", "email_address", "phone", "phone_number", "mobile", "whatsapp", "contact",
        "address", "home_address", "nik", "identity_number", "id_number", "ktp", "kk_number",
        "passport_number", "birth_date", "date_of_birth", "birth_place", "place_of_birth",
    }
)  # fmt: skip
NAME_FIELDS = frozenset({"name", "full_name", "first_name", "last_name", "nickname"})
SUBJECT_FIELDS = frozenset({"member_id", "person_id", "subject_id"})


def type_hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of *cls*, or an `EventTypeError` saying why not."""
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError) as exc:
        raise EventTypeError(
            f"cannot resolve the annotations of {cls.__module__}.{cls.__qualname__} ({exc}):"
            " define the classes it uses at module level"
        ) from exc


def _is_str_type(tp: Any) -> bool:
    if tp is str:
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = set(typing.get_args(tp))
        return args == {str, type(None)}
    return False


def _nested_classes(tp: Any) -> list[type]:
    if isinstance(tp, type) and attrs.has(tp):
        return [tp]
    return [c for arg in typing.get_args(tp) for c in _nested_classes(arg)]


def check_personal_declarations(cls: type, _seen: frozenset[type] = frozenset()) -> None:
    """Raise `EventTypeError` naming the field when *cls* holds undeclared personal data."""
    if cls in _seen:
        return
    hints = type_hints(cls)
    names = {f.name for f in attrs.fields(cls)}
    identifies_person = bool(names & SUBJECT_FIELDS) or any(
        word in cls.__name__ for word in ("Member", "Person")
    )
    where = f"{cls.__module__}.{cls.__qualname__}"
    for field in attrs.fields(cls):
        meta = field.metadata.get(PERSONAL)
        if meta is not None:
            subject = meta.subject_field
            if subject not in names or hints.get(subject) is not uuid.UUID:
                raise EventTypeError(
                    f"{where}.{field.name} names {subject!r} as its subject, which is not a"
                    " UUID field of the same class"
                )
            if not _is_str_type(hints[field.name]):
                raise EventTypeError(
                    f"{where}.{field.name} is personal and must be str or str | None"
                )
            continue
        if field.name in ALWAYS_PERSONAL or (identifies_person and field.name in NAME_FIELDS):
            raise EventTypeError(
                f"{where}.{field.name} looks like personal data: declare it with"
                " kimcore.personal.personal_field(subject=..., kind=...)"
            )
        for nested in _nested_classes(hints[field.name]):
            check_personal_declarations(nested, _seen | {cls})
