"""What a stored fixture reads as today: its ``reads_as``, brought to the current version.

A fixture's ``reads_as`` is what it read as when the file was made, in the shape of the event's
version current then. The files are never edited: where a later version changed the shape, the
same upcasters that read the payload bring ``reads_as`` to today's shape.
"""

from __future__ import annotations

from typing import Any

import kimcore as k

# Fixtures whose ``reads_as`` was written when an older version was the current one. A fixture
# not named here was made when its ``reads_as`` shape was the current one.
READ_AT: dict[str, int] = {"GroupMapped.v1.json": 1}


def reads_as_now(codec: k.events.Codec, document: dict[str, Any]) -> Any:
    """*document*'s ``reads_as`` in the shape of its type's current version."""
    now = codec.registry.get(document["type"]).event_version
    read_at = READ_AT.get(f"{document['type']}.v{document['version']}.json", now)
    return codec.upcasters.upcast(document["type"], read_at, now, document["reads_as"])
