"""Events of a party's partnerships: signed, and ended."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.parties import PartyRef
from kimcore.vocabulary.partners import Instrument, Partner


@event_type("PartnershipSigned")
@attrs.frozen(kw_only=True)
class PartnershipSigned(Event):
    """A partnership (kemitraan) was signed.

    ``terms`` holds the partnership type's terms as plain data, so the event
    stays readable even where the plugin that defined the type is not loaded.
    """

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    partnership_type: str = attrs.field(validator=v.text(64))
    partner: Partner = attrs.field(validator=v.of_type(Partner))
    terms: Mapping[str, Any] = attrs.field(validator=v.of_type(dict))
    instrument: Instrument | None = attrs.field(
        default=None, validator=v.optional_of_type(Instrument)
    )
    signed_on: dt.date = attrs.field(validator=v.date())


@event_type("PartnershipEnded")
@attrs.frozen(kw_only=True)
class PartnershipEnded(Event):
    """A partnership ended; it hosts no new activities."""

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: str = attrs.field(validator=v.text(500))
    ended_on: dt.date = attrs.field(validator=v.date())
