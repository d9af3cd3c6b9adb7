"""Indonesian labels of every enumeration, so a portal shows them to its users as they are said.

``label(member)`` is the member's Indonesian label; ``label(member, "en")``
its English one (the value, in words). A plugin's enumeration without labels
shows its value.
"""

from __future__ import annotations

import enum
from typing import Final, Literal

from kimcore.vocabulary import values as v

__all__ = ["INDONESIAN", "Language", "add_labels", "label"]

Language = Literal["id", "en"]

INDONESIAN: Final[dict[enum.Enum, str]] = {
    v.AdindaFunction.ACCESS: "Akses",
    v.AdindaFunction.DISCUSS: "Diskusi",
    v.AdindaFunction.IMPLEMENT: "Implementasi",
    v.AdindaFunction.NETWORK: "Networking (jejaring)",
    v.AdindaFunction.DISSEMINATE: "Diseminasi",
    v.AdindaFunction.ASPIRATION: "Aspirasi",
    v.Area.URBAN: "Perkotaan",
    v.Area.RURAL: "Perdesaan",
    v.Authority.NEIGHBOURHOOD_HEAD: "Ketua RT/RW",
    v.Authority.VILLAGE_HEAD: "Kepala desa",
    v.Authority.LURAH: "Lurah",
    v.Authority.CAMAT: "Camat",
    v.Authority.REGENT: "Bupati",
    v.Authority.MAYOR: "Wali kota",
    v.Authority.COMMUNICATION_OFFICE_HEAD: "Kepala Dinas Kominfo",
    v.Authority.GOVERNOR: "Gubernur",
    v.Authority.MINISTER: "Menteri",
    v.BoardRole.CHAIR: "Ketua",
    v.BoardRole.VICE_CHAIR: "Wakil ketua",
    v.BoardRole.SECRETARY: "Sekretaris",
    v.BoardRole.TREASURER: "Bendahara",
    v.BoardRole.ADVISER: "Penasihat",
    v.BoardRole.DIVISION: "Bidang",
    v.ChannelKind.ANALOG: "Analog",
    v.ChannelKind.DIGITAL: "Digital",
    v.CompetitionLevel.DISTRICT: "Kecamatan",
    v.CompetitionLevel.REGENCY: "Kabupaten/kota",
    v.CompetitionLevel.PROVINCE: "Provinsi",
    v.CompetitionLevel.NATIONAL: "Nasional",
    v.Delivery.IN_PERSON: "Luring (tatap muka)",
    v.Delivery.ONLINE: "Daring",
    v.Delivery.HYBRID: "Hibrida (luring dan daring)",
    v.ForumLevel.DISTRICT: "Kecamatan",
    v.ForumLevel.REGENCY: "Kabupaten/kota",
    v.ForumLevel.PROVINCE: "Provinsi",
    v.ForumLevel.NATIONAL: "Nasional (Forum KIM Nusantara)",
    v.Gender.MAN: "Laki-laki",
    v.Gender.WOMAN: "Perempuan",
    v.GroupKind.ANALOG: "Analog",
    v.GroupKind.DIGITAL: "Digital",
    v.GroupKind.HYBRID: "Hibrida",
    v.InstrumentKind.MOU: "Nota kesepahaman (MoU)",
    v.InstrumentKind.COOPERATION_AGREEMENT: "Perjanjian kerja sama (PKS)",
    v.InstrumentKind.DECREE: "Surat keputusan (SK)",
    v.InstrumentKind.LETTER: "Surat",
    v.MemberCategory.YOUTH: "Remaja",
    v.MemberCategory.ADULT: "Orang tua (dewasa)",
    v.MemberCategory.PUPIL: "Pelajar",
    v.MemberCategory.UNIVERSITY_STUDENT: "Mahasiswa",
    v.MemberCategory.TRADER: "Pedagang",
    v.MemberCategory.FARMER: "Petani",
    v.MemberCategory.FISHER: "Nelayan",
    v.MemberCategory.OTHER: "Lainnya",
    v.MemberKind.PERSON: "Perorangan",
    v.MemberKind.GOVERNMENT_BODY: "Instansi pemerintah",
    v.OfficerRole.CHAIR: "Ketua",
    v.OfficerRole.VICE_CHAIR: "Wakil ketua",
    v.OfficerRole.SECRETARY: "Sekretaris",
    v.OfficerRole.TREASURER: "Bendahara",
    v.OfficerRole.SECTION: "Seksi/bidang",
    v.PartyKind.GROUP: "KIM",
    v.PartyKind.FORUM: "Forum KIM",
    v.PartyKind.GOVERNMENT_BODY: "Instansi pemerintah",
    v.RegionLevel.NATIONAL: "Nasional",
    v.RegionLevel.PROVINCE: "Provinsi",
    v.RegionLevel.REGENCY: "Kabupaten/kota",
    v.RegionLevel.DISTRICT: "Kecamatan",
    v.RegionLevel.VILLAGE: "Desa/kelurahan",
    v.Sector.GOVERNMENT: "Pemerintah",
    v.Sector.PRIVATE: "Swasta",
    v.Sector.ACADEMIC: "Akademisi",
    v.Sector.MEDIA: "Media",
    v.Sector.DEVELOPMENT_PARTNER: "Mitra pembangunan",
    v.Sector.COMMUNITY: "Masyarakat",
    v.Settlement.VILLAGE: "Desa (atau nama lain)",
    v.Settlement.URBAN_WARD: "Kelurahan",
}


def label(member: enum.Enum, language: Language = "id") -> str:
    """How *member* is said in *language* (Indonesian by default)."""
    if language == "id":
        found = INDONESIAN.get(member) or _LATER.get(member)
        if found is not None:
            return found
    return str(member.value).replace("_", " ")


# The enumerations defined above the vocabulary (events, domain) register theirs here.
_LATER: dict[enum.Enum, str] = {}


def add_labels(labels: dict[enum.Enum, str]) -> None:
    """Give Indonesian labels to a layer's (or a plugin's) own enumerations."""
    _LATER.update(labels)
