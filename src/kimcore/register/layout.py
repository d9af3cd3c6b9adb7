"""The column layout of a KIM register, and each cell read as the value it names.

One table holds the whole register; its ``record`` column says what a row
records: a ``forum``, a ``kim``, a ``member`` of a KIM, or a ``forum_member``
(a KIM's membership of a forum). A heading is a column's name or its
Indonesian heading; an enumeration's cell is any word an office writes for
it (:mod:`kimcore.vocabulary.words`: its value, English words, Indonesian
label, synonyms and abbreviations), in any case and spacing. ``docs/import.md`` lists every column.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from kimcore.domain.identity import KIMCORE_NAMESPACE, group_id_for_register
from kimcore.events.group import LeaveReason
from kimcore.register._columns import COLUMNS, RECORDS, Column
from kimcore.register._status import KimStatus
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.channels import AdindaFunction, Delivery
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.government import Authority
from kimcore.vocabulary.members import Gender, MemberCategory, OfficerRole
from kimcore.vocabulary.places import Area, Settlement
from kimcore.vocabulary.words import normalise, parse
from kimcore.vocabulary.words import words_markdown as _words_markdown

__all__ = [
    "CHOICES",
    "COLUMNS",
    "RECORDS",
    "Cells",
    "Column",
    "KimStatus",
    "activity_id_of",
    "canonical_headings",
    "columns_markdown",
    "group_id_of",
    "member_id_of",
    "register_number_of",
    "words_markdown",
]

# A clerk types "Jenis Baris" or "No. Register KIM" for jenis_baris and no_register_kim:
# headings compare as cell words do, case, spaces, underscores and punctuation aside.
_BY_HEADING = {
    normalise(spelling): c.name for c in COLUMNS for spelling in (c.name, c.heading_id, *c.also)
}


def canonical_headings(headings: Iterable[str]) -> list[str]:
    """The column names *headings* spell (names or Indonesian headings, any case and spacing)."""
    names, unknown = [], []
    for heading in headings:
        name = _BY_HEADING.get(normalise(heading))
        if name is None and heading.strip():
            unknown.append(heading)
        names.append(name or "")
    if unknown:
        raise InvalidValue(
            "file",
            f"unknown column(s) {', '.join(map(repr, unknown))}; see docs/import.md",
            unknown=tuple(unknown),
        )
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise InvalidValue(
            "file", f"column(s) {', '.join(twice)} given twice; see docs/import.md", twice=twice
        )
    if "record" not in names:
        raise InvalidValue(
            "file", "has no 'record' (jenis_baris) column; see docs/import.md", no_record=True
        )
    return names


# An id as kimcore writes one (an exported list's kim_ref and member_ref): the id itself.
_AN_ID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def group_id_of(kim_ref: str) -> uuid.UUID:
    """The group id a register number stands for: the same on every import.

    A number written as an id (``1afa8820-86f6-…``, as an exported list writes it) is that id.
    """
    if _AN_ID.fullmatch(kim_ref):
        return uuid.UUID(kim_ref)
    return group_id_for_register(kim_ref)


def register_number_of(kim_ref: str) -> str | None:
    """The office's register number *kim_ref* is, or ``None`` when it is an id kimcore wrote."""
    return None if _AN_ID.fullmatch(kim_ref) else kim_ref


def activity_id_of(kim_ref: str, activity_ref: str) -> uuid.UUID:
    """The activity id of the register's activity *activity_ref* of KIM *kim_ref* (or its id)."""
    if _AN_ID.fullmatch(activity_ref):
        return uuid.UUID(activity_ref)
    return uuid.uuid5(KIMCORE_NAMESPACE, f"register:kim:{kim_ref}:activity:{activity_ref}")


def member_id_of(kim_ref: str, member_ref: str) -> uuid.UUID:
    """The member id of the register's person *member_ref* of KIM *kim_ref* (or the id it is)."""
    if _AN_ID.fullmatch(member_ref):
        return uuid.UUID(member_ref)
    return uuid.uuid5(KIMCORE_NAMESPACE, f"register:kim:{kim_ref}:member:{member_ref}")


E = TypeVar("E", bound=enum.Enum)
# A count as typed here: 1200, or its thousands grouped by a point (1.200) or a comma.
_COUNT = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _read_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = _DAY_FIRST.fullmatch(value)
    if match:
        day, month, year = map(int, match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    return None


@attrs.frozen
class Cells:
    """One row's cells by column name, read as values; each failure names its column."""

    record: str
    cells: Mapping[str, str]
    # The import's day: a date after it is refused (``Rules.refuse_future_dates``); None: any day.
    today: dt.date | None = None
    # The import's day, always: the day a KIM recorded before takes the profile its row gives.
    day: dt.date | None = None

    def text(self, name: str) -> str | None:
        """The cell, or ``None`` when empty; an empty required cell is refused."""
        value = self.cells.get(name, "").strip()
        if value:
            return value
        column = next(c for c in COLUMNS if c.name == name)
        if self.record in column.required:
            raise InvalidValue(name, f"is required in a {self.record} row", required=True)
        return None

    def required(self, name: str) -> str:
        """A cell that must hold something in this row."""
        value = self.text(name)
        if value is None:
            raise InvalidValue(name, f"is required in a {self.record} row")
        return value

    def date(self, name: str, *, to_come: bool = False) -> dt.date | None:
        """A date: ``YYYY-MM-DD``, or day first (``31/12/2024``, ``31-12-2024``) as written here.

        *to_come*: a day that may lie ahead (a term's end), never refused as after today.
        """
        value = self.text(name)
        if value is None:
            return None
        day = _read_date(value)
        if day is None:
            raise InvalidValue(
                name, f"must be a date (YYYY-MM-DD or DD/MM/YYYY), got {value!r}", date=value
            )
        if self.today is not None and day > self.today and not to_come:
            raise InvalidValue(
                name,
                f"{day.isoformat()} is after today ({self.today.isoformat()})",
                future=day,
                today=self.today,
            )
        return day

    def choice(self, name: str, type_: type[E]) -> E | None:
        """An enumeration's member, by any word an office writes for it (``vocabulary.words``)."""
        value = self.text(name)
        if value is None:
            return None
        return parse(type_, value, name)

    def choices(self, name: str, type_: type[E]) -> frozenset[E]:
        """Members of an enumeration, separated by commas or semicolons (empty: none)."""
        value = self.text(name) or ""
        words = [w.strip() for w in re.split(r"[;,\n]", value) if w.strip()]
        return frozenset(parse(type_, word, name) for word in words)

    def count(self, name: str) -> int | None:
        """A whole number of zero or more (``12``, ``1.200`` as written here)."""
        value = self.text(name)
        if value is None:
            return None
        if not _COUNT.fullmatch(value):
            raise InvalidValue(name, f"must be a whole number, got {value!r}")
        return int(re.sub(r"[.,]", "", value))


# The enumerations a register's cells name, in the order docs/import.md shows their words.
CHOICES: tuple[type[enum.Enum], ...] = (
    Settlement,
    Area,
    Authority,
    MemberCategory,
    Gender,
    OfficerRole,
    ForumLevel,
    Delivery,
    AdindaFunction,
    KimStatus,
    LeaveReason,
)


def _also(column: Column) -> str:
    if not column.also:
        return ""
    return " (also headed " + ", ".join(f"`{a}`" for a in column.also) + ")"


def columns_markdown() -> str:
    """The table of columns ``docs/import.md`` shows (a test keeps the page and this alike)."""
    lines = [
        "| column | Indonesian heading | rows | required in | meaning |",
        "|---|---|---|---|---|",
    ]
    lines.extend(
        f"| `{c.name}` | `{c.heading_id}` | {', '.join(c.records)} |"
        f" {', '.join(c.required) or '—'} | {c.meaning}{_also(c)} |"
        for c in COLUMNS
    )
    return "\n".join(lines) + "\n"


def words_markdown() -> str:
    """The words each enumeration's cell accepts, as ``docs/import.md`` shows them."""
    return _words_markdown(CHOICES)
