"""What became of each row of an import, and of the whole file."""

from __future__ import annotations

from typing import Any, Literal

import attrs

__all__ = ["ImportReport", "RowOutcome", "Status"]

Status = Literal["recorded", "unchanged", "refused"]


@attrs.frozen
class RowOutcome:
    """What became of one row: recorded (with how many events), unchanged, or refused and why."""

    line: int
    record: str
    ref: str
    status: Status
    events: int = 0
    rule: str | None = None
    message: str | None = None  # in English, naming the column or rule
    message_id: str | None = None  # the same in Indonesian

    def as_dict(self) -> dict[str, Any]:
        """The outcome as plain data (for JSON)."""
        return attrs.asdict(self)


@attrs.frozen
class ImportReport:
    """Every row's outcome, in the file's order."""

    source: str
    dry_run: bool
    rows: tuple[RowOutcome, ...]

    def count(self, status: Status) -> int:
        """How many rows ended *status*."""
        return sum(1 for row in self.rows if row.status == status)

    @property
    def refused(self) -> tuple[RowOutcome, ...]:
        """The rows refused."""
        return tuple(row for row in self.rows if row.status == "refused")

    @property
    def events(self) -> int:
        """How many events were (or, in a dry run, would be) recorded."""
        return sum(row.events for row in self.rows)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for JSON)."""
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "recorded": self.count("recorded"),
            "unchanged": self.count("unchanged"),
            "refused": self.count("refused"),
            "events": self.events,
            "rows": [row.as_dict() for row in self.rows],
        }
