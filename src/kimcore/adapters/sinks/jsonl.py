"""A sink that appends events to a JSON Lines file, one event a line."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kimcore import _json
from kimcore._closing import Closing
from kimcore.adapters.export import record_line
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.errors import DeliveryFailed

__all__ = ["JsonLinesSink"]


class JsonLinesSink(Closing):
    """Appends each event as the line [`record_line`][kimcore.adapters.export.record_line] makes.

    Each delivered page is flushed and fsynced before the projector moves its
    checkpoint. Lines carry the event's position, and on opening the sink
    reads the last one: events at or before it are not written again, so a
    restart after a crash between writing and checkpointing leaves no
    duplicate line.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        name: str = "jsonl",
        personal_data: bool = False,
        codec: Codec | None = None,
    ) -> None:
        self.name = name
        self.personal_data = personal_data
        self.path = Path(path)
        self.codec = codec or Codec()
        _drop_partial_line(self.path)
        self._written = _last_position(self.path)
        self._file = self.path.open("ab")

    def deliver(self, events: Sequence[RecordedEvent[Event]]) -> None:
        """Append the events not yet in the file, then flush to disk."""
        fresh = [e for e in events if e.position > self._written]
        if not fresh:
            return
        try:
            self._file.write(
                b"".join(_json.dumps(record_line(self.codec, e)) + b"\n" for e in fresh)
            )
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise DeliveryFailed(f"sink {self.name!r}: cannot write {self.path}: {exc}") from exc
        self._written = fresh[-1].position

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def _drop_partial_line(path: Path) -> None:
    """Cut a last line left unfinished by a crash, so new lines start on their own."""
    if not path.exists():
        return
    with path.open("r+b") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return
        start = max(0, size - 65536)
        f.seek(start)
        cut = f.read().rfind(b"\n")
        f.truncate(start + cut + 1 if cut >= 0 else 0)


def _last_position(path: Path) -> int:
    """The position on the file's last complete line (0 for a new or empty file)."""
    if not path.exists():
        return 0
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 65536))
        tail = f.read()
    lines = [line for line in tail.split(b"\n") if line.strip()]
    return int(_json.loads(lines[-1])["position"]) if lines else 0
