"""The office's list of KIMs ("Daftar KIM"), written in the register's own layout.

```python
headings, rows = kimcore.register.register_table(app, lang="id")
kimcore.register.export_register(app, Path("daftar-kim.xlsx"))
```

The export is the import's template filled from the store: the same columns in
the same order, a ``forum`` row for each forum, then each KIM's ``kim`` row (with
its end: dissolved or merged, and the day), a ``member`` row for each of its
members (those who left with the day and reason; one more for each further post
a member held, with its term's end and the day it was relieved), a
``forum_member`` row for each forum it is in and an ``activity`` row for each
activity it held. It reads as it was written: importing it into an empty store
gives the same register read models, and importing it into the store it came
from records nothing.

A KIM is written under its register number (``kim_ref``), or its id when it
was recorded without one; a member and an activity under their ids. What the
layout has no column for is not in it: a KIM's membership bounds, a KIM ended
by a split, a dissolved forum, a forum's boards, an officer's appointing decree,
an activity's partnership, participants, tags and advocacy kind, and a member's
further backgrounds (``also``). Members' names and contacts are personal data:
a forgotten member's name reads ``[redacted]`` and their contact is left empty.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import attrs

from kimcore.application.service import Application
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.activity import ActivityHeld
from kimcore.events.base import Event
from kimcore.register.layout import COLUMNS, KimStatus
from kimcore.register.rows import PROFILE_CELLS
from kimcore.spreadsheets import write_csv_rows, write_xlsx
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.channels import Channel
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.government import CommunicationOffice, Decree
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.members import MemberDetails, Post
from kimcore.vocabulary.parties import PartyKind
from kimcore.vocabulary.personal import is_redacted
from kimcore.vocabulary.places import Region, RegionLevel, Seat
from kimcore.vocabulary.profile import GroupProfile

__all__ = ["export_register", "register_rows", "register_table"]

Lang = Literal["en", "id"]
Row = dict[str, str]


@attrs.define
class _Member:
    details: MemberDetails
    joined_on: dt.date
    left: tuple[dt.date, ge.LeaveReason] | None = None


@attrs.define
class _Stint:
    """A post held once, from its appointment to its relief (``None``: held, or left with)."""

    member_id: uuid.UUID
    post: Post
    appointed_on: dt.date
    term_ends_on: dt.date | None
    relieved_on: dt.date | None = None
    ended: bool = False


@attrs.define
class _Kim:
    """What a KIM's rows say, folded from its events."""

    group_id: uuid.UUID
    name: str
    seat: Seat
    channels: tuple[Channel, ...]
    formed_on: dt.date
    members: dict[uuid.UUID, _Member]
    register_number: str | None = None
    stints: list[_Stint] = attrs.Factory(list)
    decree: Decree | None = None
    office: CommunicationOffice | None = None
    registration: tuple[str, dt.date] | None = None
    profile: GroupProfile | None = None
    forums: dict[ForumLevel, tuple[uuid.UUID, dt.date]] = attrs.Factory(dict)
    activities: list[ActivityHeld] = attrs.Factory(list)
    # How it ended: dissolved (with the reason) or merged (into that KIM), and the day.
    ended: tuple[KimStatus, dt.date, str | None, uuid.UUID | None] | None = None
    split: bool = False

    @property
    def ref(self) -> str:
        """Its ``kim_ref``: the office's register number, or its id."""
        return self.register_number or str(self.group_id)


@attrs.define
class _Forum:
    established: fe.ForumEstablished
    decree: Decree | None
    dissolved: bool = False


class _Fold:
    """The KIMs and forums as the log leaves them."""

    def __init__(self) -> None:
        self.kims: dict[uuid.UUID, _Kim] = {}
        self.forums: dict[uuid.UUID, _Forum] = {}

    def apply(self, event: Event) -> None:
        if isinstance(event, ge.GroupFormed):
            self.kims[event.group_id] = _Kim(
                group_id=event.group_id,
                name=event.name,
                seat=event.seat,
                channels=event.channels,
                formed_on=event.formed_on,
                members={m.member_id: _Member(m, event.formed_on) for m in event.founders},
                register_number=event.register_number,
            )
        elif isinstance(event, fe.ForumEstablished):
            self.forums[event.forum_id] = _Forum(event, event.decree)
        elif isinstance(event, fe.ForumConfirmed):
            self.forums[event.forum_id].decree = event.decree
        elif isinstance(event, fe.ForumDissolved):
            self.forums[event.forum_id].dissolved = True
            for kim in self.kims.values():
                kim.forums = {k: v for k, v in kim.forums.items() if v[0] != event.forum_id}
        elif isinstance(event, fe.ForumMemberAdmitted | fe.ForumMemberWithdrew):
            self._membership(event)
        elif isinstance(event, ActivityHeld):
            held_by = self.kims.get(event.party.id)
            if held_by is not None and event.party.kind is PartyKind.GROUP:
                held_by.activities.append(event)
        else:
            group_id = getattr(event, "group_id", None)
            target = self.kims.get(group_id) if isinstance(group_id, uuid.UUID) else None
            if target is not None:
                _apply_to_kim(target, event)

    def _membership(self, event: fe.ForumMemberAdmitted | fe.ForumMemberWithdrew) -> None:
        forum = self.forums.get(event.forum_id)
        kim = self.kims.get(event.member_id)
        if forum is None or kim is None or event.member_kind is not PartyKind.GROUP:
            return
        level = forum.established.level
        if isinstance(event, fe.ForumMemberAdmitted):
            kim.forums[level] = (event.forum_id, event.admitted_on)
        else:
            kim.forums.pop(level, None)


def _open_stint(kim: _Kim, member_id: uuid.UUID, post: Post) -> _Stint | None:
    return next(
        (
            s
            for s in reversed(kim.stints)
            if s.member_id == member_id and s.post == post and not s.ended
        ),
        None,
    )


def _apply_to_kim(kim: _Kim, event: Event) -> None:
    if isinstance(event, ge.MemberJoined):
        kim.members[event.member.member_id] = _Member(event.member, event.joined_on)
    elif isinstance(event, ge.MemberLeft):
        member = kim.members.get(event.member_id)
        if member is not None:
            member.left = (event.left_on, event.reason)
    elif isinstance(event, ge.OfficerAppointed):
        ends_on = event.term.ends_on if event.term is not None else None
        kim.stints.append(_Stint(event.member_id, event.post, event.appointed_on, ends_on))
    elif isinstance(event, ge.OfficerRelieved):
        stint = _open_stint(kim, event.member_id, event.post)
        if stint is not None:
            stint.ended = True
            # A post a member's leaving ended is said by the leaving day.
            if event.reason is not ge.ReliefReason.LEFT_GROUP:
                stint.relieved_on = event.relieved_on
    elif isinstance(event, ge.GroupConfirmed):
        kim.decree = event.decree
    elif isinstance(event, ge.GroupRegistered):
        kim.office = event.office
        kim.registration = (event.registration_number, event.registered_on)
    elif isinstance(event, ge.ChannelsChanged):
        kim.channels = event.channels
    elif isinstance(event, ge.GroupProfileChanged):
        kim.profile = event.profile
    elif isinstance(event, ge.SeatRecoded):
        kim.seat = event.seat
    elif isinstance(event, ge.GroupDissolved):
        kim.ended = (KimStatus.DISSOLVED, event.dissolved_on, event.reason, None)
    elif isinstance(event, ge.GroupMerged):
        kim.ended = (KimStatus.MERGED, event.merged_on, None, event.into)
    elif isinstance(event, ge.GroupSplit):
        kim.split = kim.split or not event.continues


class _Cells:
    """Values as cells: an enumeration's value, or its Indonesian word; a day, ISO or day first."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def word(self, member: enum.Enum | None) -> str:
        if member is None:
            return ""
        return label(member) if self.lang == "id" else str(member.value)

    def day(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return day.strftime("%d/%m/%Y") if self.lang == "id" else day.isoformat()

    def decree(self, decree: Decree | None) -> Row:
        if decree is None:
            return {}
        return {
            "decree_number": decree.number,
            "decree_date": self.day(decree.issued_on),
            "decree_authority": self.word(decree.authority),
        }


def _region_name(region: Region | None, level: RegionLevel) -> str:
    return region.name if region is not None and region.level is level else ""


def _profile(profile: GroupProfile | None) -> Row:
    if profile is None:
        return {}
    row = {name: getattr(profile, name) or "" for name in PROFILE_CELLS[:-1]}
    accounts = "; ".join(f"{a.platform}: {a.account}" for a in profile.social_accounts)
    return {**row, "social_accounts": accounts}


def _kim_rows(kim: _Kim, cells: _Cells, refs: Mapping[uuid.UUID, str]) -> Iterator[Row]:
    ref = kim.ref
    decree_region = kim.decree.region if kim.decree is not None else None
    regency = kim.office.region.name if kim.office is not None else ""
    status: Row = {}
    if kim.ended is not None:
        kind, on, reason, into = kim.ended
        status = {
            "status": cells.word(kind),
            "status_on": cells.day(on),
            "status_reason": reason or "",
            "merged_into": "" if into is None else refs.get(into, str(into)),
        }
    yield {
        "record": "kim",
        "kim_ref": ref,
        "name": kim.name,
        "region_code": kim.seat.region.code,
        "region_name": kim.seat.region.name,
        "district_name": _region_name(decree_region, RegionLevel.DISTRICT),
        "settlement": cells.word(kim.seat.settlement),
        "area": cells.word(kim.seat.area),
        "formed_on": cells.day(kim.formed_on),
        **cells.decree(kim.decree),
        **status,
        "channels": "; ".join(ch.name for ch in kim.channels),
        "registration_number": kim.registration[0] if kim.registration else "",
        "registered_on": cells.day(kim.registration[1] if kim.registration else None),
        "regency_name": regency or _region_name(decree_region, RegionLevel.REGENCY),
        "office_name": kim.office.name if kim.office is not None else "",
        **_profile(kim.profile),
    }
    for member_id, member in kim.members.items():
        details = member.details
        person = {
            "record": "member",
            "kim_ref": ref,
            "member_ref": str(member_id),
            "name": str(details.name),
            "category": cells.word(details.category),
            "gender": cells.word(details.gender),
            "contact": "" if is_redacted(details.contact) else details.contact or "",
            "joined_on": cells.day(member.joined_on),
            "left_on": cells.day(member.left[0] if member.left else None),
            "leave_reason": cells.word(member.left[1] if member.left else None),
        }
        stints = sorted(
            (s for s in kim.stints if s.member_id == member_id),
            key=lambda s: (s.appointed_on, s.post.role.value, s.post.section or ""),
        )
        if not stints:
            yield person
        for stint in stints:
            yield {
                **person,
                "post": cells.word(stint.post.role),
                "section": stint.post.section or "",
                "appointed_on": cells.day(stint.appointed_on),
                "term_ends_on": cells.day(stint.term_ends_on),
                "relieved_on": cells.day(stint.relieved_on),
            }
    for level, (_forum_id, admitted_on) in kim.forums.items():
        yield {
            "record": "forum_member",
            "kim_ref": ref,
            "forum_level": cells.word(level),
            "admitted_on": cells.day(admitted_on),
        }
    for held in kim.activities:
        yield {
            "record": "activity",
            "kim_ref": ref,
            "activity_ref": str(held.activity_id),
            "technique": held.technique,
            "topic": held.topic,
            "held_on": cells.day(held.held_on),
            "functions": "; ".join(cells.word(f) for f in sorted(held.functions)),
            "delivery": cells.word(held.delivery),
            "place": held.place or "",
            "link": held.link or "",
            "attendance": str(held.attendance),
        }


def _forum_row(forum: _Forum, cells: _Cells) -> Row:
    e = forum.established
    region = forum.decree.region if forum.decree is not None else None
    return {
        "record": "forum",
        "name": e.name,
        "region_code": e.region.code,
        "region_name": e.region.name,
        "district_name": _region_name(region, RegionLevel.DISTRICT),
        "formed_on": cells.day(e.established_on),
        **cells.decree(forum.decree),
        "forum_level": cells.word(e.level),
    }


def register_rows(app: Application, lang: Lang = "en") -> list[Mapping[str, str]]:
    """Every row of the list, by column name: forums, then each KIM with its members and forums.

    Read with the members' personal data (names and contacts), so *app* needs their keys.
    """
    fold = _Fold()
    for recorded in app.read_all_decoded():
        fold.apply(recorded.event)
    cells = _Cells(lang)
    rows: list[Mapping[str, str]] = [
        _forum_row(f, cells) for f in fold.forums.values() if not f.dissolved
    ]
    refs = {kim.group_id: kim.ref for kim in fold.kims.values()}
    for kim in fold.kims.values():
        if not kim.split:
            rows.extend(_kim_rows(kim, cells, refs))
    return rows


def register_table(app: Application, lang: Lang = "en") -> tuple[list[str], list[list[str]]]:
    """The list's headings (as the import's template has them) and its rows, cell by cell.

    ``lang="id"``: the Indonesian headings, enumerations in their Indonesian words and days
    written day first, as an office writes them; both read back alike.
    """
    headings = [c.heading_id if lang == "id" else c.name for c in COLUMNS]
    rows = [[row.get(c.name, "") for c in COLUMNS] for row in register_rows(app, lang)]
    return headings, rows


def export_register(app: Application, path: Path, lang: Lang = "en") -> int:
    """Write the list to *path* (``.csv`` in UTF-8, or ``.xlsx``); how many rows it holds."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidValue(
            "file", f"the list is written to a .csv or .xlsx file, got {path.name!r}"
        )
    headings, rows = register_table(app, lang)
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            write_csv_rows(f, headings, rows)
    else:
        write_xlsx(path, "Daftar KIM", headings, rows)
    return len(rows)
