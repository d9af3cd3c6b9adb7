"""A KIM's life beyond its register row: activity, officers' terms, products, merges and splits.

- ``kim_group_life``: when each KIM was last active (an activity held or
  attended, a product published), how it merged, split or was re-coded; with
  ``kim_officers``, [`group_status`][kimcore.domain.views.group_status]
  says whether it is active on a date.
- ``kim_products``: every information product, of KIMs, forums and offices.
- ``kim_musyawarah``: every forum's musyawarah and how many members sent delegates.

No personal data: officers are named by member id only.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kimcore import _json
from kimcore import events as pe
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events import forum as fg
from kimcore.events import group as ge
from kimcore.events.base import Event
from kimcore.events.forum import ForumBoardInstalled
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.members import OfficerRole
from kimcore.vocabulary.parties import PartyKind

__all__ = [
    "GROUP_LIFE",
    "MUSYAWARAH",
    "OFFICERS",
    "PRODUCTS",
    "GroupLife",
    "GroupStatus",
    "group_status",
]


# ``split_into`` is a JSON list of ids; ``ended_on``, when it merged or split without
# continuing; ``previous_codes``, a JSON list of the seat's earlier codes.
GROUP_LIFE = Table.of(
    "kim_group_life",
    ("group_id",),
    "group_id last_active_on activities_held:int activities_attended:int products:int",
    "split_from split_into merged_into ended_on previous_codes",
    lists=("split_into", "previous_codes"),
)
OFFICERS = Table.of(
    "kim_officers",
    ("group_id", "member_id", "post"),
    "group_id member_id post role appointed_on decree_number term_ends_on",
)
PRODUCTS = Table.of(
    "kim_products",
    ("product_id",),
    "product_id party_kind party_id product_type title topic channel url place programme",
    "with_office reach:int published_on",
)
# ``elected_board`` is 1 once a board cites it.
MUSYAWARAH = Table.of(
    "kim_musyawarah",
    ("musyawarah_id",),
    "musyawarah_id forum_id kind held_on place delegations:int elected_board:int",
)


class GroupStatus(enum.StrEnum):
    """Active or inactive on a date, derived from activity and the chair's term [design]."""

    ACTIVE = "active"
    INACTIVE = "inactive"


add_labels({GroupStatus.ACTIVE: "Aktif", GroupStatus.INACTIVE: "Tidak aktif"})


def group_status(
    life: Mapping[str, Any],
    officers: Sequence[Mapping[str, Any]],
    on: dt.date,
    *,
    within_days: int = 365,
) -> tuple[GroupStatus, str]:
    """Whether a KIM is active *on* a date, and why, from its ``kim_group_life`` row and officers.

    Active: not ended, active (an activity held or attended, a product
    published) within *within_days* before *on*, and its chair's term, where
    one is recorded, not lapsed. The window is a judgement of ours, not the
    regulation's: an office reports with its own.
    """
    if life.get("ended_on"):
        return GroupStatus.INACTIVE, f"ended on {life['ended_on']}"
    last = life.get("last_active_on")
    if last is None or (on - dt.date.fromisoformat(last)).days > within_days:
        return GroupStatus.INACTIVE, f"no activity in the {within_days} days before {on}"
    for row in officers:
        ends = row.get("term_ends_on")
        if row["role"] == OfficerRole.CHAIR.value and ends and dt.date.fromisoformat(ends) < on:
            return GroupStatus.INACTIVE, f"the chair's term lapsed on {ends}"
    return GroupStatus.ACTIVE, f"active on {last}"


class GroupLife(TypeHandlers):
    """A KIM's life beyond its register row: activity, officers' terms, merges and splits."""

    name = "group_life"
    version = 1
    tables: tuple[Table, ...] = (GROUP_LIFE, OFFICERS, PRODUCTS, MUSYAWARAH)
    personal_data = False

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """A KIM's founding, officers, activity and products, its ends, and musyawarah."""
        return {
            ge.GroupFormed: lambda t, e: t.put(GROUP_LIFE, _life(e)),
            ge.OfficerAppointed: _appointed,
            ge.OfficerRelieved: lambda t, e: t.delete(
                OFFICERS, (str(e.group_id), str(e.member_id), str(e.post))
            ),
            pe.ActivityHeld: self._active,
            pe.ActivityAttended: self._active,
            pe.InformationPublished: self._active,
            ge.GroupMerged: _lifecycle,
            ge.GroupSplit: _lifecycle,
            ge.SeatRecoded: _lifecycle,
            fg.MusyawarahHeld: _musyawarah,
            fg.ForumChairReplaced: _elected,
            ForumBoardInstalled: _elected,
        }

    @staticmethod
    def _active(
        tables: Tables, e: pe.ActivityHeld | pe.ActivityAttended | pe.InformationPublished
    ) -> None:
        if isinstance(e, pe.InformationPublished):
            tables.put(PRODUCTS, _product(e))
        if e.party.kind is not PartyKind.GROUP:
            return
        row = tables.get(GROUP_LIFE, (str(e.party.id),))
        if row is None:
            return
        on = e.published_on if isinstance(e, pe.InformationPublished) else e.held_on
        column = {
            pe.ActivityHeld: "activities_held",
            pe.ActivityAttended: "activities_attended",
            pe.InformationPublished: "products",
        }[type(e)]
        row[column] += 1
        if row["last_active_on"] is None or on.isoformat() > row["last_active_on"]:
            row["last_active_on"] = on.isoformat()
        tables.put(GROUP_LIFE, row)


def _appointed(tables: Tables, e: ge.OfficerAppointed) -> None:
    term = e.term
    tables.put(
        OFFICERS,
        {
            "group_id": str(e.group_id),
            "member_id": str(e.member_id),
            "post": str(e.post),
            "role": e.post.role.value,
            "appointed_on": e.appointed_on.isoformat(),
            "decree_number": term.decree.number if term and term.decree else None,
            "term_ends_on": _iso(term.ends_on if term else None),
        },
    )


def _musyawarah(tables: Tables, e: fg.MusyawarahHeld) -> None:
    tables.put(
        MUSYAWARAH,
        {
            "musyawarah_id": str(e.musyawarah_id),
            "forum_id": str(e.forum_id),
            "kind": e.kind.value,
            "held_on": e.held_on.isoformat(),
            "place": e.place,
            "delegations": len(e.delegates),
            "elected_board": 0,
        },
    )


def _elected(tables: Tables, e: fg.ForumChairReplaced | ForumBoardInstalled) -> None:
    if e.musyawarah_id:
        tables.update(MUSYAWARAH, {"musyawarah_id": str(e.musyawarah_id)}, {"elected_board": 1})


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _life(e: ge.GroupFormed) -> dict[str, Any]:
    return {
        "group_id": str(e.group_id),
        "last_active_on": None,
        "activities_held": 0,
        "activities_attended": 0,
        "products": 0,
        "split_from": None if e.split_from is None else str(e.split_from),
        "split_into": "[]",
        "merged_into": None,
        "ended_on": None,
        "previous_codes": "[]",
    }


def _lifecycle(tables: Tables, e: ge.GroupMerged | ge.GroupSplit | ge.SeatRecoded) -> None:
    row = tables.get(GROUP_LIFE, (str(e.group_id),))
    if row is None:
        return
    if isinstance(e, ge.GroupMerged):
        row.update(merged_into=str(e.into), ended_on=e.merged_on.isoformat())
    elif isinstance(e, ge.GroupSplit):
        into = [*_json.loads(row["split_into"]), *(str(i) for i in e.into)]
        row["split_into"] = _json.dumps(into).decode()
        if not e.continues:
            row["ended_on"] = e.split_on.isoformat()
    else:
        codes = [*_json.loads(row["previous_codes"]), e.previous_code]
        row["previous_codes"] = _json.dumps(codes).decode()
    tables.put(GROUP_LIFE, row)


def _product(e: pe.InformationPublished) -> dict[str, Any]:
    return {
        "product_id": str(e.product_id),
        "party_kind": e.party.kind.value,
        "party_id": str(e.party.id),
        "product_type": e.product_type.value,
        "title": e.title,
        "topic": e.topic,
        "channel": e.channel,
        "url": e.url,
        "place": e.place,
        "programme": e.programme,
        "with_office": None if e.with_office is None else e.with_office.name,
        "reach": e.reach,
        "published_on": e.published_on.isoformat(),
    }
