"""What the domain may be asked about: channels, activity techniques, partnership types.

A [`Catalogue`][kimcore.domain.Catalogue] is immutable; plugins extend it by building a new one
with [`Catalogue.extended`][kimcore.domain.Catalogue.extended]. The built-ins come from the seed
texts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from kimcore.domain.errors import (
    DomainError,
    InvalidValue,
    UnknownPartnershipType,
    UnknownTechnique,
)
from kimcore.domain.partnership_types import BUILTIN_PARTNERSHIP_TYPES, PartnershipType
from kimcore.domain.region_catalogue import RegionCatalogue, RegionCatalogues
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.channels import Channel, ChannelKind
from kimcore.vocabulary.labels import add_labels

__all__ = [
    "BUILTIN_CHANNELS",
    "BUILTIN_TECHNIQUES",
    "Catalogue",
    "Technique",
    "TechniqueFamily",
]


class TechniqueFamily(enum.StrEnum):
    """The seed's families of technique: dissemination, then the empowerment ones."""

    DISSEMINATION = "dissemination"  # diseminasi informasi
    EDUCATION = "education"  # pendidikan dan latihan
    ADVOCACY = "advocacy"  # advokasi
    MEDIATION = "mediation"  # mediasi
    CONSULTATION = "consultation"  # konsultasi atau konseling
    OTHER = "other"  # a plugin's, unless it says


@attrs.frozen(kw_only=True)
class Technique:
    """An empowerment or dissemination technique (teknik) an activity uses, in its family."""

    name: str = attrs.field(validator=v.text(64))
    description: str = attrs.field(validator=v.text(500))
    family: TechniqueFamily = attrs.field(
        default=TechniqueFamily.OTHER, validator=v.enum_member(TechniqueFamily)
    )


add_labels(
    {
        TechniqueFamily.DISSEMINATION: "Diseminasi informasi",
        TechniqueFamily.EDUCATION: "Pendidikan dan latihan",
        TechniqueFamily.ADVOCACY: "Advokasi",
        TechniqueFamily.MEDIATION: "Mediasi",
        TechniqueFamily.CONSULTATION: "Konsultasi atau konseling",
        TechniqueFamily.OTHER: "Lainnya",
    }
)


def _techniques(family: TechniqueFamily, *named: tuple[str, str]) -> tuple[Technique, ...]:
    return tuple(Technique(name=n, description=d, family=family) for n, d in named)


BUILTIN_TECHNIQUES = (
    *_techniques(
        TechniqueFamily.DISSEMINATION,
        ("workshop", "Workshop (lokakarya)."),
        ("temu_wicara", "Temu wicara: public dialogue with officials."),
        ("sarasehan", "Sarasehan: informal gathering and discussion."),
        ("lokakarya", "Lokakarya: the Indonesian word for a workshop."),
        ("anjangsana", "Anjangsana: visits."),
        ("diskusi", "Diskusi: discussion."),
        ("dialog", "Dialog."),
        ("widyawisata", "Widyawisata: study tour."),
        ("webinar", "Webinar: a seminar online (or hybrid)."),
        ("sosialisasi", "Sosialisasi: a briefing on a programme or regulation."),
        ("community_radio", "Radio komunitas: a community radio broadcast."),
    ),
    *_techniques(
        TechniqueFamily.EDUCATION,
        ("training", "Pendidikan dan latihan: education and training."),
        ("bimtek", "Bimbingan teknis (bimtek): technical guidance."),
        ("information_literacy", "Literasi informasi: information literacy."),
    ),
    *_techniques(TechniqueFamily.ADVOCACY, ("advocacy", "Advokasi: litigation or paralegal help.")),
    *_techniques(TechniqueFamily.MEDIATION, ("mediation", "Mediasi: mediation.")),
    *_techniques(
        TechniqueFamily.CONSULTATION,
        ("consultation", "Konsultasi: consultation."),
        ("counselling", "Konseling: counselling."),
    ),
)

BUILTIN_CHANNELS = (
    Channel(name="meeting", kind=ChannelKind.ANALOG),
    Channel(name="seminar", kind=ChannelKind.ANALOG),
    Channel(name="leaflet", kind=ChannelKind.ANALOG),
    Channel(name="notice_board", kind=ChannelKind.ANALOG),
    Channel(name="social_media", kind=ChannelKind.DIGITAL),
    Channel(name="website", kind=ChannelKind.DIGITAL),
    Channel(name="instant_messaging", kind=ChannelKind.DIGITAL),
)


_T = TypeVar("_T")


def _index(items: Iterable[_T], name_of: str, what: str) -> dict[str, _T]:
    out: dict[str, _T] = {}
    for item in items:
        name = getattr(item, name_of)
        if name in out:
            raise InvalidValue(what, f"{name!r} is defined twice")
        out[name] = item
    return out


@attrs.frozen(kw_only=True)
class Catalogue:
    """The channels, techniques, partnership types and region lists a deployment knows."""

    channels: Mapping[str, Channel]
    techniques: Mapping[str, Technique]
    partnership_types: Mapping[str, PartnershipType]
    regions: RegionCatalogues = attrs.field(factory=RegionCatalogues)

    @classmethod
    def build(
        cls,
        *,
        channels: Iterable[Channel] = (),
        techniques: Iterable[Technique] = (),
        partnership_types: Iterable[PartnershipType] = (),
        regions: Iterable[RegionCatalogue] = (),
    ) -> Catalogue:
        """A catalogue of exactly these entries; a repeated name is an error."""
        return cls(
            channels=_index(channels, "name", "channels"),
            techniques=_index(techniques, "name", "techniques"),
            partnership_types=_index(partnership_types, "name", "partnership_types"),
            regions=RegionCatalogues.of(regions),
        )

    @classmethod
    def default(cls) -> Catalogue:
        """The built-in entries from the seed texts."""
        return _DEFAULT

    def extended(
        self,
        *,
        channels: Iterable[Channel] = (),
        techniques: Iterable[Technique] = (),
        partnership_types: Iterable[PartnershipType] = (),
        regions: Iterable[RegionCatalogue] = (),
    ) -> Catalogue:
        """A new catalogue with more entries; a name already present is an error."""
        return Catalogue.build(
            channels=[*self.channels.values(), *channels],
            techniques=[*self.techniques.values(), *techniques],
            partnership_types=[*self.partnership_types.values(), *partnership_types],
            regions=[*self.regions.catalogues, *regions],
        )

    def partnership_type(self, name: str) -> PartnershipType:
        """The partnership type called *name*."""
        return _registered(self.partnership_types, name, "partnership type", UnknownPartnershipType)

    def technique(self, name: str) -> Technique:
        """The technique called *name*."""
        return _registered(self.techniques, name, "technique", UnknownTechnique)

    def channel(self, name: str, field: str = "channels") -> Channel:
        """The channel called *name*, or InvalidValue naming *field* and the known ones."""
        known = self.channels.get(name)
        if known is None:
            names = ", ".join(sorted(self.channels))
            raise InvalidValue(field, f"unknown channel {name!r} (known: {names})")
        return known

    def check_channel(self, channel: Channel) -> None:
        """Refuse a channel the catalogue does not know, or one of the wrong kind."""
        known = self.channel(channel.name)
        if known.kind is not channel.kind:
            raise InvalidValue(
                "channels",
                f"channel {channel.name!r} is {known.kind.value}, not {channel.kind.value}",
            )


def _registered(entries: Mapping[str, _T], name: str, what: str, refused: type[DomainError]) -> _T:
    """The entry called *name*, or *refused* naming the ones registered."""
    try:
        return entries[name]
    except KeyError:
        known = ", ".join(sorted(entries))
        raise refused(f"no {what} {name!r} is registered (known: {known})") from None


_DEFAULT = Catalogue.build(
    channels=BUILTIN_CHANNELS,
    techniques=BUILTIN_TECHNIQUES,
    partnership_types=BUILTIN_PARTNERSHIP_TYPES,
)
