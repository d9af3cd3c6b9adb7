"""Government: who issues a decree (SK), the decree itself, and the communication office."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.places import Region, RegionLevel

__all__ = ["Authority", "CommunicationOffice", "Decree"]


class Authority(enum.StrEnum):
    """Who issues a decree (Surat Keputusan); ``rank`` orders them."""

    NEIGHBOURHOOD_HEAD = "neighbourhood_head"  # ketua RT/RW: below the regulation's floor
    VILLAGE_HEAD = "village_head"  # kepala desa
    LURAH = "lurah"
    CAMAT = "camat"
    REGENT = "regent"  # bupati
    MAYOR = "mayor"  # wali kota
    COMMUNICATION_OFFICE_HEAD = "communication_office_head"  # kepala Diskominfo
    GOVERNOR = "governor"
    MINISTER = "minister"

    @property
    def rank(self) -> int:
        """0 below the village level, 1 village/ward, 2 district, 3 regency/city, 4+ above."""
        return _AUTHORITY_RANK[self]


_AUTHORITY_RANK = {
    Authority.NEIGHBOURHOOD_HEAD: 0,
    Authority.VILLAGE_HEAD: 1,
    Authority.LURAH: 1,
    Authority.CAMAT: 2,
    Authority.REGENT: 3,
    Authority.MAYOR: 3,
    Authority.COMMUNICATION_OFFICE_HEAD: 3,
    Authority.GOVERNOR: 4,
    Authority.MINISTER: 5,
}


@attrs.frozen(kw_only=True)
class Decree:
    """A decree (SK): its number, date, issuing authority and the region that authority serves.

    ``region`` is the issuing office's region: the desa or kelurahan of a
    village head or lurah, the kecamatan of a camat, the kabupaten of a
    bupati, the kota of a wali kota, the province of a governor, the nation
    (code ``""``) of a minister. Decrees recorded before it was kept read as
    ``None``; a command must name it.
    """

    number: str = attrs.field(validator=v.text(100))
    issued_on: dt.date = attrs.field(validator=v.date())
    authority: Authority = attrs.field(validator=v.enum_member(Authority))
    region: Region | None = attrs.field(default=None, validator=v.optional_of_type(Region))


@attrs.frozen(kw_only=True)
class CommunicationOffice:
    """A regency's or city's communication and informatics office (Diskominfo)."""

    name: str = attrs.field(validator=v.text(200))
    region: Region = attrs.field(validator=v.of_type(Region))

    @region.validator
    def _check_level(self, attribute: attrs.Attribute[Region], value: Region) -> None:
        if value.level is not RegionLevel.REGENCY:
            raise InvalidValue("office.region", f"must be a regency or city, got {value.code!r}")
