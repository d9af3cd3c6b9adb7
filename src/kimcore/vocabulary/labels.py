"""Indonesian labels of every enumeration, so a portal shows them to its users as they are said.

``label(member)`` is the member's Indonesian label; ``label(member, "en")``
its English one (the value, in words). A plugin's enumeration without labels
shows its value.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, Literal, TypeVar

from kimcore.vocabulary import values as v

__all__ = ["INDONESIAN", "LabelTable", "Language", "add_labels", "label"]

Language = Literal["id", "en"]
E = TypeVar("E", bound=enum.Enum)


class LabelTable(Mapping[enum.Enum, str]):
    """Labels by member, told apart by enumeration as well as by value.

    Members of two string enumerations with one value (``Delivery.HYBRID`` and
    ``GroupKind.HYBRID``, ``ForumLevel.NATIONAL`` and
    ``CompetitionLevel.NATIONAL``) are equal and hash alike, so a plain dict
    gives both the label written last; this table keys each by its own type.
    """

    def __init__(self, pairs: Iterable[tuple[enum.Enum, str]] = ()) -> None:
        self._members: dict[tuple[type[enum.Enum], object], enum.Enum] = {}
        self._labels: dict[tuple[type[enum.Enum], object], str] = {}
        self.update(pairs)

    def update(self, pairs: Iterable[tuple[enum.Enum, str]]) -> None:
        """Add (or replace) these members' labels."""
        for member, text in pairs:
            key = (type(member), member.value)
            self._members[key] = member
            self._labels[key] = text

    def __getitem__(self, member: enum.Enum) -> str:
        return self._labels[(type(member), member.value)]

    def __contains__(self, member: object) -> bool:
        return isinstance(member, enum.Enum) and (type(member), member.value) in self._labels

    def __iter__(self) -> Iterator[enum.Enum]:
        return iter(self._members.values())

    def __len__(self) -> int:
        return len(self._labels)


INDONESIAN: Final[LabelTable] = LabelTable(
    (
        (v.AdindaFunction.ACCESS, "Akses"),
        (v.AdindaFunction.DISCUSS, "Diskusi"),
        (v.AdindaFunction.IMPLEMENT, "Implementasi"),
        (v.AdindaFunction.NETWORK, "Networking (jejaring)"),
        (v.AdindaFunction.DISSEMINATE, "Diseminasi"),
        (v.AdindaFunction.ASPIRATION, "Aspirasi"),
        (v.Area.URBAN, "Perkotaan"),
        (v.Area.RURAL, "Perdesaan"),
        (v.Authority.NEIGHBOURHOOD_HEAD, "Ketua RT/RW"),
        (v.Authority.VILLAGE_HEAD, "Kepala desa"),
        (v.Authority.LURAH, "Lurah"),
        (v.Authority.CAMAT, "Camat"),
        (v.Authority.REGENT, "Bupati"),
        (v.Authority.MAYOR, "Wali kota"),
        (v.Authority.COMMUNICATION_OFFICE_HEAD, "Kepala Dinas Kominfo"),
        (v.Authority.GOVERNOR, "Gubernur"),
        (v.Authority.MINISTER, "Menteri"),
        (v.BoardRole.CHAIR, "Ketua"),
        (v.BoardRole.VICE_CHAIR, "Wakil ketua"),
        (v.BoardRole.SECRETARY, "Sekretaris"),
        (v.BoardRole.TREASURER, "Bendahara"),
        (v.BoardRole.ADVISER, "Penasihat"),
        (v.BoardRole.DIVISION, "Bidang"),
        (v.BoardRole.SECRETARY_GENERAL, "Sekretaris jenderal"),
        (v.ChannelKind.ANALOG, "Analog"),
        (v.ChannelKind.DIGITAL, "Digital"),
        (v.CompetitionLevel.DISTRICT, "Kecamatan"),
        (v.CompetitionLevel.REGENCY, "Kabupaten/kota"),
        (v.CompetitionLevel.PROVINCE, "Provinsi"),
        (v.CompetitionLevel.NATIONAL, "Nasional"),
        (v.Delivery.IN_PERSON, "Luring (tatap muka)"),
        (v.Delivery.ONLINE, "Daring"),
        (v.Delivery.HYBRID, "Hibrida (luring dan daring)"),
        (v.ForumLevel.DISTRICT, "Kecamatan"),
        (v.ForumLevel.REGENCY, "Kabupaten/kota"),
        (v.ForumLevel.PROVINCE, "Provinsi"),
        (v.ForumLevel.NATIONAL, "Nasional (Forum KIM Nusantara)"),
        (v.Gender.MAN, "Laki-laki"),
        (v.Gender.WOMAN, "Perempuan"),
        (v.GroupKind.ANALOG, "Analog"),
        (v.GroupKind.DIGITAL, "Digital"),
        (v.GroupKind.HYBRID, "Hibrida (analog dan digital)"),
        (v.InstrumentKind.MOU, "Nota kesepahaman (MoU)"),
        (v.InstrumentKind.COOPERATION_AGREEMENT, "Perjanjian kerja sama (PKS)"),
        (v.InstrumentKind.DECREE, "Surat keputusan (SK)"),
        (v.InstrumentKind.LETTER, "Surat"),
        (v.MemberCategory.YOUTH, "Remaja"),
        (v.MemberCategory.ADULT, "Orang tua (dewasa)"),
        (v.MemberCategory.PUPIL, "Pelajar"),
        (v.MemberCategory.UNIVERSITY_STUDENT, "Mahasiswa"),
        (v.MemberCategory.TRADER, "Pedagang"),
        (v.MemberCategory.FARMER, "Petani"),
        (v.MemberCategory.FISHER, "Nelayan"),
        (v.MemberCategory.OTHER, "Lainnya"),
        (v.MemberKind.PERSON, "Perorangan"),
        (v.MemberKind.GOVERNMENT_BODY, "Instansi pemerintah"),
        (v.OfficerRole.CHAIR, "Ketua"),
        (v.OfficerRole.VICE_CHAIR, "Wakil ketua"),
        (v.OfficerRole.SECRETARY, "Sekretaris"),
        (v.OfficerRole.TREASURER, "Bendahara"),
        (v.OfficerRole.SECTION, "Seksi/bidang"),
        (v.PartyKind.GROUP, "KIM"),
        (v.PartyKind.FORUM, "Forum KIM"),
        (v.PartyKind.GOVERNMENT_BODY, "Instansi pemerintah"),
        (v.RegionLevel.NATIONAL, "Nasional"),
        (v.RegionLevel.PROVINCE, "Provinsi"),
        (v.RegionLevel.REGENCY, "Kabupaten/kota"),
        (v.RegionLevel.DISTRICT, "Kecamatan"),
        (v.RegionLevel.VILLAGE, "Desa/kelurahan"),
        (v.Sector.GOVERNMENT, "Pemerintah"),
        (v.Sector.PRIVATE, "Swasta"),
        (v.Sector.ACADEMIC, "Akademisi"),
        (v.Sector.MEDIA, "Media"),
        (v.Sector.DEVELOPMENT_PARTNER, "Mitra pembangunan"),
        (v.Sector.COMMUNITY, "Masyarakat"),
        (v.Settlement.VILLAGE, "Desa (atau nama lain)"),
        (v.Settlement.URBAN_WARD, "Kelurahan"),
    )
)


def label(member: enum.Enum, language: Language = "id") -> str:
    """How *member* is said in *language* (Indonesian by default)."""
    if language == "id":
        if member in INDONESIAN:
            return INDONESIAN[member]
        if member in _LATER:
            return _LATER[member]
    return str(member.value).replace("_", " ")


# The enumerations defined above the vocabulary (events, domain) register theirs here.
_LATER = LabelTable()


def add_labels(labels: Mapping[E, str] | Iterable[tuple[E, str]]) -> None:
    """Give Indonesian labels to a layer's (or a plugin's) own enumerations.

    Pass pairs when two of the members share a value (a dict would keep one).
    """
    _LATER.update(labels.items() if isinstance(labels, Mapping) else labels)
