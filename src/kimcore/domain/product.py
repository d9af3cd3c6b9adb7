"""The information products a party publishes, alone or with a communication office."""

from __future__ import annotations

import datetime as dt

from kimcore.domain.commands import (
    PublishInformation,
)
from kimcore.domain.errors import (
    AlreadyExists,
    ProductDetailsMissing,
)
from kimcore.domain.party import PartyBook, check_not_before, recorded
from kimcore.domain.policy import Policy
from kimcore.domain.regions import check_region
from kimcore.events.product import InformationPublished
from kimcore.vocabulary.channels import ChannelKind

__all__ = [
    "decide_publish",
]


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
    return recorded(InformationPublished, command)
