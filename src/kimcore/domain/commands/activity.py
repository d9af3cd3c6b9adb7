"""Commands of a party's activities: one it held, and one someone else organised it took part in."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands.base import PartyCommand
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.activity import AdvocacyKind
from kimcore.vocabulary.values import (
    AdindaFunction,
    Delivery,
    PartyRef,
)


@attrs.frozen(kw_only=True)
class HoldActivity(PartyCommand):
    """Record an activity the party held, optionally under one of its partnerships.

    The party may be a group, a forum or a government office (the provincial
    communication office's webinar on forming Forum KIM); ``participants``
    are the KIMs and forums that took part in it.
    """

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    technique: str = attrs.field(validator=v.text(64))
    functions: frozenset[AdindaFunction] = attrs.field(validator=v.frozenset_of(AdindaFunction))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    topic: str = attrs.field(validator=v.text(200))
    held_on: dt.date = attrs.field(validator=v.date())
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    link: str | None = attrs.field(default=None, validator=v.optional_text(500))
    attendance: int = attrs.field(validator=v.int_range(0))
    partnership_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), validator=v.frozenset_of(str))
    # The KIMs and forums that took part in an activity the party organised.
    participants: tuple[PartyRef, ...] = attrs.field(
        default=(), validator=v.tuple_of(PartyRef, unique=True)
    )
    # Litigation or paralegal help: required of an advocacy activity, refused of others.
    advocacy: AdvocacyKind | None = attrs.field(
        default=None, validator=v.optional_of_type(AdvocacyKind)
    )


@attrs.frozen(kw_only=True)
class TakePartInActivity(PartyCommand):
    """Record that the party took part in an activity someone else organised.

    Where the organiser's stream recorded the activity (``activity_id``), its
    technique, topic, delivery and date must agree with it.
    """

    activity_id: uuid.UUID = attrs.field(validator=v.identifier())
    organiser: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    organiser_name: str = attrs.field(validator=v.text(200))
    technique: str = attrs.field(validator=v.text(64))
    topic: str = attrs.field(validator=v.text(200))
    delivery: Delivery = attrs.field(validator=v.enum_member(Delivery))
    held_on: dt.date = attrs.field(validator=v.date())
    attendees: int = attrs.field(default=1, validator=v.int_range(0))
