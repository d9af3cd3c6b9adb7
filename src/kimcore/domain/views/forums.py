"""The forum directory: every Forum KIM by level and region, its member count and board.

- ``kim_forums``: one row a forum, with its current members' count and its running
  board's term and decree (SK kepengurusan).
- ``kim_forum_directory_members``: who is counted; a KIM that ends leaves every forum's count.
- ``kim_forum_board``: the officers of each forum's running term (persons by id only), the
  term and its decree; a new term's board replaces the last's.
"""

from __future__ import annotations

from kimcore.domain.views._names_moved import names_moved, names_moved_table
from kimcore.domain.views.tables import Column, Table, Tables
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["FORUMS", "FORUM_BOARD", "FORUM_MEMBERS", "FORUM_NAMES_MOVED", "ForumDirectory"]

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
        Column(name="board_term_start", type="text"),
        Column(name="board_term_end", type="text"),
        Column(name="board_decree_number", type="text"),  # the term's SK kepengurusan
        Column(name="board_decree_on", type="text"),
        Column(name="established_on", type="text"),
    ),
    key=("forum_id",),
    filterable=("region_code", "level", "status"),
    sortable=("name", "member_count"),
)

# Who is in which forum, so that a KIM that ends leaves every forum's count.
FORUM_MEMBERS = Table(
    name="kim_forum_directory_members",
    columns=(Column(name="forum_id", type="text"), Column(name="member_id", type="text")),
    key=("forum_id", "member_id"),
    filterable=("member_id",),
)

# The officers of each forum's running term, with the term and its decree; persons by id only.
FORUM_BOARD = Table(
    name="kim_forum_board",
    columns=(
        Column(name="forum_id", type="text"),
        Column(name="person_id", type="text"),
        Column(name="role", type="text"),
        Column(name="division", type="text"),
        Column(name="term_start", type="text"),
        Column(name="term_end", type="text"),
        Column(name="decree_number", type="text"),
    ),
    key=("forum_id", "person_id"),
    filterable=("role",),
)

# When a forum's region name was last written (`_names_moved`): only a forum established.
FORUM_NAMES_MOVED = names_moved_table("kim_forum_directory")


class ForumDirectory:
    """Forums by level (national to village) and region; no personal data."""

    name = "forum_directory"
    # 2: a KIM that ends leaves its forums' member counts; the board's term start and decree;
    # 3: the mark of its region names (FORUM_NAMES_MOVED)
    version = 3
    tables: tuple[Table, ...] = (FORUMS, FORUM_MEMBERS, FORUM_BOARD, FORUM_NAMES_MOVED)
    personal_data = False
    event_types: frozenset[type[Event]] = frozenset(
        {
            fe.ForumEstablished,
            fe.ForumBoardInstalled,
            fe.ForumMemberAdmitted,
            fe.ForumMemberWithdrew,
            fe.ForumDissolved,
            fe.ForumChairReplaced,
            ge.GroupDissolved,
            ge.GroupMerged,
            ge.GroupSplit,
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
            names_moved(tables, FORUM_NAMES_MOVED, recorded.position)
        elif isinstance(e, fe.ForumBoardInstalled):
            # A new term's board and decree replace the last's.
            _set(
                tables,
                e.forum_id,
                board_size=len(e.seats),
                board_term_start=e.term_start.isoformat(),
                board_term_end=e.term_end.isoformat(),
                board_decree_number=e.decree.number if e.decree else None,
                board_decree_on=e.decree.issued_on.isoformat() if e.decree else None,
            )
            _board(tables, e)
        elif isinstance(e, fe.ForumChairReplaced):
            _chair(tables, e)
        elif isinstance(e, fe.ForumMemberAdmitted):
            tables.put(FORUM_MEMBERS, {"forum_id": str(e.forum_id), "member_id": str(e.member_id)})
            _change(tables, str(e.forum_id), 1)
        elif isinstance(e, fe.ForumMemberWithdrew):
            _drop(tables, str(e.forum_id), str(e.member_id))
        elif isinstance(e, fe.ForumDissolved):
            for row in tables.rows(FORUM_MEMBERS, {"forum_id": str(e.forum_id)}):
                tables.delete(FORUM_MEMBERS, (row["forum_id"], row["member_id"]))
            for row in tables.rows(FORUM_BOARD, {"forum_id": str(e.forum_id)}):
                tables.delete(FORUM_BOARD, (row["forum_id"], row["person_id"]))
            _set(tables, e.forum_id, status="dissolved", member_count=0)
        elif isinstance(e, ge.GroupDissolved | ge.GroupMerged) or (
            isinstance(e, ge.GroupSplit) and not e.continues
        ):
            _leave_all(tables, str(e.group_id))


def _board(tables: Tables, e: fe.ForumBoardInstalled) -> None:
    """The new term's officers replace the last term's."""
    forum_id = str(e.forum_id)
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
