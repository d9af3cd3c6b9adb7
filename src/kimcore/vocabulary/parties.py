"""Parties (a group or a forum) and the competition results they win."""

from __future__ import annotations

import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["CompetitionLevel", "CompetitionResult", "PartyKind", "PartyRef"]


class PartyKind(enum.StrEnum):
    """What kind of party acts: a group, a forum, or (refused where it matters) government."""

    GROUP = "group"
    FORUM = "forum"
    GOVERNMENT_BODY = "government_body"


@attrs.frozen(kw_only=True)
class PartyRef:
    """A reference to a group or forum."""

    kind: PartyKind = attrs.field(validator=v.enum_member(PartyKind))
    id: uuid.UUID = attrs.field(validator=v.identifier())


class CompetitionLevel(enum.StrEnum):
    """The level of a KIM competition or festival."""

    DISTRICT = "district"  # kecamatan
    REGENCY = "regency"
    PROVINCE = "province"
    NATIONAL = "national"


@attrs.frozen(kw_only=True)
class CompetitionResult:
    """A result in a competition; categories change yearly, so they are data, not code.

    ``rank`` is a place (1, 2, 3…) and ``award`` the award's own words
    ("Harapan I", "Favorit", "Terbaik"); a result has one or both.
    """

    event: str = attrs.field(validator=v.text(200))
    level: CompetitionLevel = attrs.field(validator=v.enum_member(CompetitionLevel))
    year: int = attrs.field(validator=v.int_range(1990, 2200))
    category: str = attrs.field(validator=v.text(200))
    rank: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.int_range(1))
    )
    award: str | None = attrs.field(default=None, validator=v.optional_text(100))

    def __attrs_post_init__(self) -> None:
        if self.rank is None and self.award is None:
            raise InvalidValue("result", "a result has a rank, an award, or both")
