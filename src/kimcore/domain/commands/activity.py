"""Commands of a party's activities: one it held, and one someone else organised it took part in."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.domain.commands.base import PartyCommand
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.activity import HeldActivityFacts
from kimcore.vocabulary.values import (
    Delivery,
    PartyRef,
)


@attrs.frozen(kw_only=True)
class HoldActivity(HeldActivityFacts, PartyCommand):
    """Record an activity the party held, optionally under one of its partnerships.

    The party may be a group, a forum or a government office (the provincial
    communication office's webinar on forming Forum KIM); ``participants``
    are the KIMs and forums that took part in it.
    """


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
