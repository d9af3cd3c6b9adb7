"""The words an office writes for each enumeration, so a register typed by a clerk reads as typed.

``WORDS`` holds one table per enumeration: each member with the Indonesian
words, synonyms and abbreviations offices write for it (``desa``, ``orang
tua``, ``L``/``P``, ``bupati``…). A member is also read from its value, its
English words and its Indonesian label (:mod:`kimcore.vocabulary.labels`), so
the table lists only what those do not already say. ``parse(kind, text)``
reads a cell in any case and spacing (``Laki-laki``, ``laki laki``,
``LAKI_LAKI`` and ``kel.`` all read); an unknown word is refused naming the
words accepted. ``docs/import.md`` shows the tables (``words_markdown()``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Final, TypeVar

from kimcore.vocabulary import values as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.labels import label

__all__ = [
    "CHANNEL_WORDS",
    "WORDS",
    "accepted",
    "add_words",
    "channel_names",
    "indonesian_words",
    "normalise",
    "parse",
    "words_markdown",
]

E = TypeVar("E", bound=enum.Enum)

_KABUPATEN_KOTA = ("kabupaten", "kota", "kab", "kab kota", "kabupaten kota", "pemkab", "pemkot")

WORDS: Final[dict[type[enum.Enum], dict[enum.Enum, tuple[str, ...]]]] = {
    v.AdindaFunction: {
        v.AdindaFunction.ACCESS: ("akses",),
        v.AdindaFunction.DISCUSS: ("diskusi",),
        v.AdindaFunction.IMPLEMENT: ("implementasi",),
        v.AdindaFunction.NETWORK: ("networking", "jejaring"),
        v.AdindaFunction.DISSEMINATE: ("diseminasi",),
        v.AdindaFunction.ASPIRATION: ("aspirasi",),
    },
    v.Area: {
        v.Area.URBAN: ("perkotaan", "kota"),
        v.Area.RURAL: ("perdesaan", "pedesaan", "desa"),
    },
    v.Authority: {
        v.Authority.NEIGHBOURHOOD_HEAD: ("ketua rt", "ketua rw", "rt", "rw", "rt rw"),
        v.Authority.VILLAGE_HEAD: (
            "kepala desa",
            "kades",
            "kepala kampung",
            "wali nagari",
            "keuchik",
            "geuchik",
        ),
        v.Authority.LURAH: ("lurah", "kepala kelurahan"),
        v.Authority.CAMAT: ("camat",),
        v.Authority.REGENT: ("bupati",),
        v.Authority.MAYOR: ("wali kota", "walikota"),
        v.Authority.COMMUNICATION_OFFICE_HEAD: (
            "kepala dinas kominfo",
            "kepala diskominfo",
            "kadis kominfo",
            "kadiskominfo",
            "kepala dinas",
        ),
        v.Authority.GOVERNOR: ("gubernur",),
        v.Authority.MINISTER: ("menteri", "menkominfo", "menteri kominfo"),
    },
    v.BoardRole: {
        v.BoardRole.CHAIR: ("ketua", "ketua umum"),
        v.BoardRole.VICE_CHAIR: ("wakil ketua", "wakil", "waka"),
        v.BoardRole.SECRETARY: ("sekretaris", "sekretaris umum", "sekum"),
        v.BoardRole.TREASURER: ("bendahara", "bendahara umum"),
        v.BoardRole.ADVISER: ("penasihat", "penasehat", "pembina"),
        v.BoardRole.DIVISION: ("bidang", "seksi", "kabid", "koordinator bidang"),
        v.BoardRole.SECRETARY_GENERAL: ("sekretaris jenderal", "sekretaris jendral", "sekjen"),
    },
    v.ChannelKind: {
        v.ChannelKind.ANALOG: ("analog", "konvensional"),
        v.ChannelKind.DIGITAL: ("digital",),
    },
    v.CompetitionLevel: {
        v.CompetitionLevel.DISTRICT: ("kecamatan", "kec"),
        v.CompetitionLevel.REGENCY: _KABUPATEN_KOTA,
        v.CompetitionLevel.PROVINCE: ("provinsi", "prov", "propinsi"),
        v.CompetitionLevel.NATIONAL: ("nasional", "kimfest"),
    },
    v.Delivery: {
        v.Delivery.IN_PERSON: ("luring", "tatap muka", "offline", "langsung"),
        v.Delivery.ONLINE: ("daring", "online", "virtual"),
        v.Delivery.HYBRID: ("hibrida", "hibrid", "campuran", "luring dan daring"),
    },
    v.ForumLevel: {
        v.ForumLevel.DISTRICT: ("kecamatan", "kec"),
        v.ForumLevel.REGENCY: _KABUPATEN_KOTA,
        v.ForumLevel.PROVINCE: ("provinsi", "prov", "propinsi"),
        v.ForumLevel.NATIONAL: ("nasional", "pusat", "forum kim nusantara", "nusantara"),
    },
    v.Gender: {
        v.Gender.MAN: ("l", "lk", "laki laki", "lelaki", "pria"),
        v.Gender.WOMAN: ("p", "pr", "perempuan", "wanita"),
    },
    v.GroupKind: {
        v.GroupKind.ANALOG: ("analog", "konvensional"),
        v.GroupKind.DIGITAL: ("digital",),
        v.GroupKind.HYBRID: ("hibrida", "hibrid", "campuran", "analog dan digital"),
    },
    v.InstrumentKind: {
        v.InstrumentKind.MOU: ("mou", "nota kesepahaman"),
        v.InstrumentKind.COOPERATION_AGREEMENT: (
            "pks",
            "perjanjian kerja sama",
            "perjanjian kerjasama",
        ),
        v.InstrumentKind.DECREE: ("sk", "surat keputusan"),
        v.InstrumentKind.LETTER: ("surat",),
    },
    v.MemberCategory: {
        v.MemberCategory.YOUTH: ("remaja", "pemuda", "pemudi"),
        v.MemberCategory.ADULT: ("orang tua", "dewasa", "lansia"),
        v.MemberCategory.PUPIL: ("pelajar", "siswa", "siswi", "murid"),
        v.MemberCategory.UNIVERSITY_STUDENT: ("mahasiswa", "mahasiswi", "mhs"),
        v.MemberCategory.TRADER: ("pedagang", "pelaku usaha", "umkm"),
        v.MemberCategory.FARMER: ("petani", "pekebun"),
        v.MemberCategory.FISHER: ("nelayan",),
        v.MemberCategory.OTHER: ("lainnya", "lain lain", "dll"),
    },
    v.MemberKind: {
        v.MemberKind.PERSON: ("perorangan", "perseorangan", "orang"),
        v.MemberKind.GOVERNMENT_BODY: ("instansi pemerintah", "instansi", "pemerintah"),
    },
    v.OfficerRole: {
        v.OfficerRole.CHAIR: ("ketua", "ketua kim"),
        v.OfficerRole.VICE_CHAIR: ("wakil ketua", "wakil", "waka"),
        v.OfficerRole.SECRETARY: ("sekretaris", "sekr"),
        v.OfficerRole.TREASURER: ("bendahara",),
        v.OfficerRole.SECTION: ("seksi", "sie", "bidang", "seksi bidang", "koordinator seksi"),
    },
    v.PartyKind: {
        v.PartyKind.GROUP: ("kim", "kelompok informasi masyarakat", "komunitas informasi"),
        v.PartyKind.FORUM: ("forum kim", "forum", "fk kim"),
        v.PartyKind.GOVERNMENT_BODY: ("instansi pemerintah", "instansi", "pemerintah"),
    },
    v.RegionLevel: {
        v.RegionLevel.NATIONAL: ("nasional",),
        v.RegionLevel.PROVINCE: ("provinsi", "prov"),
        v.RegionLevel.REGENCY: _KABUPATEN_KOTA,
        v.RegionLevel.DISTRICT: ("kecamatan", "kec"),
        v.RegionLevel.VILLAGE: ("desa", "kelurahan", "desa kelurahan"),
    },
    v.Sector: {
        v.Sector.GOVERNMENT: ("pemerintah", "pemda", "instansi pemerintah"),
        v.Sector.PRIVATE: ("swasta", "perusahaan", "dunia usaha"),
        v.Sector.ACADEMIC: ("akademisi", "perguruan tinggi", "universitas", "kampus"),
        v.Sector.MEDIA: ("media", "pers", "media massa"),
        v.Sector.DEVELOPMENT_PARTNER: ("mitra pembangunan", "donor"),
        v.Sector.COMMUNITY: ("masyarakat", "komunitas", "lsm", "ormas"),
    },
    v.Settlement: {
        v.Settlement.VILLAGE: ("desa", "ds", "nagari", "gampong", "kampung"),
        v.Settlement.URBAN_WARD: ("kelurahan", "kel"),
    },
}

_SEPARATORS = re.compile(r"[\s_\-/.,;:()]+")


def normalise(text: str) -> str:
    """*text* as it is compared: case folded, punctuation and runs of space one space."""
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())


def add_words(kind: type[enum.Enum], table: Mapping[enum.Enum, tuple[str, ...]]) -> None:
    """Give a layer's (or a plugin's) enumeration the words its offices write for it."""
    WORDS.setdefault(kind, {}).update(table)


def accepted(kind: type[E]) -> dict[str, E]:
    """Every word read as a member of *kind*, normalised, with the member it names.

    A member's value, English words and Indonesian label come first, then the
    table's words; a word two members share is read as the first.
    """
    found: dict[str, E] = {}
    table = WORDS.get(kind, {})
    for member in kind:
        spellings = (
            str(member.value),
            label(member, "en"),
            label(member, "id"),
            *table.get(member, ()),
        )
        for spelling in spellings:
            found.setdefault(normalise(spelling), member)
    return found


def parse(kind: type[E], text: str, field: str) -> E:
    """The member of *kind* that *text* names; ``InvalidValue`` naming *field* and every word."""
    member = accepted(kind).get(normalise(text))
    if member is not None:
        return member
    raise InvalidValue(
        field,
        f"unknown word {text.strip()!r}; accepted: {_listing(kind)}",
        given=text.strip(),
        accepted=indonesian_words(kind),
    )


def indonesian_words(kind: type[enum.Enum]) -> tuple[str, ...]:
    """The Indonesian words *kind* accepts: each member's label, then the table's words."""
    table = WORDS.get(kind, {})
    said: dict[str, str] = {}
    for member in kind:
        for word in (label(member), *table.get(member, ())):
            said.setdefault(normalise(word), word)
    return tuple(said.values())


def _listing(kind: type[enum.Enum]) -> str:
    words: dict[enum.Enum, list[str]] = {}
    for word, member in accepted(kind).items():
        words.setdefault(member, []).append(word)
    return "; ".join(f"{member.value}: {', '.join(said)}" for member, said in words.items())


def words_markdown(kinds: tuple[type[enum.Enum], ...] | None = None) -> str:
    """The tables of words as Markdown, one table per enumeration (``docs/import.md`` holds it)."""
    parts = []
    for kind in kinds or tuple(WORDS):
        parts.append(f"#### {kind.__name__}\n\n| value | words an office writes |\n|---|---|")
        words: dict[enum.Enum, list[str]] = {}
        for word, member in accepted(kind).items():
            words.setdefault(member, []).append(word)
        parts.extend(
            f"| `{member.value}` | {', '.join(f'`{w}`' for w in said)} |"
            for member, said in words.items()
        )
        parts.append("")
    return "\n".join(parts)


# The built-in channels (``kimcore.domain.catalogue``) by the words offices write for them.
CHANNEL_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "meeting": ("pertemuan", "pertemuan warga", "tatap muka", "rapat", "temu warga"),
    "seminar": ("seminar",),
    "leaflet": ("selebaran", "leaflet", "brosur", "pamflet", "baliho", "spanduk"),
    "notice_board": ("papan pengumuman", "papan informasi", "mading", "majalah dinding"),
    "social_media": (
        "media sosial",
        "medsos",
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "twitter",
    ),
    "website": ("situs web", "situs", "web", "laman", "blog", "kim id"),
    "instant_messaging": (
        "pesan instan",
        "whatsapp",
        "wa",
        "grup wa",
        "grup whatsapp",
        "telegram",
    ),
}


def channel_names(text: str, known: tuple[str, ...], field: str) -> tuple[str, ...]:
    """The channel names a cell lists (commas or semicolons between), each by any of its words.

    *known* is the catalogue's channel names (a plugin's own are read by
    their name); an unknown word is refused naming every word accepted.
    """
    words = {normalise(name): name for name in known}
    for name, said in CHANNEL_WORDS.items():
        if name in known:
            words.update((normalise(word), name) for word in said)
    found: list[str] = []
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        found_name = words.get(normalise(part))
        if found_name is None:
            listing = "; ".join(
                f"{n}: {', '.join(w for w, m in words.items() if m == n)}" for n in known
            )
            raise InvalidValue(
                field,
                f"unknown channel {part.strip()!r}; accepted: {listing}",
                given=part.strip(),
                accepted=tuple(w for n in known for w in CHANNEL_WORDS.get(n, (n,))),
            )
        if found_name not in found:
            found.append(found_name)
    return tuple(found)
