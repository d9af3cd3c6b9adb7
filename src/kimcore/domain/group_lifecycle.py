"""How a KIM's stream ends or changes seat: merging into another, splitting, re-coding its village.

A group merges into another active group and then accepts no commands; it splits into new
groups, each formed naming the split; its seat is re-coded to a successor of its Kemendagri code.
"""

from __future__ import annotations

import uuid

from kimcore.domain import commands as c
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import MergeRefused, RecodeRefused, SplitNotRecorded
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.domain.party import Lookup, check_not_before, recorded
from kimcore.domain.regions import check_seat
from kimcore.events.base import Event
from kimcore.events.group import GroupMerged, GroupSplit, SeatRecoded
from kimcore.vocabulary.parties import PartyKind

__all__ = ["check_split_origin", "merge", "recode", "split"]


def check_split_origin(command: c.FormGroup, origin_id: uuid.UUID, lookup: Lookup) -> None:
    """A group formed from a split is named by that split, and formed on or after it."""
    origin = lookup(AggregateRef(kind=PartyKind.GROUP.value, id=origin_id))
    if not isinstance(origin, GroupState) or command.group_id not in origin.split_into:
        raise SplitNotRecorded(
            f"group {origin_id} recorded no split into {command.group_id}; record SplitGroup"
            " on it first"
        )
    assert origin.split_on is not None  # a group that split into others has its date
    check_not_before(command.formed_on, origin.split_on, "forming", "the split")


def split(state: GroupState, command: c.SplitGroup, _context: DecisionContext) -> list[Event]:
    """The group splits into new groups, never into itself or groups it split into before."""
    check_not_before(command.split_on, state.formed_on, "the split", "the group's forming")
    if state.group_id in command.into or set(command.into) & set(state.split_into):
        raise SplitNotRecorded(
            f"a group splits into new groups, not into itself or groups it split into before:"
            f" {[str(i) for i in command.into]}"
        )
    return [recorded(GroupSplit, command)]


def recode(state: GroupState, command: c.RecodeSeat, context: DecisionContext) -> list[Event]:
    """The seat re-coded to a successor its region catalogue names (else within its district)."""
    check_not_before(command.recoded_on, state.formed_on, "re-coding", "the group's forming")
    old, new = state.seat.region.code, command.seat.region.code
    regions = context.policy.catalogue.regions
    successors = regions.successors(old)
    if new == old:
        raise RecodeRefused(f"the seat is coded {old!r} already")
    if successors and new not in successors:
        raise RecodeRefused(f"{old!r} was re-coded to {', '.join(successors)}, not to {new!r}")
    if not successors and new[:8] != old[:8]:
        raise RecodeRefused(
            f"with no re-coding of {old!r} in a region catalogue, a seat is re-coded within its"
            f" district only, not to {new!r}"
        )
    check_seat(command.seat, catalogue=regions)
    return [recorded(SeatRecoded, command, previous_code=old)]


def merge(state: GroupState, command: c.MergeGroup, context: DecisionContext) -> list[Event]:
    """The group merges into another active group, never into itself."""
    check_not_before(command.merged_on, state.formed_on, "the merger", "the group's forming")
    if command.into == state.group_id:
        raise MergeRefused("a group does not merge into itself")
    other = context.load(AggregateRef(kind=PartyKind.GROUP.value, id=command.into))
    if not isinstance(other, GroupState) or other.closed:
        raise MergeRefused(f"group {command.into} is not an active group to merge into")
    check_not_before(command.merged_on, other.formed_on, "the merger", "the other's forming")
    return [recorded(GroupMerged, command)]
