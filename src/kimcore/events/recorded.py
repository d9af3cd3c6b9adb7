"""What writing a command returns: the events it recorded, and whether they were recorded now.

An envelope of envelopes: the application makes it (`Application.handle`), every reader may
hold it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self

from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["Recorded"]


class Recorded(tuple[RecordedEvent[Event], ...]):
    """The events a command recorded, and ``new``: whether this call recorded them.

    It is the tuple of [`RecordedEvent`][kimcore.events.RecordedEvent]s that ``handle`` returned
    before, so code that iterates, indexes or compares it as a tuple reads it as before::

        recorded = app.handle(command, command_id=key)
        if recorded.new:
            ...  # appended by this call: 201 Created
        else:
            ...  # sent again: what the first call recorded (or nothing to record): 200 OK

    ``new`` is false when the command was recorded earlier with the same ``command_id`` (the
    events are then the first recording's, however many events followed it), and when deciding
    it recorded nothing.
    """

    new: bool

    def __new__(cls, recorded: Iterable[RecordedEvent[Event]] = (), *, new: bool) -> Self:
        """*recorded*, recorded by this call when *new*."""
        made = super().__new__(cls, recorded)
        made.new = new
        return made

    @property
    def events(self) -> tuple[RecordedEvent[Event], ...]:
        """The recorded events, as a plain tuple."""
        return tuple(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({tuple(self)!r}, new={self.new})"

    def __reduce__(self) -> Any:
        return _rebuilt, (tuple(self), self.new)


def _rebuilt(events: tuple[RecordedEvent[Event], ...], new: bool) -> Recorded:
    """A `Recorded` unpickled or copied."""
    return Recorded(events, new=new)
