"""The nation's places for a data set at scale: real-shaped Kemendagri codes in all 38 provinces.

Kemendagri's province codes are real ([`PROVINCES`][kimcore.domain.regions.PROVINCES]); regencies,
districts and villages below them are invented but shaped as the ministry hands them out: regencies
``01``–``69`` and cities ``71``–``99``, districts ``01``–``99``, a kelurahan ``1001``–``1999`` and
a desa ``2001``–``2999``. How many of each follows from how many KIMs are asked for, about as in
the country (some 14 districts a regency, 12 villages a district), one KIM a village.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

import attrs

from kimcore.domain.regions import PROVINCES
from kimcore.vocabulary.government import Authority
from kimcore.vocabulary.places import Region

__all__ = ["District", "Regency", "nation"]

VILLAGES_PER_DISTRICT = 12
DISTRICTS_PER_REGENCY = 14
_MOST_REGENCIES = 80  # 64 regencies and 16 cities: inside both of Kemendagri's ranges
_WORDS = (
    "Suka",
    "Maju",
    "Makmur",
    "Jaya",
    "Sari",
    "Tanjung",
    "Batu",
    "Sungai",
    "Bukit",
    "Muara",
    "Baru",
    "Indah",
    "Mulya",
    "Harapan",
    "Sejahtera",
    "Karang",
    "Pasir",
    "Lubuk",
    "Padang",
    "Teluk",
    "Rejo",
    "Mekar",
    "Tengah",
    "Raya",
)


@attrs.frozen
class District:
    """A kecamatan and the villages (one KIM each) the data set seats in it."""

    region: Region
    villages: tuple[Region, ...]


@attrs.frozen
class Regency:
    """A regency or city, its head's authority, and its districts."""

    region: Region
    head: Authority
    districts: tuple[District, ...]

    @property
    def city(self) -> bool:
        """Whether it is a kota (a city: its villages are kelurahan)."""
        return self.head is Authority.MAYOR


def _name(rng: random.Random) -> str:
    first, second = rng.sample(_WORDS, 2)
    return f"{first} {second}"


def _shares(kims: int) -> list[int]:
    """How many KIMs each province gets: as even as whole numbers allow."""
    count = len(PROVINCES)
    return [kims // count + (p < kims % count) for p in range(count)]


def _regency(province: Region, r: int, kims: int, per_district: int, rng: random.Random) -> Regency:
    city = r % 5 == 4  # a city for every four regencies
    number = 71 + r // 5 if city else 1 + r - r // 5
    name = _name(rng)
    region = Region(
        code=f"{province.code}.{number:02d}", name=f"{'Kota' if city else 'Kab.'} {name}"
    )
    districts = []
    for d in range(math.ceil(kims / per_district)):
        district = Region(code=f"{region.code}.{d + 1:02d}", name=_name(rng))
        villages = []
        for v in range(min(per_district, kims - d * per_district)):
            # A city has only kelurahan; a regency mostly desa and a kelurahan at its seat.
            urban = city or v == 0
            code = f"{district.code}.{(1001 if urban else 2001) + v}"
            villages.append(Region(code=code, name=f"{'Kel.' if urban else 'Desa'} {_name(rng)}"))
        districts.append(District(region=district, villages=tuple(villages)))
    head = Authority.MAYOR if city else Authority.REGENT
    return Regency(region=region, head=head, districts=tuple(districts))


def nation(kims: int, seed: int) -> Iterator[tuple[Region, tuple[Regency, ...]]]:
    """Each province with its regencies, seating *kims* KIMs in all, one a village.

    Deterministic: the same *kims* and *seed* give the same places.
    """
    rng = random.Random(f"places:{seed}")
    for (code, name), share in zip(sorted(PROVINCES.items()), _shares(kims), strict=True):
        province = Region(code=code, name=name)
        if share == 0:
            yield province, ()
            continue
        per_district = VILLAGES_PER_DISTRICT
        regencies = min(_MOST_REGENCIES, math.ceil(share / (per_district * DISTRICTS_PER_REGENCY)))
        # Past 80 regencies (over 500,000 KIMs) districts hold more villages instead.
        per_district = max(per_district, math.ceil(share / (regencies * DISTRICTS_PER_REGENCY)))
        per_regency = [share // regencies + (r < share % regencies) for r in range(regencies)]
        yield (
            province,
            tuple(_regency(province, r, n, per_district, rng) for r, n in enumerate(per_regency)),
        )
