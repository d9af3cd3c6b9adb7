"""How a Forum KIM governs itself: musyawarah, a board it elects, a chair replaced within a term.

Forums organise themselves [practice]: delegates of the member KIMs (or, above
the regency, of the member forums) meet in musyawarah and elect a board; an
office's decree may confirm the forum afterwards, as an event of its own.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.forum import ChairChangeReason, MusyawarahKind
from kimcore.vocabulary.values import BoardSeat, Decree, PartyRef

__all__ = ["ForumChairReplaced", "ForumConfirmed", "MusyawarahHeld"]


@event_type("MusyawarahHeld")
@attrs.frozen(kw_only=True)
class MusyawarahHeld(Event):
    """The forum met in musyawarah; ``delegates`` are the member parties that sent delegates."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    musyawarah_id: uuid.UUID = attrs.field(validator=v.identifier())
    kind: MusyawarahKind = attrs.field(validator=v.enum_member(MusyawarahKind))
    held_on: dt.date = attrs.field(validator=v.date())
    place: str = attrs.field(validator=v.text(300))
    delegates: tuple[PartyRef, ...] = attrs.field(
        validator=v.tuple_of(PartyRef, min_length=1, unique=True)
    )
    resolutions: tuple[str, ...] = attrs.field(default=(), validator=v.texts(500))


@event_type("ForumChairReplaced")
@attrs.frozen(kw_only=True)
class ForumChairReplaced(Event):
    """A new chair took over within the board's term; the term is unchanged.

    ``chair`` is the new chair's seat; a person who held another seat on the
    board leaves it. ``musyawarah_id`` names the musyawarah that removed the
    previous chair, where that is the reason.
    """

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    previous_chair: uuid.UUID = attrs.field(validator=v.identifier())
    chair: BoardSeat = attrs.field(validator=v.of_type(BoardSeat))
    reason: ChairChangeReason = attrs.field(validator=v.enum_member(ChairChangeReason))
    musyawarah_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    replaced_on: dt.date = attrs.field(validator=v.date())


@event_type("ForumConfirmed")
@attrs.frozen(kw_only=True)
class ForumConfirmed(Event):
    """An office's decree confirmed a forum that was established without one."""

    forum_id: uuid.UUID = attrs.field(validator=v.identifier())
    decree: Decree = attrs.field(validator=v.of_type(Decree))
