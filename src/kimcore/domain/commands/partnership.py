"""Commands of a party's partnerships: signing one of a registered type, and ending it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

from kimcore.domain.commands.base import PartyCommand
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.partners import Instrument, Partner


@attrs.frozen(kw_only=True)
class SignPartnership(PartyCommand):
    """Sign a partnership of a registered type; ``terms`` is an instance of its terms class."""

    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    partnership_type: str = attrs.field(validator=v.text(64))
    partner: Partner = attrs.field(validator=v.of_type(Partner))
    terms: Any = attrs.field()
    instrument: Instrument | None = attrs.field(
        default=None, validator=v.optional_of_type(Instrument)
    )
    signed_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class EndPartnership(PartyCommand):
    """End a partnership."""

    partnership_id: uuid.UUID = attrs.field(validator=v.identifier())
    reason: str = attrs.field(validator=v.text(500))
    ended_on: dt.date = attrs.field(validator=v.date())
