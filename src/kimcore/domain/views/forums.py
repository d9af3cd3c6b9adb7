"""The forum directory: every Forum KIM by level and region, with its member count."""

from __future__ import annotations

from kimcore.domain.views.tables import Column, Table, Tables
from kimcore.events import forum as fe
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["FORUMS", "ForumDirectory"]

FORUMS = Table(
    name="kim_forums",
    columns=(
        Column(name="forum_id", type="text"),
        Column(name="name", type="text"),
        Column(name="level", type="text"),
        Column(name="region_code", type="text"),
        Column(name="region_name", type="text"),
        Column(name="status", type="text"),  # active or dissolved
        Column(name="member_count", type="int"),
        Column(name="board_size", type="int"),
        Column(name="board_term_end", type="text"),
        Column(name="established_on", type="text"),
    ),
    key=("forum_id",),
    filterable=("region_code", "level", "status"),
    sortable=("name", "member_count"),
)


class ForumDirectory:
    """Forums by level (national to village) and region; no personal data."""

    name = "forum_directory"
    version = 1
    tables: tuple[Table, ...] = (FORUMS,)
    personal_data = False
    event_types: frozenset[type[Event]] = frozenset(
        {
            fe.ForumEstablished,
            fe.ForumBoardInstalled,
            fe.ForumMemberAdmitted,
            fe.ForumMemberWithdrew,
            fe.ForumDissolved,
        }
    )

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the table for one event."""
        e = recorded.event
        if isinstance(e, fe.ForumEstablished):
            tables.put(
                FORUMS,
                {
                    "forum_id": str(e.forum_id),
                    "name": e.name,
                    "level": e.level.value,
                    "region_code": e.region.code,
                    "region_name": e.region.name,
                    "status": "active",
                    "member_count": 0,
                    "board_size": 0,
                    "established_on": e.established_on.isoformat(),
                },
            )
        elif isinstance(e, fe.ForumBoardInstalled):
            _set(tables, e.forum_id, board_size=len(e.seats), board_term_end=e.term_end.isoformat())
        elif isinstance(e, fe.ForumMemberAdmitted | fe.ForumMemberWithdrew):
            row = tables.get(FORUMS, (str(e.forum_id),))
            if row is not None:
                change = 1 if isinstance(e, fe.ForumMemberAdmitted) else -1
                _set(tables, e.forum_id, member_count=row["member_count"] + change)
        elif isinstance(e, fe.ForumDissolved):
            _set(tables, e.forum_id, status="dissolved")


def _set(tables: Tables, forum_id: object, **changes: object) -> None:
    tables.update(FORUMS, {"forum_id": str(forum_id)}, changes)
