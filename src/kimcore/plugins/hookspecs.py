"""kimcore's plugin hooks (pluggy).

A plugin is a module or object with functions named after these specs and marked with
[`hookimpl`][kimcore.plugins.hookspecs.hookimpl], registered under the ``kimcore`` entry-point
group. Every hook returns (or yields) typed records; the
[`Plugins`][kimcore.plugins.Plugins] manager collects them, names which plugin gave each, and
refuses two records with one name. kimcore's own partnership types, stores, sinks and events come
through these same hooks, from `kimcore.plugins.builtin`.

Hooks grow by gaining arguments: an implementation names only those it uses,
so a plugin written today keeps working when a hook gains one. Every hook is
documented with an example in ``docs/plugins.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from kimcore.domain.catalogue import Catalogue, Technique
    from kimcore.domain.deciders import Decider
    from kimcore.domain.partnership_types import PartnershipType
    from kimcore.domain.region_catalogue import RegionCatalogue
    from kimcore.domain.views.tables import ReadModel
    from kimcore.events.base import Event
    from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep
    from kimcore.vocabulary.channels import Channel

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "kimcore"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's function as the implementation of the kimcore hook it is named after."""


@hookspec
def kimcore_partnership_types() -> Iterable[PartnershipType]:  # type: ignore[empty-body]
    """Partnership types (kemitraan) the domain accepts in ``SignPartnership``."""


@hookspec
def kimcore_techniques() -> Iterable[Technique]:  # type: ignore[empty-body]
    """Activity techniques (teknik) the domain accepts in ``HoldActivity``."""


@hookspec
def kimcore_channels() -> Iterable[Channel]:  # type: ignore[empty-body]
    """Information channels (saluran) groups may declare."""


@hookspec
def kimcore_event_types() -> Iterable[type[Event]]:  # type: ignore[empty-body]
    """Event classes, each decorated with ``@event_type(name, version)``."""


@hookspec
def kimcore_upcasters() -> Iterable[UpcasterStep]:  # type: ignore[empty-body]
    """Upcasting steps for stored payloads of older event schema versions."""


@hookspec
def kimcore_store_types() -> Iterable[StoreType]:  # type: ignore[empty-body]
    """Event stores, by the URL schemes ``open_store`` resolves to them."""


@hookspec
def kimcore_sink_types() -> Iterable[SinkType]:  # type: ignore[empty-body]
    """Projection sinks that deliver events to other apps."""


@hookspec
def kimcore_kek_providers() -> Iterable[KekProvider]:  # type: ignore[empty-body]
    """Sources of key-encryption keys (an environment variable, a file, a KMS)."""


@hookspec
def kimcore_deciders() -> Iterable[Decider]:  # type: ignore[empty-body]
    """Kinds of aggregate with their commands: how each command is decided and its events fold."""


@hookspec
def kimcore_region_catalogues() -> Iterable[RegionCatalogue]:  # type: ignore[empty-body]
    """Regency, district and village lists (Kemendagri codes) for the provinces they cover."""


@hookspec
def kimcore_read_models(catalogue: Catalogue) -> Iterable[ReadModel]:  # type: ignore[empty-body]
    """Read models a service keeps (``kimcore serve``, ``kimcore project``), new each call.

    *catalogue* holds every registered technique, channel and partnership type, for a read
    model that counts by them. Each table a read model declares is served at
    ``/api/models/{table}``, filtered and paged (its ``filterable`` and ``sortable``
    columns indexed).
    """


@hookspec
def kimcore_routes() -> Iterable[BaseRoute]:  # type: ignore[empty-body]
    """HTTP routes (Starlette ``Route``s or ``Mount``s) the service adds beside its own.

    Called only when the HTTP service is made, so a plugin imports Starlette inside it. They
    are kept in the order given; one that could take a request one of kimcore's routes or
    another plugin's would take is a `PluginConflict` (``docs/plugins.md`` says how paths are
    compared). An endpoint finds the service with ``kimcore.web.http.reader(request)`` (which
    also checks that the request may read).
    """
