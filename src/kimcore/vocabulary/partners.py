"""Partners of a partnership and the signed instrument it rests on."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["Instrument", "InstrumentKind", "Partner", "Sector"]


class Sector(enum.StrEnum):
    """A partner's sector."""

    GOVERNMENT = "government"
    PRIVATE = "private"
    ACADEMIC = "academic"
    MEDIA = "media"
    DEVELOPMENT_PARTNER = "development_partner"
    COMMUNITY = "community"


@attrs.frozen(kw_only=True)
class Partner:
    """The other party of a partnership; a communication office is a government partner."""

    name: str = attrs.field(validator=v.text(200))
    sector: Sector = attrs.field(validator=v.enum_member(Sector))
    communication_office: bool = attrs.field(default=False, validator=v.of_type(bool))

    def __attrs_post_init__(self) -> None:
        if self.communication_office and self.sector is not Sector.GOVERNMENT:
            raise InvalidValue("partner.sector", "a communication office is a government partner")

    @property
    def key(self) -> tuple[str, Sector]:
        """Identity of the partner for the once-while-active rule (case and space blind)."""
        return (" ".join(self.name.split()).casefold(), self.sector)


class InstrumentKind(enum.StrEnum):
    """The document a partnership rests on."""

    MOU = "mou"  # nota kesepahaman
    COOPERATION_AGREEMENT = "cooperation_agreement"  # perjanjian kerja sama (PKS)
    DECREE = "decree"
    LETTER = "letter"


@attrs.frozen(kw_only=True)
class Instrument:
    """The signed document: kind, number and date."""

    kind: InstrumentKind = attrs.field(validator=v.enum_member(InstrumentKind))
    number: str = attrs.field(validator=v.text(100))
    signed_on: dt.date = attrs.field(validator=v.date())
