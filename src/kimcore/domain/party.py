"""What groups and forums share: their partnerships and the activities they hold.

A partnership is decided on its party's stream, because every rule about it
reads that party's recorded history (its standing, its registration, the
activities it held, its other partnerships); deciding it there makes each rule
hold against one consistent version of that history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

import attrs

from kimcore.domain.commands import EndPartnership, HoldActivity, SignPartnership
from kimcore.domain.errors import (
    ActivityFunctionRequired,
    AlreadyExists,
    DateBeforePrevious,
    DeliveryDetailsMissing,
    DuplicateActivePartnership,
    GovernmentBodyRefused,
    InstrumentRequired,
    InvalidValue,
    PartnershipEnded,
    PoliticalActivityRefused,
    UnknownPartnership,
)
from kimcore.domain.partnership_types import PartyHistory, normalise_topic
from kimcore.domain.policy import Policy
from kimcore.events.party import ActivityHeld, PartnershipSigned
from kimcore.events.party import PartnershipEnded as PartnershipEndedEvent
from kimcore.vocabulary.values import Delivery, Partner, PartyKind, PartyRef

__all__ = [
    "PartnershipRecord",
    "PartyBook",
    "apply_to_book",
    "check_not_before",
    "decide_end_partnership",
    "decide_hold_activity",
    "decide_sign_partnership",
]


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

    @property
    def active_partnerships(self) -> tuple[PartnershipRecord, ...]:
        """Partnerships not ended."""
        return tuple(p for p in self.partnerships.values() if p.active)


def check_not_before(when: dt.date, earliest: dt.date, what: str, since: str) -> None:
    """Refuse a fact dated before the fact it follows."""
    if when < earliest:
        raise DateBeforePrevious(f"{what} on {when} is before {since} on {earliest}")


def decide_sign_partnership(
    command: SignPartnership,
    book: PartyBook,
    history: PartyHistory,
    policy: Policy,
    earliest: dt.date,
) -> PartnershipSigned:
    """Check the rules every party shares, then the partnership type's own."""
    check_not_before(command.signed_on, earliest, "signing", "the party's founding")
    if command.partnership_id in book.partnerships:
        raise AlreadyExists(f"partnership {command.partnership_id} was signed already")
    kind = policy.catalogue.partnership_type(command.partnership_type)
    terms = kind.dump_terms(command.terms)
    kind.check_partner(command.partner)
    if command.instrument is None and policy.rules.partnership_needs_instrument:
        raise InstrumentRequired(
            "this deployment records a partnership only with its signed instrument"
            " (policy: partnership_needs_instrument)"
        )
    kind.check(command.terms, attrs.evolve(history, as_of=command.signed_on, rules=policy.rules))
    for record in book.active_partnerships:
        if record.partnership_type == kind.name and record.partner.key == command.partner.key:
            raise DuplicateActivePartnership(
                f"a {kind.name} partnership with {command.partner.name!r} is already active"
                f" ({record.partnership_id}, signed {record.signed_on})"
            )
    return PartnershipSigned(
        party=command.party,
        partnership_id=command.partnership_id,
        partnership_type=kind.name,
        partner=command.partner,
        terms=terms,
        instrument=command.instrument,
        signed_on=command.signed_on,
    )


def _partnership(book: PartyBook, partnership_id: uuid.UUID, party: PartyRef) -> PartnershipRecord:
    record = book.partnerships.get(partnership_id)
    if record is None:
        raise UnknownPartnership(
            f"the {party.kind.value} {party.id} signed no partnership {partnership_id}"
        )
    return record


def decide_end_partnership(command: EndPartnership, book: PartyBook) -> PartnershipEndedEvent:
    """End an active partnership."""
    record = _partnership(book, command.partnership_id, command.party)
    if not record.active:
        raise PartnershipEnded(f"partnership {record.partnership_id} ended on {record.ended_on}")
    check_not_before(command.ended_on, record.signed_on, "ending", "its signing")
    return PartnershipEndedEvent(
        party=command.party,
        partnership_id=command.partnership_id,
        reason=command.reason,
        ended_on=command.ended_on,
    )


def decide_hold_activity(
    command: HoldActivity, book: PartyBook, policy: Policy, earliest: dt.date
) -> ActivityHeld:
    """Check an activity against the catalogue, the delivery rules, its partnership and policy."""
    check_not_before(command.held_on, earliest, "the activity", "the party's founding")
    if command.party in command.participants:
        raise InvalidValue("participants", "the organiser does not take part in its own activity")
    if any(p.kind is PartyKind.GOVERNMENT_BODY for p in command.participants):
        raise GovernmentBodyRefused("participants are KIMs or forums; offices organise or partner")
    if not command.functions and policy.rules.activity_needs_function:
        raise ActivityFunctionRequired(
            "an activity names at least one ADINDA function (policy: activity_needs_function)"
        )
    policy.catalogue.technique(command.technique)
    if command.activity_id in book.activity_ids:
        raise AlreadyExists(f"activity {command.activity_id} was recorded already")
    needs_place = command.delivery in (Delivery.IN_PERSON, Delivery.HYBRID)
    needs_link = command.delivery in (Delivery.ONLINE, Delivery.HYBRID)
    if needs_place and command.place is None:
        raise DeliveryDetailsMissing(f"an activity held {command.delivery.value} needs a place")
    if needs_link and command.link is None:
        raise DeliveryDetailsMissing(f"an activity held {command.delivery.value} needs a link")
    if command.partnership_id is not None:
        record = _partnership(book, command.partnership_id, command.party)
        if not record.active:
            raise PartnershipEnded(
                f"partnership {record.partnership_id} ended on {record.ended_on};"
                " it hosts no new activities"
            )
        check_not_before(command.held_on, record.signed_on, "the activity", "its partnership")
    if policy.refuse_political_campaigning:
        banned = sorted(command.tags & policy.political_tags)
        if banned:
            raise PoliticalActivityRefused(
                f"this deployment refuses activities tagged {', '.join(banned)}"
            )
    return ActivityHeld(
        party=command.party,
        activity_id=command.activity_id,
        technique=command.technique,
        functions=command.functions,
        delivery=command.delivery,
        topic=command.topic,
        held_on=command.held_on,
        place=command.place,
        link=command.link,
        attendance=command.attendance,
        partnership_id=command.partnership_id,
        tags=command.tags,
        participants=command.participants,
    )


def apply_to_book(
    book: PartyBook, event: PartnershipSigned | PartnershipEndedEvent | ActivityHeld
) -> PartyBook:
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
    return attrs.evolve(
        book,
        activity_ids=book.activity_ids | {event.activity_id},
        activity_topics=book.activity_topics | {normalise_topic(event.topic)},
        activities=(*book.activities, (normalise_topic(event.topic), event.held_on)),
    )
