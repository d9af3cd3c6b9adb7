"""The forum directory: every Forum KIM by level and region, its member count and board.

- ``kim_forums``: one row a forum, with its current members' count and its running
  board's term and decree (SK kepengurusan).
- ``kim_forum_directory_members``: who is counted; a KIM that ends leaves every forum's count.
- ``kim_forum_board``: the officers of each forum's running term (persons by id only), the
  term and its decree; a new term's board replaces the last's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kimcore.domain.views._names_moved import names_moved, names_moved_table
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["FORUMS", "FORUM_BOARD", "FORUM_MEMBERS", "FORUM_NAMES_MOVED", "ForumDirectory"]

# ``status`` is active or dissolved; ``board_decree_number``, the term's SK kepengurusan.
FORUMS = Table.of(
    "kim_forums",
    ("forum_id",),
    "forum_id name level region_code region_name status member_count:int board_size:int",
    "board_term_start board_term_end board_decree_number board_decree_on established_on",
    filterable=("region_code", "level", "status"),
    sortable=("name", "member_count"),
)

# Who is in which forum, so that a KIM that ends leaves every forum's count.
FORUM_MEMBERS = Table.of(
    "kim_forum_directory_members",
    ("forum_id", "member_id"),
    "forum_id member_id",
    filterable=("member_id",),
)

# The officers of each forum's running term, with the term and its decree; persons by id only.
FORUM_BOARD = Table.of(
    "kim_forum_board",
    ("forum_id", "person_id"),
    "forum_id person_id role division term_start term_end decree_number",
    filterable=("role",),
)

# When a forum's region name was last written (`_names_moved`): only a forum established.
FORUM_NAMES_MOVED = names_moved_table("kim_forum_directory")


class ForumDirectory(TypeHandlers):
    """Forums by level (national to village) and region; no personal data."""

    name = "forum_directory"
    # 2: a KIM that ends leaves its forums' member counts; the board's term start and decree;
    # 3: the mark of its region names (FORUM_NAMES_MOVED)
    version = 3
    tables: tuple[Table, ...] = (FORUMS, FORUM_MEMBERS, FORUM_BOARD, FORUM_NAMES_MOVED)
    personal_data = False

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event; a forum established moves the names' mark."""
        super().apply(tables, recorded)
        if type(recorded.event) is fe.ForumEstablished:
            names_moved(tables, FORUM_NAMES_MOVED, recorded.position)

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """A forum's life, its board and members, and the KIMs that end."""
        return {
            fe.ForumEstablished: _established,
            fe.ForumBoardInstalled: _board,
            fe.ForumMemberAdmitted: _admitted,
            fe.ForumMemberWithdrew: lambda t, e: _drop(t, str(e.forum_id), str(e.member_id)),
            fe.ForumDissolved: _dissolved,
            fe.ForumChairReplaced: _chair,
            ge.GroupDissolved: lambda t, e: _leave_all(t, str(e.group_id)),
            ge.GroupMerged: lambda t, e: _leave_all(t, str(e.group_id)),
            ge.GroupSplit: lambda t, e: None if e.continues else _leave_all(t, str(e.group_id)),
        }


def _established(tables: Tables, e: fe.ForumEstablished) -> None:
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


def _admitted(tables: Tables, e: fe.ForumMemberAdmitted) -> None:
    tables.put(FORUM_MEMBERS, {"forum_id": str(e.forum_id), "member_id": str(e.member_id)})
    _change(tables, str(e.forum_id), 1)


def _dissolved(tables: Tables, e: fe.ForumDissolved) -> None:
    for row in tables.rows(FORUM_MEMBERS, {"forum_id": str(e.forum_id)}):
        tables.delete(FORUM_MEMBERS, (row["forum_id"], row["member_id"]))
    for row in tables.rows(FORUM_BOARD, {"forum_id": str(e.forum_id)}):
        tables.delete(FORUM_BOARD, (row["forum_id"], row["person_id"]))
    _set(tables, e.forum_id, status="dissolved", member_count=0)


def _board(tables: Tables, e: fe.ForumBoardInstalled) -> None:
    """The new term's board, officers and decree replace the last term's."""
    forum_id = str(e.forum_id)
    _set(
        tables,
        forum_id,
        board_size=len(e.seats),
        board_term_start=e.term_start.isoformat(),
        board_term_end=e.term_end.isoformat(),
        board_decree_number=e.decree.number if e.decree else None,
        board_decree_on=e.decree.issued_on.isoformat() if e.decree else None,
    )
    for row in tables.rows(FORUM_BOARD, {"forum_id": forum_id}):
        tables.delete(FORUM_BOARD, (forum_id, row["person_id"]))
    for seat in e.seats:
        tables.put(
            FORUM_BOARD,
            {
                "forum_id": forum_id,
                "person_id": str(seat.person_id),
                "role": seat.role.value,
                "division": seat.division,
                "term_start": e.term_start.isoformat(),
                "term_end": e.term_end.isoformat(),
                "decree_number": e.decree.number if e.decree else None,
            },
        )


def _chair(tables: Tables, e: fe.ForumChairReplaced) -> None:
    """The new chair serves the rest of the running term, under its decree."""
    forum_id = str(e.forum_id)
    previous = tables.get(FORUM_BOARD, (forum_id, str(e.previous_chair)))
    if previous is None:
        return
    tables.delete(FORUM_BOARD, (forum_id, str(e.previous_chair)))
    tables.put(
        FORUM_BOARD,
        {
            **previous,
            "person_id": str(e.chair.person_id),
            "role": e.chair.role.value,
            "division": e.chair.division,
        },
    )


def _leave_all(tables: Tables, member_id: str) -> None:
    """A KIM that ends leaves every forum it belonged to."""
    for row in tables.rows(FORUM_MEMBERS, {"member_id": member_id}):
        _drop(tables, row["forum_id"], member_id)


def _drop(tables: Tables, forum_id: str, member_id: str) -> None:
    if tables.get(FORUM_MEMBERS, (forum_id, member_id)) is not None:
        tables.delete(FORUM_MEMBERS, (forum_id, member_id))
        _change(tables, forum_id, -1)


def _change(tables: Tables, forum_id: str, by: int) -> None:
    row = tables.get(FORUMS, (forum_id,))
    if row is not None:
        _set(tables, forum_id, member_count=row["member_count"] + by)


def _set(tables: Tables, forum_id: object, **changes: object) -> None:
    tables.update(FORUMS, {"forum_id": str(forum_id)}, changes)
