"""Commands of the information products a party publishes."""

from __future__ import annotations

import attrs

from kimcore.domain.commands.base import PartyCommand
from kimcore.vocabulary.product import PublishedProductFacts


@attrs.frozen(kw_only=True)
class PublishInformation(PublishedProductFacts, PartyCommand):
    """Record an information product the party published, alone or with a communication office."""
