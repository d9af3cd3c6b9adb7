"""A forum's current members: those admitted, not withdrawn, and not ended since.

[design] A KIM that ends (dissolved, merged into another, or split without
continuing) leaves every forum it belonged to on the day it ended. The forum's
stream does not record it: the group's own stream does (``GroupDissolved``,
``GroupMerged``, ``GroupSplit``), so the forum's deciders read the member's
state through ``context.load`` and the read models drop the member on the
group's event. A forum's ``members`` are what its own stream says (admitted,
not withdrawn); `current_members` is the membership every decision and view
uses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from kimcore.domain.errors import ForumMemberEnded
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.vocabulary.parties import PartyKind, PartyRef

__all__ = ["check_current", "current_members", "ended_on"]


def ended_on(ref: PartyRef, load: Callable[[AggregateRef], Any]) -> dt.date | None:
    """The day the member KIM *ref* ended (dissolved, merged, split and gone), or ``None``.

    A forum member (a lower forum) is not followed here: a forum dissolved and
    established anew keeps its id, so only a KIM's end is final.
    """
    if ref.kind is not PartyKind.GROUP:
        return None
    state = load(AggregateRef(kind=ref.kind.value, id=ref.id))
    if not isinstance(state, GroupState):
        return None
    return state.dissolved_on or state.ended_on


def current_members(
    members: Mapping[uuid.UUID, PartyKind], load: Callable[[AggregateRef], Any]
) -> dict[uuid.UUID, PartyKind]:
    """*members* without the KIMs that ended since they were admitted."""
    return {
        member_id: kind
        for member_id, kind in members.items()
        if ended_on(PartyRef(kind=kind, id=member_id), load) is None
    }


def check_current(ref: PartyRef, load: Callable[[AggregateRef], Any], what: str) -> None:
    """Refuse *what* about a member KIM that ended: it left the forum then."""
    ended = ended_on(ref, load)
    if ended is not None:
        raise ForumMemberEnded(
            f"{ref.kind.value} {ref.id} ended on {ended} and left the forum then: {what}"
        )
