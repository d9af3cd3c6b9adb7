"""What groups and forums share: their partnerships and the activities they hold.

A partnership is decided on its party's stream, because every rule about it
reads that party's recorded history (its standing, its registration, the
activities it held, its other partnerships); deciding it there makes each rule
hold against one consistent version of that history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kimcore.domain.catalogue import TechniqueFamily
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
from kimcore.domain.identity import AggregateRef
from kimcore.domain.partnership_types import PartyHistory, normalise_topic, topic_words
from kimcore.domain.policy import Policy
from kimcore.domain.practice_commands import PublishInformation, TakePartInActivity
from kimcore.domain.practice_errors import (
    AdvocacyKindRequired,
    AttendedActivityMismatch,
    ProductDetailsMissing,
)
from kimcore.domain.regions import check_region
from kimcore.events.party import (
    ActivityAttended,
    ActivityHeld,
    InformationPublished,
    PartnershipSigned,
)
from kimcore.events.party import PartnershipEnded as PartnershipEndedEvent
from kimcore.vocabulary.values import ChannelKind, Delivery, Partner, PartyKind, PartyRef

__all__ = [
    "BOOK_EVENTS",
    "Lookup",
    "PartnershipRecord",
    "PartyBook",
    "apply_to_book",
    "check_not_before",
    "decide_end_partnership",
    "decide_hold_activity",
    "decide_publish",
    "decide_sign_partnership",
    "decide_take_part",
    "organised_activity",
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


def check_not_before(when: dt.date, earliest: dt.date, what: str, since: str) -> None:
    """Refuse a fact dated before the fact it follows."""
    if when < earliest:
        raise DateBeforePrevious(
            f"{what} on {when} is before {since} on {earliest}", when=when, earliest=earliest
        )


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
    for record in (
        book.active_partnerships if policy.rules.one_partnership_per_type_and_partner else ()
    ):
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
    technique = policy.catalogue.technique(command.technique)
    advocacy = technique.family is TechniqueFamily.ADVOCACY
    if (not advocacy and command.advocacy is not None) or (
        advocacy and command.advocacy is None and policy.rules.advocacy_needs_kind
    ):
        raise AdvocacyKindRequired(
            f"an advocacy activity names litigation or paralegal help, and no other does:"
            f" {command.technique!r} with advocacy {command.advocacy}"
        )
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
        advocacy=command.advocacy,
    )


Lookup = Callable[[AggregateRef], Any]
"""Reads another aggregate's state as it stands (``None`` where there is none)."""


def organised_activity(command: TakePartInActivity, lookup: Lookup) -> ActivityHeld | None:
    """The attended activity as its organiser recorded it, where the organiser's stream did."""
    ref = AggregateRef(kind=command.organiser.kind.value, id=command.organiser.id)
    organiser = lookup(ref)
    book = getattr(organiser, "book", None)
    return book.held.get(command.activity_id) if isinstance(book, PartyBook) else None


def decide_take_part(
    command: TakePartInActivity,
    book: PartyBook,
    policy: Policy,
    earliest: dt.date,
    organised: ActivityHeld | None,
) -> ActivityAttended:
    """Record taking part in another's activity, agreeing with its record where there is one."""
    check_not_before(command.held_on, earliest, "the activity", "the party's founding")
    if command.organiser == command.party:
        raise AttendedActivityMismatch("a party's own activity is recorded by HoldActivity")
    policy.catalogue.technique(command.technique)
    if command.activity_id in book.attended or command.activity_id in book.activity_ids:
        raise AlreadyExists(f"activity {command.activity_id} was recorded already")
    if organised is not None:
        given = (command.technique, command.delivery, command.held_on)
        recorded = (organised.technique, organised.delivery, organised.held_on)
        # By its words: case, spacing, punctuation and stop words aside.
        if given != recorded or topic_words(command.topic) != topic_words(organised.topic):
            raise AttendedActivityMismatch(
                f"the organiser recorded {organised.technique!r} on {organised.topic!r},"
                f" {organised.delivery.value}, on {organised.held_on}; given {command.technique!r}"
                f" on {command.topic!r}, {command.delivery.value}, on {command.held_on}"
            )
    return ActivityAttended(
        party=command.party,
        activity_id=command.activity_id,
        organiser=command.organiser,
        organiser_name=command.organiser_name,
        technique=command.technique,
        topic=command.topic,
        delivery=command.delivery,
        held_on=command.held_on,
        attendees=command.attendees,
    )


def decide_publish(
    command: PublishInformation, book: PartyBook, policy: Policy, earliest: dt.date
) -> InformationPublished:
    """Record an information product on a channel the catalogue knows, with where to find it."""
    check_not_before(command.published_on, earliest, "publishing", "the party's founding")
    channel = policy.catalogue.channel(command.channel, "channel")
    if channel.kind is ChannelKind.DIGITAL and command.url is None:
        raise ProductDetailsMissing(f"a product on {channel.name!r} (digital) needs its URL")
    if channel.kind is ChannelKind.ANALOG and command.place is None:
        raise ProductDetailsMissing(f"a product on {channel.name!r} (analog) needs its place")
    if command.with_office is not None:
        check_region(command.with_office.region, "with_office.region", policy.catalogue.regions)
    if command.product_id in book.products:
        raise AlreadyExists(f"product {command.product_id} was recorded already")
    return InformationPublished(
        party=command.party,
        product_id=command.product_id,
        product_type=command.product_type,
        title=command.title,
        topic=command.topic,
        channel=command.channel,
        url=command.url,
        place=command.place,
        programme=command.programme,
        with_office=command.with_office,
        reach=command.reach,
        published_on=command.published_on,
    )


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
