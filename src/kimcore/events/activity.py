"""Events of a party's activities: one it held, and one it attended that another organised."""

from __future__ import annotations

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.activity import AttendedActivityFacts, HeldActivityFacts


@event_type("ActivityHeld", version=3)
@attrs.frozen(kw_only=True)
class ActivityHeld(HeldActivityFacts, Event):
    """An activity was held.

    Version 2 replaced v1's single ``function`` by the set ``functions`` (an
    activity often serves several steps of the ADINDA cycle) and made
    ``delivery`` explicit. Version 3 records an advocacy activity's kind
    (litigation or paralegal help) in ``advocacy``. Older payloads are upcast
    on read.
    """


@event_type("ActivityAttended")
@attrs.frozen(kw_only=True)
class ActivityAttended(AttendedActivityFacts, Event):
    """The party took part in an activity someone else organised (a forum, another KIM, an office).

    ``organiser`` is that party; ``activity_id`` is the activity as the
    organiser recorded it, where it did (an organiser outside kimcore has
    none of its own, and the id is the party's).
    """

    attendees: int = attrs.field(validator=v.int_range(0))
