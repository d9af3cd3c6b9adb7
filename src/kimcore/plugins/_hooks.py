"""What each plugin hook's records must be, and the names a record claims.

[`Plugins.contributions`][kimcore.plugins.Plugins.contributions] checks every record a plugin
gives against `HOOKS` and refuses two records claiming one name (`names`). Read models and
routes are recognised by their shape: the plugin layer imports neither the views' tables nor
Starlette (an extra).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kimcore.domain.catalogue import Technique
from kimcore.domain.deciders import Decider
from kimcore.domain.partnership_types import PartnershipType
from kimcore.domain.region_catalogue import RegionCatalogue
from kimcore.events.base import Event
from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep, record_name
from kimcore.vocabulary.channels import Channel

__all__ = ["HOOKS", "IN_ORDER", "LAZY", "names"]


def _is_event_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Event)


def _is_read_model(value: object) -> bool:
    # Duck-typed as the ReadModel protocol is: a name, a version, tables, apply.
    return (
        isinstance(getattr(value, "name", None), str)
        and isinstance(getattr(value, "version", None), int)
        and isinstance(getattr(value, "tables", None), tuple)
        and callable(getattr(value, "apply", None))
    )


def _is_route(value: object) -> bool:
    # Duck-typed: the plugin layer does not import Starlette (an extra).
    return callable(getattr(value, "matches", None)) and isinstance(
        getattr(value, "path", None), str
    )


# Each hook: what its records must be, and what one record is called in messages.
HOOKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "kimcore_partnership_types": (lambda r: isinstance(r, PartnershipType), "partnership type"),
    "kimcore_techniques": (lambda r: isinstance(r, Technique), "technique"),
    "kimcore_channels": (lambda r: isinstance(r, Channel), "channel"),
    "kimcore_event_types": (_is_event_class, "event type"),
    "kimcore_upcasters": (lambda r: isinstance(r, UpcasterStep), "upcaster"),
    "kimcore_store_types": (lambda r: isinstance(r, StoreType), "store"),
    "kimcore_sink_types": (lambda r: isinstance(r, SinkType), "sink"),
    "kimcore_kek_providers": (lambda r: isinstance(r, KekProvider), "KEK provider"),
    "kimcore_deciders": (lambda r: isinstance(r, Decider), "decider"),
    "kimcore_region_catalogues": (lambda r: isinstance(r, RegionCatalogue), "region catalogue"),
    "kimcore_read_models": (_is_read_model, "read model"),
    "kimcore_routes": (_is_route, "route"),
}
# Called when first asked for, not at load: routes import the web extra.
LAZY = frozenset({"kimcore_routes"})
# Kept in the order given, not sorted by name: of a plugin's routes, the first that matches a
# request takes it (``/x/new`` before ``/x/{id}``).
IN_ORDER = frozenset({"kimcore_routes"})


def names(record: Any) -> list[str]:
    """The names *record* claims: no two records of one hook may share one."""
    if _is_route(record):
        # By method too: a plugin may answer GET and POST on one path with two routes.
        methods = getattr(record, "methods", None)
        return [f"{m} {record.path}" for m in sorted(methods)] if methods else [record.path]
    if _is_read_model(record):
        return [record.name, *(f"table {t.name}" for t in record.tables)]
    if isinstance(record, StoreType):
        return [record.name, *(f"scheme:{s}" for s in record.schemes)]
    return [record_name(record)]
