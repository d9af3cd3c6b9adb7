"""What a plugin's endpoint asks the service: how far a table's read model is behind."""

from __future__ import annotations

import kimcore as k
from kimcore.web.service import Service


def test_freshness_takes_a_table_or_its_name() -> None:
    service = Service(k.MemoryStore())
    try:
        _, table = service.tables["kim_groups"]  # as docs/plugins.md's endpoint finds it
        assert service.freshness(table) == service.freshness("kim_groups")
        assert service.checkpoint(table) == service.checkpoint("kim_groups") == 0
    finally:
        service.stop()
