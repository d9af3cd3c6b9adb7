"""Forums' levels and the seats of their boards."""

from __future__ import annotations

import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.personal import personal_field
from kimcore.vocabulary.places import RegionLevel

__all__ = ["BoardRole", "BoardSeat", "ForumLevel"]


class ForumLevel(enum.StrEnum):
    """The level a Forum KIM is established at."""

    DISTRICT = "district"  # kecamatan
    REGENCY = "regency"  # kabupaten/kota
    PROVINCE = "province"  # provinsi
    NATIONAL = "national"  # Forum KIM Nusantara

    @property
    def region_level(self) -> RegionLevel:
        """The level of the region a forum of this level serves."""
        return _FORUM_REGION_LEVEL[self]


_FORUM_REGION_LEVEL = {
    ForumLevel.DISTRICT: RegionLevel.DISTRICT,
    ForumLevel.REGENCY: RegionLevel.REGENCY,
    ForumLevel.PROVINCE: RegionLevel.PROVINCE,
    ForumLevel.NATIONAL: RegionLevel.NATIONAL,
}


class BoardRole(enum.StrEnum):
    """Roles on a forum board."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    ADVISER = "adviser"
    DIVISION = "division"
    SECRETARY_GENERAL = "secretary_general"  # sekretaris jenderal: provincial and national boards


@attrs.frozen(kw_only=True)
class BoardSeat:
    """A person on a forum board; ``name`` is that person's personal data."""

    person_id: uuid.UUID = attrs.field(validator=v.identifier())
    name: str = personal_field(subject="person_id", kind="name", validator=v.text(200))
    role: BoardRole = attrs.field(validator=v.enum_member(BoardRole))
    division: str | None = attrs.field(default=None, validator=v.optional_text(100))
