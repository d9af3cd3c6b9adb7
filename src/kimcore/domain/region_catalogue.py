"""Regency, district and village lists a deployment brings (the ``kimcore_region_catalogues`` hook).

kimcore ships Kemendagri's province list; the lists below it change as regions
split and are re-coded, so a deployment (or a plugin for its province) brings
its own. Where a catalogue covers a code, a command may name only a region the
catalogue lists, and a code it marks re-coded is refused with its successors
named; a group already seated under an old code records the change with
[`RecodeSeat`][kimcore.commands.RecodeSeat]. Where no catalogue covers a code,
only its shape and Kemendagri's ranges are checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.places import Region

__all__ = ["RegionCatalogue", "RegionCatalogues"]


def _codes(_instance: object, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, Mapping):
        raise InvalidValue(attribute.name, f"a mapping of region codes, got {value!r}")
    for code, entry in value.items():
        for each in (code, *(entry if isinstance(entry, tuple) else ())):
            Region(code=each, name="-")  # the shape, checked where a region is made


@attrs.frozen(kw_only=True)
class RegionCatalogue:
    """One province's or regency's list of region codes and its re-codings.

    ``covers``: the province or regency codes this list is complete for.
    ``regions``: every regency, district and village code under them, with
    its name. ``recoded``: an old code and the codes that replaced it.
    """

    name: str = attrs.field(validator=v.text(100))
    covers: frozenset[str] = attrs.field(validator=v.frozenset_of(str, min_length=1))
    regions: Mapping[str, str] = attrs.field(validator=_codes)
    recoded: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, validator=_codes)

    def covering(self, code: str) -> bool:
        """Whether *code* lies under one of the codes this catalogue covers."""
        return any(code == c or code.startswith(c + ".") for c in self.covers)


@attrs.frozen
class RegionCatalogues:
    """The catalogues in force; each code is covered by at most one."""

    catalogues: tuple[RegionCatalogue, ...] = ()

    @classmethod
    def of(cls, catalogues: Iterable[RegionCatalogue]) -> RegionCatalogues:
        """These catalogues, refusing two that cover one code."""
        found = tuple(catalogues)
        claimed: dict[str, str] = {}
        for catalogue in found:
            for code in catalogue.covers:
                for other, name in claimed.items():
                    if (
                        code == other
                        or code.startswith(other + ".")
                        or other.startswith(code + ".")
                    ):
                        raise InvalidValue(
                            "regions", f"{catalogue.name!r} and {name!r} both cover {code!r}"
                        )
                claimed[code] = catalogue.name
        return cls(found)

    def covering(self, code: str) -> RegionCatalogue | None:
        """The catalogue that covers *code*, if one does."""
        return next((c for c in self.catalogues if c.covering(code)), None)

    def successors(self, code: str) -> tuple[str, ...]:
        """The codes that replaced *code*, by its catalogue (none when it was not re-coded)."""
        catalogue = self.covering(code)
        return () if catalogue is None else tuple(catalogue.recoded.get(code, ()))

    def check(self, region: Region, field: str) -> None:
        """Refuse a covered code the catalogue does not list, or lists as re-coded."""
        catalogue = self.covering(region.code)
        if catalogue is None or region.code in catalogue.covers:
            return
        if region.code in catalogue.recoded:
            new = ", ".join(catalogue.recoded[region.code])
            raise InvalidValue(field, f"{region.code!r} was re-coded to {new} ({catalogue.name})")
        if region.code not in catalogue.regions:
            raise InvalidValue(field, f"{region.code!r} is not in {catalogue.name}")
