"""A report's cells said as an office writes them: Indonesian labels for codes, region names.

A report counts by codes (``adult``, ``in_person``, ``62.71``) so that its rows
compare and sort the same in every language. ``say_cell(column, value)`` gives
the Indonesian word for a text cell (the label of its enumeration, a
technique's or channel's Indonesian name); ``region_name(code, names)`` the
name of a region: Kemendagri's for a province, else the one a deployment's
region catalogue or the recorded KIMs and forums give.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from kimcore.domain.catalogue import TechniqueFamily
from kimcore.domain.regions import PROVINCES
from kimcore.vocabulary.channels import Delivery
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.mapping import CommunityType, Rating
from kimcore.vocabulary.members import Gender, MemberCategory
from kimcore.vocabulary.partners import Sector
from kimcore.vocabulary.product import ProductType

__all__ = ["CHANNELS_ID", "PARTNERSHIP_TYPES_ID", "TECHNIQUES_ID", "region_name", "say_cell"]

UNKNOWN_ID: Final = "Tidak diketahui"

TECHNIQUES_ID: Final[Mapping[str, str]] = {
    "workshop": "Workshop (lokakarya)",
    "temu_wicara": "Temu wicara",
    "sarasehan": "Sarasehan",
    "lokakarya": "Lokakarya",
    "anjangsana": "Anjangsana",
    "diskusi": "Diskusi",
    "dialog": "Dialog",
    "widyawisata": "Widyawisata",
    "webinar": "Webinar",
    "sosialisasi": "Sosialisasi",
    "community_radio": "Radio komunitas",
    "training": "Pendidikan dan latihan",
    "bimtek": "Bimbingan teknis (bimtek)",
    "information_literacy": "Literasi informasi",
    "advocacy": "Advokasi",
    "mediation": "Mediasi",
    "consultation": "Konsultasi",
    "counselling": "Konseling",
}

CHANNELS_ID: Final[Mapping[str, str]] = {
    "meeting": "Pertemuan tatap muka",
    "seminar": "Seminar",
    "leaflet": "Selebaran",
    "notice_board": "Papan pengumuman",
    "social_media": "Media sosial",
    "website": "Situs web",
    "instant_messaging": "Pesan instan",
}

PARTNERSHIP_TYPES_ID: Final[Mapping[str, str]] = {
    "analog": "Berbasis analog",
    "regulation": "Berbasis regulasi",
    "experience": "Berbasis pengalaman",
}


def _enum(
    kind: type[
        MemberCategory | Gender | Delivery | Sector | ProductType | TechniqueFamily | Rating
    ],
) -> Callable[[str], str | None]:
    def said(value: str) -> str | None:
        try:
            return label(kind(value))
        except ValueError:
            return None

    return said


def _community_types(value: str) -> str | None:
    """A mapping's types, ``"; "``-joined codes, as their labels joined the same way."""
    try:
        return "; ".join(label(CommunityType(code)) for code in value.split("; ") if code)
    except ValueError:
        return None


_CELLS: Final[Mapping[str, Callable[[str], str | None]]] = {
    "category": _enum(MemberCategory),
    "gender": _enum(Gender),
    "delivery": _enum(Delivery),
    "sector": _enum(Sector),
    "product_type": _enum(ProductType),
    "family": _enum(TechniqueFamily),
    "technique": TECHNIQUES_ID.get,
    "channel": CHANNELS_ID.get,
    "partnership_type": PARTNERSHIP_TYPES_ID.get,
    "community_types": _community_types,
    "strength": _enum(Rating),
    "influence": _enum(Rating),
    "priority": _enum(Rating),
}


def say_cell(column: str, value: object) -> object:
    """*value* of the text column *column* in Indonesian; numbers and codes as they are.

    ``unknown`` reads ``Tidak diketahui``; a plugin's code without a word
    reads as its words (``food_security`` → ``food security``).
    """
    if not isinstance(value, str):
        return value
    if value == "unknown":
        return UNKNOWN_ID
    said = _CELLS.get(column)
    if said is None:
        return value
    return said(value) or value.replace("_", " ")


def region_name(code: str, names: Mapping[str, str] | None = None) -> str:
    """The name of the region *code*: a province's by Kemendagri, else *names*'s ('' if none)."""
    if code == "unknown":
        return UNKNOWN_ID
    return (names or {}).get(code) or PROVINCES.get(code, "")
