"""Places: regions by their Kemendagri code, and the seat a group is settled in."""

from __future__ import annotations

import enum
import re

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["Area", "Region", "RegionLevel", "Seat", "Settlement"]


class RegionLevel(enum.IntEnum):
    """Administrative level of a region, from the nation down to a village or ward."""

    NATIONAL = 0
    PROVINCE = 1
    REGENCY = 2  # kabupaten or kota
    DISTRICT = 3  # kecamatan
    VILLAGE = 4  # desa or kelurahan


# Kemendagri's area codes: province "62", regency "62.71", district "62.71.01",
# village "62.71.01.1001"; the empty code is the nation.
_REGION_CODE = re.compile(r"^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$")


@attrs.frozen(kw_only=True)
class Region:
    """A region by its Kemendagri area code and name; the code's depth gives its level."""

    code: str = attrs.field(validator=v.of_type(str))
    name: str = attrs.field(validator=v.text(200))

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not _REGION_CODE.match(value):
            raise InvalidValue(
                "code", f"{value!r} is not a Kemendagri area code like '62.71.01.1001'", code=value
            )

    @property
    def level(self) -> RegionLevel:
        """The administrative level implied by the code."""
        return RegionLevel(0 if not self.code else self.code.count(".") + 1)

    def contains(self, other: Region) -> bool:
        """Whether *other* lies within this region (a region contains itself)."""
        if not self.code:
            return True
        return other.code == self.code or other.code.startswith(self.code + ".")

    def ancestor_code(self, level: RegionLevel) -> str:
        """The code of the enclosing region at *level* (at or above this one)."""
        if level > self.level:
            raise InvalidValue("level", f"{level.name} is below {self.level.name}")
        return ".".join(self.code.split(".")[: int(level)]) if level else ""


class Settlement(enum.StrEnum):
    """The kind of lowest-level unit a group is seated in."""

    VILLAGE = "village"  # desa
    URBAN_WARD = "urban_ward"  # kelurahan


class Area(enum.StrEnum):
    """Whether the group's seat is urban (perkotaan) or rural (pedesaan)."""

    URBAN = "urban"
    RURAL = "rural"


@attrs.frozen(kw_only=True)
class Seat:
    """Where a group is seated: a village (desa) or urban ward (kelurahan)."""

    region: Region = attrs.field(validator=v.of_type(Region))
    settlement: Settlement = attrs.field(validator=v.enum_member(Settlement))
    area: Area = attrs.field(validator=v.enum_member(Area))

    @region.validator
    def _check_level(self, attribute: attrs.Attribute[Region], value: Region) -> None:
        if value.level is not RegionLevel.VILLAGE:
            raise InvalidValue(
                "seat.region",
                f"a group is seated in a village or urban ward, not a {value.level.name.lower()}"
                f" ({value.code!r})",
            )
