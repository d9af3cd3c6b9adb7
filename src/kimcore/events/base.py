"""The base of every domain event and the decorator that names and versions it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

import attrs

__all__ = ["Event", "event_type"]

_E = TypeVar("_E", bound="type[Event]")


@attrs.frozen(kw_only=True)
class Event:
    """Base class of domain events: immutable facts, named and versioned by `event_type`.

    ``event_name`` is the stable type name stored with the event; it does not
    change when the class moves to another module. ``event_version`` is the
    schema version of the class's current shape.
    """

    event_name: ClassVar[str]
    event_version: ClassVar[int]


def event_type(name: str, *, version: int = 1) -> Callable[[_E], _E]:
    """Give an event class its stable type *name* and current schema *version*.

    Example::

        @event_type("GroupFormed", version=1)
        @attrs.frozen(kw_only=True)
        class GroupFormed(Event): ...
    """
    if not name or not name.replace(".", "").replace("_", "").isalnum():
        raise ValueError(f"event type name {name!r} must be letters, digits, '.' or '_'")
    if version < 1:
        raise ValueError(f"schema version of {name!r} must be at least 1, got {version}")

    def mark(cls: _E) -> _E:
        if "event_name" in cls.__dict__:
            raise ValueError(f"{cls.__qualname__} is already named {cls.event_name!r}")
        cls.event_name = name
        cls.event_version = version
        return cls

    return mark
