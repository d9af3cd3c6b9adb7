"""Values of an office's mapping of its KIMs (Permenkominfo No. 4/2024 art. 23(2), art. 24).

Art. 23(2) names two types of KIM, "and/or": a KIM may be both; art. 24 has the regency's or
city's office map its KIMs by audience, media, content type, field and region, with their
strength, influence and priority, and (art. 24(2)(b)) the public issues (isu publik) each works on.
"""

from __future__ import annotations

import enum

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.labels import add_labels

__all__ = [
    "CommunityType",
    "MappingProfile",
    "Rating",
]


class CommunityType(enum.StrEnum):
    """Art. 23(2) Permenkominfo 4/2024: the two types of KIM."""

    # a. komunitas yang aktif mengelola dan menyebarluaskan informasi
    INFORMATION = "information"
    # b. komunitas yang aktif dalam pemberdayaan dan juga mengelola dan menyebarluaskan informasi
    EMPOWERMENT = "empowerment"


class Rating(enum.StrEnum):
    """A mapping's judgement of strength, influence or priority (art. 24)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def _label_tuple() -> tuple[str, ...]:
    labels: tuple[str, ...] = attrs.field(default=(), validator=v.texts(100, unique=True))
    return labels


@attrs.frozen(kw_only=True)
class MappingProfile:
    """What an office's mapping says of one KIM (art. 23(2), art. 24).

    ``community_types``: the KIM's types under art. 23(2), one or both ("and/or").
    The categories are the office's own labels (data, not code: offices use
    their own lists): ``audiences`` (khalayak sasaran), ``media``,
    ``content_types`` (jenis konten), ``fields`` (bidang) and ``public_issues``
    (isu publik, art. 24(2)(b): the issues the KIM raises or works on). The
    KIM's region is its seat, read from its stream.
    """

    community_types: frozenset[CommunityType] = attrs.field(
        validator=v.frozenset_of(CommunityType, min_length=1)
    )
    audiences: tuple[str, ...] = _label_tuple()
    media: tuple[str, ...] = _label_tuple()
    content_types: tuple[str, ...] = _label_tuple()
    fields: tuple[str, ...] = _label_tuple()
    public_issues: tuple[str, ...] = _label_tuple()
    strength: Rating = attrs.field(validator=v.enum_member(Rating))
    influence: Rating = attrs.field(validator=v.enum_member(Rating))
    priority: Rating = attrs.field(validator=v.enum_member(Rating))


add_labels(
    {
        CommunityType.INFORMATION: "Komunitas yang aktif mengelola dan menyebarluaskan informasi",
        CommunityType.EMPOWERMENT: "Komunitas yang aktif dalam pemberdayaan serta mengelola dan"
        " menyebarluaskan informasi",
        Rating.LOW: "Rendah",
        Rating.MEDIUM: "Sedang",
        Rating.HIGH: "Tinggi",
    }
)
