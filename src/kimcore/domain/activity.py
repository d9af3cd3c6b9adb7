"""A party's activities: one it held (optionally under a partnership), one it attended."""

from __future__ import annotations

import datetime as dt

from kimcore.domain.catalogue import TechniqueFamily
from kimcore.domain.commands import (
    HoldActivity,
    TakePartInActivity,
)
from kimcore.domain.errors import (
    ActivityFunctionRequired,
    AdvocacyKindRequired,
    AlreadyExists,
    AttendedActivityMismatch,
    DeliveryDetailsMissing,
    GovernmentBodyRefused,
    InvalidValue,
    PartnershipAlreadyEnded,
    PoliticalActivityRefused,
)
from kimcore.domain.identity import AggregateRef
from kimcore.domain.partnership_types import topic_words
from kimcore.domain.party import Lookup, PartyBook, check_not_before, partnership_of, recorded
from kimcore.domain.policy import Policy
from kimcore.events.activity import ActivityAttended, ActivityHeld
from kimcore.vocabulary.channels import Delivery
from kimcore.vocabulary.parties import PartyKind

__all__ = [
    "decide_hold_activity",
    "decide_take_part",
    "organised_activity",
]


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
        record = partnership_of(book, command.partnership_id, command.party)
        if not record.active:
            raise PartnershipAlreadyEnded(
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
    return recorded(ActivityHeld, command)


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
        theirs = (organised.technique, organised.delivery, organised.held_on)
        # By its words: case, spacing, punctuation and stop words aside.
        if given != theirs or topic_words(command.topic) != topic_words(organised.topic):
            raise AttendedActivityMismatch(
                f"the organiser recorded {organised.technique!r} on {organised.topic!r},"
                f" {organised.delivery.value}, on {organised.held_on}; given {command.technique!r}"
                f" on {command.topic!r}, {command.delivery.value}, on {command.held_on}"
            )
    return recorded(ActivityAttended, command)
