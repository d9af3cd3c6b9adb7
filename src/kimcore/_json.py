"""JSON bytes in and out: orjson when it is installed (``kimcore[orjson]``), else the stdlib."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["UUIDS", "dumps", "loads"]

dumps: Callable[[Any], bytes]
loads: Callable[[bytes], Any]
# Whether `dumps` writes a uuid.UUID itself, as its canonical text (orjson does, in C).
UUIDS: bool

try:
    import orjson
except ImportError:  # pragma: no cover - exercised only where orjson is absent

    def dumps(obj: Any) -> bytes:
        """Compact UTF-8 JSON."""
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()

    loads = json.loads
    UUIDS = False
else:
    dumps = orjson.dumps
    loads = orjson.loads
    UUIDS = True
