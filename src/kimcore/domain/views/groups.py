"""The group registry: every KIM with its members, standing, channels and forums."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kimcore import _json
from kimcore.domain.group_state import Standing, group_kind
from kimcore.domain.views._names_moved import names_moved, names_moved_table
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.events.personal import MemberForgotten
from kimcore.vocabulary.members import MemberDetails
from kimcore.vocabulary.parties import PartyKind
from kimcore.vocabulary.personal import REDACTED
from kimcore.vocabulary.profile import GroupProfile

__all__ = [
    "FORUM_LEVELS",
    "GROUPS",
    "GROUP_FORUMS",
    "GROUP_NAMES_MOVED",
    "MEMBERS",
    "PROFILE_COLUMNS",
    "GroupRegistry",
    "profile_row",
]

# The profile's columns of a group's row, named as its fields.
PROFILE_COLUMNS = (
    "street", "rt", "rw", "public_phone", "public_email", "website", "social_accounts",
)  # fmt: skip

# ``channels`` is a JSON list of names, sorted; ``kind``, analog, digital, hybrid or None; a
# forum id for each level a group can join (one per level); then its profile (the body's, not a
# person's: never scrubbed; None until recorded), ``social_accounts`` a JSON list of
# {platform, account}.
GROUPS = Table.of(
    "kim_groups",
    ("group_id",),
    "group_id name region_code region_name settlement stage standing member_count:int",
    "minimum:int channels kind district_forum_id regency_forum_id registration_number",
    "formed_on dissolved_on",
    *PROFILE_COLUMNS,
    filterable=("region_code", "stage", "kind", "standing"),
    sortable=("name", "member_count", "formed_on"),
    lists=("channels", "social_accounts"),
)
# ``name`` is personal (scrubbed on MemberForgotten); ``posts``, a JSON list of those held.
MEMBERS = Table.of(
    "kim_members",
    ("group_id", "member_id"),
    "group_id member_id name category joined_on posts",
    filterable=("category",),
    sortable=("joined_on",),
    lists=("posts",),
)


# ``level`` is district or regency.
GROUP_FORUMS = Table.of(
    "kim_group_forums", ("group_id", "level"), "group_id level forum_id admitted_on"
)
# The level of every forum, so a withdrawal (which names no level) finds its row.
FORUM_LEVELS = Table.of("kim_group_registry_forum_levels", ("forum_id",), "forum_id level")

# When a KIM's region (its village's code and name) was last written (`_names_moved`).
GROUP_NAMES_MOVED = names_moved_table("kim_group_registry")
# The events that write a KIM's region: its forming and a recode of its seat.
_NAMING = frozenset({ge.GroupFormed, ge.SeatRecoded})


class GroupRegistry(TypeHandlers):
    """What a KIM portal lists: groups, their members, standing, channels and forum.

    It shows members' names, so it decodes with keys and scrubs a subject's
    name when ``MemberForgotten`` arrives.
    """

    name = "group_registry"
    # 2: a forum per level (kim_group_forums), not one forum_id; 3: a KIM that ends leaves
    # its forums; 4: the profile; 5: a recoded seat moves the KIM's row to its new region;
    # 6: the mark of its region names (GROUP_NAMES_MOVED)
    version = 6
    tables: tuple[Table, ...] = (GROUPS, MEMBERS, GROUP_FORUMS, FORUM_LEVELS, GROUP_NAMES_MOVED)
    personal_data = True

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event; a KIM formed or recoded moves the names' mark."""
        super().apply(tables, recorded)
        if type(recorded.event) in _NAMING:
            names_moved(tables, GROUP_NAMES_MOVED, recorded.position)

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """A KIM's life, members, officers and profile, its forums, and forgotten members."""
        return {
            ge.GroupFormed: self._formed,
            ge.MemberJoined: self._joined,
            ge.MemberLeft: self._left,
            ge.OfficerAppointed: self._appointed,
            ge.OfficerRelieved: self._relieved,
            ge.GroupConfirmed: lambda t, e: self._set(t, e.group_id, stage="confirmed"),
            ge.GroupRegistered: lambda t, e: self._set(
                t, e.group_id, stage="registered", registration_number=e.registration_number
            ),
            ge.ChannelsChanged: lambda t, e: self._set(t, e.group_id, **_channels(e.channels)),
            ge.BoundsChanged: self._bounds,
            ge.GroupProfileChanged: lambda t, e: self._set(t, e.group_id, **profile_row(e.profile)),
            ge.GroupDissolved: self._dissolved,
            ge.GroupMerged: lambda t, e: self._leave_all(t, str(e.group_id)),
            ge.GroupSplit: self._split,
            ge.SeatRecoded: lambda t, e: self._set(
                t,
                e.group_id,
                region_code=e.seat.region.code,
                region_name=e.seat.region.name,
                settlement=e.seat.settlement.value,
            ),
            fe.ForumEstablished: lambda t, e: t.put(
                FORUM_LEVELS, {"forum_id": str(e.forum_id), "level": e.level.value}
            ),
            fe.ForumMemberAdmitted: self._admitted,
            fe.ForumMemberWithdrew: self._withdrew,
            fe.ForumDissolved: self._forum_dissolved,
            MemberForgotten: self._forgotten,
        }

    @staticmethod
    def _set(tables: Tables, group_id: Any, **changes: Any) -> None:
        tables.update(GROUPS, {"group_id": str(group_id)}, changes)

    def _formed(self, tables: Tables, e: ge.GroupFormed) -> None:
        count = len(e.founders)  # as if each founder joined in turn, in one write
        standing = Standing.BELOW_MINIMUM if count < e.bounds.minimum else Standing.GOOD
        tables.put(
            GROUPS,
            {
                "group_id": str(e.group_id),
                "name": e.name,
                "region_code": e.seat.region.code,
                "region_name": e.seat.region.name,
                "settlement": e.seat.settlement.value,
                "stage": "formed",
                "standing": standing.value if count else None,
                "member_count": count,
                "minimum": e.bounds.minimum,
                "formed_on": e.formed_on.isoformat(),
                **_channels(e.channels),
            },
        )
        for founder in e.founders:
            self._member(tables, e.group_id, founder, e.formed_on.isoformat())

    def _bounds(self, tables: Tables, e: ge.BoundsChanged) -> None:
        row = tables.get(GROUPS, (str(e.group_id),))
        if row is None:
            return
        row["minimum"] = e.bounds.minimum
        tables.put(GROUPS, row)
        self._count(tables, e.group_id, 0)

    def _joined(self, tables: Tables, e: ge.MemberJoined) -> None:
        self._add(tables, e.group_id, e.member, e.joined_on.isoformat())

    def _add(self, tables: Tables, group_id: Any, member: MemberDetails, on: str) -> None:
        self._member(tables, group_id, member, on)
        self._count(tables, group_id, +1)

    @staticmethod
    def _member(tables: Tables, group_id: Any, member: MemberDetails, on: str) -> None:
        tables.put(
            MEMBERS,
            {
                "group_id": str(group_id),
                "member_id": str(member.member_id),
                "name": member.name,
                "category": member.category.value,
                "joined_on": on,
                "posts": "[]",
            },
        )

    def _left(self, tables: Tables, e: ge.MemberLeft) -> None:
        tables.delete(MEMBERS, (str(e.group_id), str(e.member_id)))
        self._count(tables, e.group_id, -1)

    @staticmethod
    def _count(tables: Tables, group_id: Any, change: int) -> None:
        row = tables.get(GROUPS, (str(group_id),))
        if row is None:
            return
        count = row["member_count"] + change
        standing = Standing.BELOW_MINIMUM if count < row["minimum"] else Standing.GOOD
        row.update(member_count=count, standing=standing.value)
        tables.put(GROUPS, row)

    def _posts(self, tables: Tables, group_id: Any, member_id: Any, post: str, add: bool) -> None:
        row = tables.get(MEMBERS, (str(group_id), str(member_id)))
        if row is None:
            return
        posts = set(_json.loads(row["posts"]))
        posts = posts | {post} if add else posts - {post}
        tables.update(
            MEMBERS,
            {"group_id": row["group_id"], "member_id": row["member_id"]},
            {"posts": _text_list(posts)},
        )

    def _appointed(self, tables: Tables, e: ge.OfficerAppointed) -> None:
        self._posts(tables, e.group_id, e.member_id, _post(e.post), add=True)

    def _relieved(self, tables: Tables, e: ge.OfficerRelieved) -> None:
        self._posts(tables, e.group_id, e.member_id, _post(e.post), add=False)

    def _admitted(self, tables: Tables, e: fe.ForumMemberAdmitted) -> None:
        level = _level(tables, e.forum_id)
        if e.member_kind is not PartyKind.GROUP or level is None:
            return
        row = {"group_id": str(e.member_id), "level": level, "forum_id": str(e.forum_id)}
        tables.put(GROUP_FORUMS, {**row, "admitted_on": e.admitted_on.isoformat()})
        self._set(tables, e.member_id, **{f"{level}_forum_id": str(e.forum_id)})

    def _withdrew(self, tables: Tables, e: fe.ForumMemberWithdrew) -> None:
        level = _level(tables, e.forum_id)
        if e.member_kind is PartyKind.GROUP and level is not None:
            self._leave(tables, str(e.member_id), level)

    def _forum_dissolved(self, tables: Tables, e: fe.ForumDissolved) -> None:
        for row in tables.rows(GROUP_FORUMS, {"forum_id": str(e.forum_id)}):
            self._leave(tables, row["group_id"], row["level"])

    def _dissolved(self, tables: Tables, e: ge.GroupDissolved) -> None:
        self._set(tables, e.group_id, dissolved_on=e.dissolved_on.isoformat())
        self._leave_all(tables, str(e.group_id))

    def _split(self, tables: Tables, e: ge.GroupSplit) -> None:
        if not e.continues:
            self._leave_all(tables, str(e.group_id))

    def _leave_all(self, tables: Tables, group_id: str) -> None:
        """A KIM that ends leaves every forum it belonged to."""
        for row in tables.rows(GROUP_FORUMS, {"group_id": group_id}):
            self._leave(tables, group_id, row["level"])

    def _leave(self, tables: Tables, group_id: str, level: str) -> None:
        tables.delete(GROUP_FORUMS, (group_id, level))
        self._set(tables, group_id, **{f"{level}_forum_id": None})

    @staticmethod
    def _forgotten(tables: Tables, e: MemberForgotten) -> None:
        tables.update(MEMBERS, {"member_id": str(e.subject_id)}, {"name": str(REDACTED)})


def _level(tables: Tables, forum_id: Any) -> str | None:
    """The level of a forum a group can join, or None (a higher forum admits forums)."""
    row = tables.get(FORUM_LEVELS, (str(forum_id),))
    level = None if row is None else row["level"]
    return level if level in ("district", "regency") else None


def _text_list(items: Iterable[str]) -> str:
    return _json.dumps(sorted(items)).decode()


def _post(post: Any) -> str:
    return post.role.value if post.section is None else f"{post.role.value}:{post.section}"


def profile_row(profile: GroupProfile) -> dict[str, Any]:
    """A profile as the columns of its group's row: each field, the accounts as a JSON list."""
    accounts = [{"platform": a.platform, "account": a.account} for a in profile.social_accounts]
    return {
        **{name: getattr(profile, name) for name in PROFILE_COLUMNS[:-1]},
        "social_accounts": _json.dumps(accounts).decode() if accounts else None,
    }


def _channels(channels: Any) -> dict[str, Any]:
    kind = group_kind(channels)
    return {
        "channels": _text_list(c.name for c in channels),
        "kind": None if kind is None else kind.value,
    }
