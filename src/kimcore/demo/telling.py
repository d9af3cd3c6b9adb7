"""The story told on the terminal: its log, the KIM and forum it made, the read models.

``kimcore demo --story`` (``python -m kimcore.demo --story``) records
[`run_story`][kimcore.demo.run_story] and prints these; no member's name reaches the console.
"""

from __future__ import annotations

import uuid
from typing import Any

import kimcore as k
from kimcore.domain.views import ACTIVITY_REPORT, FORUMS, GROUPS, MEMBERS, PARTNERSHIPS
from kimcore.projections import ModelStore

__all__ = ["print_read_models", "tell"]


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("role", "number", "code", "category", "kind", "topic", "legal_basis"):
            if key in value:
                return str(value[key])
        if "region" in value:
            return _brief(value["region"])
        # A person's record is shown by category above; only organisations show a name.
        return str(value.get("name", "{…}"))
    if isinstance(value, list):
        return "[" + ", ".join(_brief(item) for item in value) + "]"
    return str(value)


def _summary(data: dict[str, Any]) -> str:
    parts = (f"{key}={_brief(val)}" for key, val in data.items() if not key.endswith("_id"))
    line = ", ".join(parts)
    return line if len(line) <= 100 else line[:99] + "…"


def tell(app: k.Application, group_id: uuid.UUID, forum_id: uuid.UUID) -> None:
    """Print what the story recorded on *app*: the log, then the KIM and its forum."""
    print("Event log (position  stream@version  type  summary)")
    log = app.store.read_all(limit=10_000)
    keys = k.events.Keys.for_payloads(app.store.keys.get_many, (s.data for s in log))
    for stored in log:
        recorded = app.codec.decode(stored, keys)
        print(
            f"{stored.position:>3}  {stored.stream_id[:14]}…@{stored.stream_version:<2}"
            f" {stored.event_type:<20} {_summary(app.codec.to_data(recorded.event))}"
        )
    group = app.group(group_id)
    forum = app.forum(forum_id)
    group_ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    assert group is not None
    assert forum is not None
    officers = {
        str(post): group.members[member].category.value
        for member, posts in group.posts.items()
        for post in posts
    }
    print()
    print(
        f"{group.name}: {group.stage.value}, standing {group.standing.value},"
        f" {group.kind.value if group.kind else 'no'} channels"
    )
    print(f"  members: {len(group.members)} (bounds {group.bounds.minimum}-{group.bounds.maximum})")
    print(f"  officers: {officers}")
    print(
        f"  partnerships active: {len(group.book.active_partnerships)},"
        f" activities held: {len(group.book.activity_ids)}"
    )
    print(
        f"{forum.name} ({forum.level.value}, {forum.region.code}): {len(forum.members)} member(s)"
    )
    (formed,) = (
        e.event for e in app.history(group_ref) if isinstance(e.event, k.events.GroupFormed)
    )
    erased = sum(k.personal.is_redacted(founder.name) for founder in formed.founders)
    print(f"founders whose personal data was erased on request: {erased} of {len(formed.founders)}")


def print_read_models(models: ModelStore) -> None:
    """Show the portal's tables as the story left them (no names)."""
    print()
    print("Read models (tables in the same SQLite file)")
    for row in models.rows(GROUPS):
        print(
            f"  kim_groups: {row['name']}, {row['region_name']}, {row['stage']},"
            f" {row['member_count']} members, {row['kind']}"
        )
    members = models.rows(MEMBERS)
    print(f"  kim_members: {len(members)} current members (names stay in the file, not shown)")
    for row in models.rows(FORUMS):
        print(
            f"  kim_forums: {row['name']} ({row['level']}), {row['member_count']} member group(s)"
        )
    for row in models.rows(PARTNERSHIPS):
        print(
            f"  kim_partnerships: {row['partnership_type']} with {row['partner_name']},"
            f" {row['status']}, {row['activity_count']} activity"
        )
    for row in models.rows(ACTIVITY_REPORT):
        print(
            f"  kim_activity_report: {row['month']} {row['technique']} on {row['topic']!r}:"
            f" {row['activities']} activity, {row['attendance']} attending"
        )
