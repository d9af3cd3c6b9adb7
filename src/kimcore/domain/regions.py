"""Kemendagri's area codes, checked as the ministry hands them out.

A code is ``PP.RR.DD.VVVV``: province, regency or city, district
(kecamatan), village. The shape is checked wherever a
[`Region`][kimcore.values.Region] is made; what the ministry's lists allow is
checked here, when a command records a region (an old stored event is read
as it was recorded):

- the province is one of Kemendagri's current 38 (:data:`PROVINCES`);
- a regency is ``01``–``69`` (kabupaten) and a city ``71``–``99`` (kota);
- a district is ``01``–``99``;
- a village is ``1001``–``1999`` (kelurahan, an urban ward) or
  ``2001``–``2999`` (desa, "or its local name": nagari, gampong, kampung);
- a group's seat agrees with its code: a kelurahan code is an urban ward, a
  desa code a village.

Regency and village lists are not shipped: regions split and are re-coded,
and a deployment brings its own
([`RegionCatalogue`][kimcore.domain.RegionCatalogue], through the
``kimcore_region_catalogues`` hook).
"""

from __future__ import annotations

from typing import Final

from kimcore.domain.errors import DecreeOutsideRegion, InvalidValue
from kimcore.domain.region_catalogue import RegionCatalogues
from kimcore.vocabulary.government import Authority, Decree
from kimcore.vocabulary.places import Region, RegionLevel, Seat, Settlement

__all__ = [
    "PROVINCES",
    "authority_region",
    "check_decree",
    "check_region",
    "check_seat",
    "regency_kind",
    "settlement_of",
]

# Kemendagri's province codes and names (Kepmendagri 100.1.1-6117/2022, with the
# four Papuan provinces formed in 2022).
PROVINCES: Final = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "Daerah Istimewa Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


def regency_kind(region: Region) -> str:
    """``"kabupaten"`` (regency, 01–69) or ``"kota"`` (city, 71–99) of a region's regency."""
    return "kota" if int(region.ancestor_code(RegionLevel.REGENCY)[-2:]) >= 71 else "kabupaten"


def settlement_of(region: Region) -> Settlement:
    """What a village code says its unit is: 1xxx a kelurahan, 2xxx a desa."""
    return Settlement.URBAN_WARD if region.code[-4] == "1" else Settlement.VILLAGE


def check_region(
    region: Region, field: str = "region", catalogue: RegionCatalogues | None = None
) -> Region:
    """*region* if its code is one Kemendagri can give, else InvalidValue naming the part.

    With a *catalogue* that covers the code, the code must also be one it lists.
    """
    parts = region.code.split(".") if region.code else []
    if parts and parts[0] not in PROVINCES:
        raise InvalidValue(field, f"{parts[0]!r} is not a province in Kemendagri's list")
    if len(parts) > 1 and not (1 <= int(parts[1]) <= 69 or 71 <= int(parts[1]) <= 99):
        raise InvalidValue(
            field, f"{parts[1]!r} is no regency (01–69) or city (71–99) of {region.code!r}"
        )
    if len(parts) > 2 and int(parts[2]) == 0:
        raise InvalidValue(field, f"district 00 of {region.code!r} does not exist")
    if len(parts) > 3:
        village = parts[3]
        if village[0] not in "12" or int(village[1:]) == 0:
            raise InvalidValue(
                field,
                f"{village!r} is no kelurahan (1001–1999) or desa (2001–2999) of {region.code!r}",
            )
    if catalogue is not None:
        catalogue.check(region, field)
    return region


def check_seat(seat: Seat, field: str = "seat", catalogue: RegionCatalogues | None = None) -> Seat:
    """*seat* if its region is a real village code and its settlement agrees with it."""
    check_region(seat.region, f"{field}.region", catalogue)
    expected = settlement_of(seat.region)
    if seat.settlement is not expected:
        kind = "kelurahan (1xxx)" if expected is Settlement.URBAN_WARD else "desa (2xxx)"
        raise InvalidValue(
            f"{field}.settlement",
            f"{seat.region.code!r} is a {kind} code, so the seat is a {expected.value},"
            f" not a {seat.settlement.value}",
            code=seat.region.code,
            expected=expected,
            settlement=seat.settlement,
        )
    return seat


# What region each authority serves: its level, and for villages and regencies which kind.
_SERVES: Final[dict[Authority, tuple[RegionLevel, ...]]] = {
    Authority.NEIGHBOURHOOD_HEAD: (RegionLevel.VILLAGE,),
    Authority.VILLAGE_HEAD: (RegionLevel.VILLAGE,),
    Authority.LURAH: (RegionLevel.VILLAGE,),
    Authority.CAMAT: (RegionLevel.DISTRICT,),
    Authority.REGENT: (RegionLevel.REGENCY,),
    Authority.MAYOR: (RegionLevel.REGENCY,),
    Authority.COMMUNICATION_OFFICE_HEAD: (RegionLevel.REGENCY, RegionLevel.PROVINCE),
    Authority.GOVERNOR: (RegionLevel.PROVINCE,),
    Authority.MINISTER: (RegionLevel.NATIONAL,),
}


def check_decree(
    decree: Decree, over: Region, field: str = "decree", catalogue: RegionCatalogues | None = None
) -> Decree:
    """*decree* if its authority serves its region, and that region holds *over*.

    A village head serves a desa, a lurah a kelurahan, a camat a kecamatan, a
    bupati a kabupaten, a wali kota a kota, a communication office's head its
    regency, city or province, a governor a province, a minister the nation.
    """
    region = decree.region
    if region is None:
        raise InvalidValue(
            f"{field}.region",
            "a decree names the region of the office that issued it (its desa or kelurahan,"
            " kecamatan, kabupaten or kota, province; the nation for a minister)",
        )
    check_region(region, f"{field}.region", catalogue)
    authority = decree.authority
    levels = _SERVES[authority]
    wrong = region.level not in levels
    if (
        not wrong
        and region.level is RegionLevel.VILLAGE
        and authority is not Authority.NEIGHBOURHOOD_HEAD
    ):
        wrong = (authority is Authority.LURAH) != (settlement_of(region) is Settlement.URBAN_WARD)
    if not wrong and authority in (Authority.REGENT, Authority.MAYOR):
        wrong = (authority is Authority.MAYOR) != (regency_kind(region) == "kota")
    if wrong:
        raise InvalidValue(
            f"{field}.region",
            f"a {authority.value.replace('_', ' ')} does not serve {region.code or 'the nation'!r}",
        )
    if not region.contains(over):
        raise DecreeOutsideRegion(
            f"a decree of the {authority.value.replace('_', ' ')} of {region.name!r}"
            f" ({region.code or 'nation'}) cannot reach {over.name!r} ({over.code})"
        )
    return decree


def authority_region(authority: Authority, over: Region, name: str | None = None) -> Region:
    """The region *authority* serves that holds *over*: what a decree about *over* names.

    *name* defaults to *over*'s name when it is that region, else to the code.
    """
    level = max(_SERVES[authority], key=int)  # the narrowest level it serves
    if level > over.level:
        raise InvalidValue(
            "authority", f"a {authority.value} serves no region within {over.code!r}"
        )
    code = over.ancestor_code(level)
    return Region(code=code, name=name or (over.name if code == over.code else code or "Indonesia"))
