"""Events of the information products a party publishes."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.product import ProductType
from kimcore.vocabulary.values import (
    CommunicationOffice,
    PartyRef,
)


@event_type("InformationPublished")
@attrs.frozen(kw_only=True)
class InformationPublished(Event):
    """The party published an information product (what KIM.id and KIM portals host).

    ``url`` for a product online, ``place`` for one posted or broadcast
    locally; ``with_office`` names the communication office it was produced
    with, if any; ``reach`` is how many it reached, where counted.
    """

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    product_id: uuid.UUID = attrs.field(validator=v.identifier())
    product_type: ProductType = attrs.field(validator=v.enum_member(ProductType))
    title: str = attrs.field(validator=v.text(300))
    topic: str = attrs.field(validator=v.text(200))
    channel: str = attrs.field(validator=v.text(64))
    url: str | None = attrs.field(default=None, validator=v.optional_text(500))
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    programme: str | None = attrs.field(default=None, validator=v.optional_text(200))
    with_office: CommunicationOffice | None = attrs.field(
        default=None, validator=v.optional_of_type(CommunicationOffice)
    )
    reach: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.int_range(0))
    )
    published_on: dt.date = attrs.field(validator=v.date())
