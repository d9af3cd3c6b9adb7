"""Commands of a party's activities: one it held, and one someone else organised it took part in."""

from __future__ import annotations

import attrs

from kimcore.domain.commands.base import PartyCommand
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.activity import AttendedActivityFacts, HeldActivityFacts


@attrs.frozen(kw_only=True)
class HoldActivity(HeldActivityFacts, PartyCommand):
    """Record an activity the party held, optionally under one of its partnerships.

    The party may be a group, a forum or a government office (the provincial
    communication office's webinar on forming Forum KIM); ``participants``
    are the KIMs and forums that took part in it.
    """


@attrs.frozen(kw_only=True)
class TakePartInActivity(AttendedActivityFacts, PartyCommand):
    """Record that the party took part in an activity someone else organised.

    Where the organiser's stream recorded the activity (``activity_id``), its
    technique, topic, delivery and date must agree with it.
    """

    attendees: int = attrs.field(default=1, validator=v.int_range(0))
