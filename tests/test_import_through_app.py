"""The register import writes through the application (``handle_many``), never on its own."""

from __future__ import annotations

from typing import Any

import kimcore as k
from kimcore.register import COLUMNS, TEMPLATE_ROWS, import_register
from kimcore.register.layout import group_id_of, member_id_of
from kimcore.spreadsheets import SheetRow


def _table() -> tuple[list[str], list[SheetRow]]:
    rows = [dict(r) for r in TEMPLATE_ROWS]
    return [c.name for c in COLUMNS], [
        SheetRow(line=i, cells=row) for i, row in enumerate(rows, start=2)
    ]


class _Counting(k.Application):
    """An application that notes each ``handle_many``; its store notes each append."""

    def __init__(self, store: k.MemoryStore) -> None:
        super().__init__(store)
        self.batches: list[list[str]] = []

    def handle_many(self, commands: Any, **options: Any) -> Any:
        self.batches.append([type(c).__name__ for c in commands])
        return super().handle_many(commands, **options)


class _Appends(k.MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.appends = 0

    def append(self, *args: Any, **kwargs: Any) -> Any:
        self.appends += 1
        return super().append(*args, **kwargs)


def test_each_stream_is_one_handle_many_and_one_append() -> None:
    store = _Appends()
    app = _Counting(store)
    report = import_register(app, _table(), name="register.csv")
    assert report.count("refused") == 0
    assert store.appends == len(app.batches)  # every append was the application's
    kim = next(batch for batch in app.batches if batch[0] == "FormGroup")
    assert "JoinGroup" in kim
    assert "RegisterGroup" in kim
    log = store.read_all(0, 10_000)
    assert {s.metadata.extra["imported_from"] for s in log} == {"register.csv"}
    assert len({s.metadata.correlation_id for s in log}) == 1  # one import, one conversation
    # The application's cache moved on with the import: a command decides on what it recorded.
    joined = app.handle(
        k.LeaveGroup(
            group_id=group_id_of("KIM-6271-001"),
            member_id=member_id_of("KIM-6271-001", "4"),
            reason=k.values.LeaveReason.RESIGNED,
            left_on=log[-1].recorded_at.date(),
        )
    )
    assert joined.new
