"""Events in the longer life of a KIM: merging into another, splitting, a region re-coded.

Each keeps both histories: the group that merges or splits keeps its own
stream, and the groups it becomes name it (``GroupFormed.split_from``) or are
named by it (``GroupMerged.into``).
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.values import Seat

__all__ = ["GroupMerged", "GroupSplit", "SeatRecoded"]


@event_type("GroupMerged")
@attrs.frozen(kw_only=True)
class GroupMerged(Event):
    """The group merged into another; it accepts no further commands.

    Its members are not moved: each joins the other group by a ``MemberJoined``
    of their own, so their data stays under their own key.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    into: uuid.UUID = attrs.field(validator=v.identifier())
    merged_on: dt.date = attrs.field(validator=v.date())


@event_type("GroupSplit")
@attrs.frozen(kw_only=True)
class GroupSplit(Event):
    """The group split into new groups (formed with ``split_from`` naming it).

    With ``continues`` the group goes on beside them; without, it ends here.
    """

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    into: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    continues: bool = attrs.field(validator=v.of_type(bool))
    split_on: dt.date = attrs.field(validator=v.date())


@event_type("SeatRecoded")
@attrs.frozen(kw_only=True)
class SeatRecoded(Event):
    """The group's village was re-coded (a region split or renamed); the group did not move."""

    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    previous_code: str = attrs.field(validator=v.text(13))
    seat: Seat = attrs.field(validator=v.of_type(Seat))
    recoded_on: dt.date = attrs.field(validator=v.date())
