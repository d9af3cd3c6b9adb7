"""Events of the information products a party publishes."""

from __future__ import annotations

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary.product import PublishedProductFacts


@event_type("InformationPublished")
@attrs.frozen(kw_only=True)
class InformationPublished(PublishedProductFacts, Event):
    """The party published an information product (what KIM.id and KIM portals host).

    ``url`` for a product online, ``place`` for one posted or broadcast
    locally; ``with_office`` names the communication office it was produced
    with, if any; ``reach`` is how many it reached, where counted.
    """
