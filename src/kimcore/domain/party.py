"""What every party's stream keeps of what parties share: its book of partnerships and activities.

A group, a forum and an office each fold the same events into a
[`PartyBook`][kimcore.domain.party.PartyBook]; the decisions that read it are filed by subject
(``partnership``, ``activity``, ``product``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from kimcore import _deprecated
from kimcore.domain.errors import (
    DateBeforePrevious,
    UnknownPartnership,
)
from kimcore.domain.identity import AggregateRef
from kimcore.domain.partnership_types import normalise_topic
from kimcore.events.activity import ActivityAttended, ActivityHeld
from kimcore.events.base import Event
from kimcore.events.partnership import PartnershipEnded as PartnershipEndedEvent
from kimcore.events.partnership import PartnershipSigned
from kimcore.events.product import InformationPublished
from kimcore.vocabulary.parties import PartyRef
from kimcore.vocabulary.partners import Partner

__all__ = [
    "BOOK_EVENTS",
    "Lookup",
    "PartnershipRecord",
    "PartyBook",
    "apply_to_book",
    "check_not_before",
    "partnership_of",
    "recorded",
]


_E = TypeVar("_E", bound=Event)


@attrs.frozen(kw_only=True)
class PartnershipRecord:
    """A partnership as its party's state knows it."""

    partnership_id: uuid.UUID
    partnership_type: str
    partner: Partner
    signed_on: dt.date
    ended_on: dt.date | None = None

    @property
    def active(self) -> bool:
        """Not ended yet."""
        return self.ended_on is None


@attrs.frozen(kw_only=True)
class PartyBook:
    """A party's partnerships and the activities it held."""

    partnerships: Mapping[uuid.UUID, PartnershipRecord] = attrs.field(factory=dict)
    activity_ids: frozenset[uuid.UUID] = frozenset()
    activity_topics: frozenset[str] = frozenset()
    activities: tuple[tuple[str, dt.date], ...] = ()  # (normalised topic, date held), in order
    held: Mapping[uuid.UUID, ActivityHeld] = attrs.field(factory=dict)
    attended: frozenset[uuid.UUID] = frozenset()
    products: frozenset[uuid.UUID] = frozenset()
    last_active_on: dt.date | None = None  # the latest activity held or attended, or product

    def active_since(self, when: dt.date) -> dt.date:
        """The later of *when* and the last day the party was active."""
        return when if self.last_active_on is None else max(when, self.last_active_on)

    @property
    def active_partnerships(self) -> tuple[PartnershipRecord, ...]:
        """Partnerships not ended."""
        return tuple(p for p in self.partnerships.values() if p.active)


def partnership_of(
    book: PartyBook, partnership_id: uuid.UUID, party: PartyRef
) -> PartnershipRecord:
    """The partnership *party* signed with this id, or `UnknownPartnership`."""
    record = book.partnerships.get(partnership_id)
    if record is None:
        raise UnknownPartnership(
            f"the {party.kind.value} {party.id} signed no partnership {partnership_id}"
        )
    return record


def recorded(event: type[_E], command: object, **fields: Any) -> _E:
    """The *event* that records *command*: its fields of the same names, and *fields*."""
    copied = _init_fields(event)
    return event(**{n: getattr(command, n) for n in copied if n not in fields}, **fields)


_INIT_FIELDS: dict[type, tuple[str, ...]] = {}


def _init_fields(event: type) -> tuple[str, ...]:
    names = _INIT_FIELDS.get(event)
    if names is None:
        names = _INIT_FIELDS[event] = tuple(f.name for f in attrs.fields(event) if f.init)
    return names


def check_not_before(when: dt.date, earliest: dt.date, what: str, since: str) -> None:
    """Refuse a fact dated before the fact it follows."""
    if when < earliest:
        raise DateBeforePrevious(
            f"{what} on {when} is before {since} on {earliest}", when=when, earliest=earliest
        )


Lookup = Callable[[AggregateRef], Any]
"""Reads another aggregate's state as it stands (``None`` where there is none)."""


BOOK_EVENTS = (
    PartnershipSigned,
    PartnershipEndedEvent,
    ActivityHeld,
    ActivityAttended,
    InformationPublished,
)
"""The events every party's book folds."""


BookEvent = (
    PartnershipSigned
    | PartnershipEndedEvent
    | ActivityHeld
    | ActivityAttended
    | InformationPublished
)


def apply_to_book(book: PartyBook, event: BookEvent) -> PartyBook:
    """Fold one of the shared events into the book."""
    if isinstance(event, PartnershipSigned):
        record = PartnershipRecord(
            partnership_id=event.partnership_id,
            partnership_type=event.partnership_type,
            partner=event.partner,
            signed_on=event.signed_on,
        )
        return attrs.evolve(book, partnerships={**book.partnerships, record.partnership_id: record})
    if isinstance(event, PartnershipEndedEvent):
        ended = attrs.evolve(book.partnerships[event.partnership_id], ended_on=event.ended_on)
        return attrs.evolve(book, partnerships={**book.partnerships, ended.partnership_id: ended})
    if isinstance(event, ActivityAttended):
        # An activity attended is experience on its topic as much as one held.
        return attrs.evolve(
            book,
            attended=book.attended | {event.activity_id},
            activity_topics=book.activity_topics | {normalise_topic(event.topic)},
            activities=(*book.activities, (normalise_topic(event.topic), event.held_on)),
            last_active_on=book.active_since(event.held_on),
        )
    if isinstance(event, InformationPublished):
        return attrs.evolve(
            book,
            products=book.products | {event.product_id},
            last_active_on=book.active_since(event.published_on),
        )
    return attrs.evolve(
        book,
        activity_ids=book.activity_ids | {event.activity_id},
        activity_topics=book.activity_topics | {normalise_topic(event.topic)},
        activities=(*book.activities, (normalise_topic(event.topic), event.held_on)),
        held={**book.held, event.activity_id: event},
        last_active_on=book.active_since(event.held_on),
    )


# The decisions moved to their subjects' modules (partnership, activity, product) in #24.
__getattr__ = _deprecated.old_names(__name__)
