"""Errors of the event layer: registering, upcasting and decoding events.

::

    EventError
    ├── EventTypeError          a class cannot be registered (unnamed, duplicate, personal data)
    ├── UnknownEventType        a stored type name no registered class claims
    ├── UpcastError             no path from the stored schema version to the current one
    └── EventDecodeError        a stored payload does not decode into its class
"""

from __future__ import annotations

__all__ = ["EventDecodeError", "EventError", "EventTypeError", "UnknownEventType", "UpcastError"]


class EventError(Exception):
    """Base of the event layer's errors."""


class EventTypeError(EventError, TypeError):
    """An event class cannot be registered as it is."""


class UnknownEventType(EventError, LookupError):
    """No registered class has this stable type name."""


class UpcastError(EventError):
    """A stored payload cannot be brought to the current schema version."""


class EventDecodeError(EventError, ValueError):
    """A stored event could not be decoded; says where it is stored and what is wrong."""
