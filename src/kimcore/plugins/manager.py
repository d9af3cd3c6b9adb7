"""Loading plugins and collecting what they register.

[`get_plugins`][kimcore.plugins.manager.get_plugins] gives the process-wide
[`Plugins`][kimcore.plugins.Plugins], loaded once: the hook specs, then kimcore's built-in plugin,
then every ``kimcore`` entry point not blocked by name in ``KIMCORE_DISABLE_PLUGINS``
(comma-separated). Nothing is loaded at import time.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
from collections.abc import Collection, Iterable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from urllib.parse import urlsplit

import attrs
import pluggy

from kimcore.adapters.kek import KeyWrapper
from kimcore.adapters.threaded import AsyncThreadedStore
from kimcore.domain.catalogue import Catalogue
from kimcore.domain.deciders import Deciders
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.registry import EventRegistry
from kimcore.events.upcasting import Upcasters
from kimcore.plugins import builtin, hookspecs
from kimcore.plugins._hooks import HOOKS, IN_ORDER, LAZY, names
from kimcore.plugins._opening import kek_named, opened
from kimcore.plugins.errors import PluginConflict, PluginFailed, UnknownPluginName
from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep, record_name
from kimcore.vocabulary.errors import StoreError

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from kimcore.application.ports.models import Sink
    from kimcore.application.ports.store import EventStore
    from kimcore.application.ports.store_async import AsyncEventStore
    from kimcore.domain.views.tables import ReadModel

__all__ = [
    "BUILTIN",
    "DISABLE_ENV",
    "Contribution",
    "Plugins",
    "get_plugins",
    "open_async_store",
    "open_store",
]

BUILTIN = "kimcore.builtin"
DISABLE_ENV = "KIMCORE_DISABLE_PLUGINS"
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class Contribution(Generic[_T]):
    """A record and the plugin (and installed package, if any) it came from."""

    record: _T
    plugin: str
    package: str | None

    @property
    def source(self) -> str:
        """``plugin 'name' (package x.y)`` for messages."""
        return f"plugin {self.plugin!r}" + (f" ({self.package})" if self.package else "")


class Plugins:
    """The loaded plugins and everything they registered, checked and named."""

    def __init__(self, manager: pluggy.PluginManager, packages: dict[str, str]) -> None:
        self.manager = manager
        self._packages = packages
        self._collected: dict[str, tuple[Contribution[Any], ...]] = {}
        self._catalogue: Catalogue | None = None
        self._codec: Codec | None = None
        self._deciders: Deciders | None = None

    @classmethod
    def load(
        cls,
        *,
        entry_point_group: str | None = hookspecs.PROJECT,
        disable: Collection[str] = (),
        extra: Iterable[object] = (),
    ) -> Plugins:
        """Load the built-in plugin, then the entry points, then *extra* plugin objects.

        *disable* (and ``KIMCORE_DISABLE_PLUGINS``) blocks plugins by name;
        ``entry_point_group=None`` loads no installed plugin. Every hook is called once here, so
        loading raises [`PluginFailed`][kimcore.errors.PluginFailed] naming a plugin that fails to
        import, implements a hook kimcore does not have, raises in a hook or returns something else
        than its records, and [`PluginConflict`][kimcore.errors.PluginConflict] naming both plugins
        that claim one name.
        """
        manager = pluggy.PluginManager(hookspecs.PROJECT)
        manager.add_hookspecs(hookspecs)
        blocked = {*disable, *filter(None, os.environ.get(DISABLE_ENV, "").split(","))}
        for name in blocked:
            manager.set_blocked(name.strip())
        if not manager.is_blocked(BUILTIN):
            _register(manager, builtin, BUILTIN)
        packages: dict[str, str] = {}
        if entry_point_group:
            for point in entry_points(group=entry_point_group):
                if manager.is_blocked(point.name) or manager.has_plugin(point.name):
                    continue
                package = f"{point.dist.name} {point.dist.version}" if point.dist else None
                try:
                    plugin = point.load()
                except Exception as exc:
                    raise PluginFailed(
                        f"plugin {point.name!r} ({point.value}"
                        f"{', from ' + package if package else ''}) failed to load:"
                        f" {type(exc).__name__}: {exc}"
                    ) from exc
                _register(manager, plugin, point.name)
                if package:
                    packages[point.name] = package
        for plugin in extra:
            _register(manager, plugin, _extra_name(manager, plugin))
        try:
            manager.check_pending()
        except pluggy.PluginValidationError as exc:
            name = manager.get_name(exc.plugin) or _extra_name(manager, exc.plugin)
            why = str(exc).replace(
                repr(exc.plugin), repr(name)
            )  # pluggy shows the object's address
            raise PluginFailed(f"plugin {name!r} is not valid: {why}") from exc
        plugins = cls(manager, packages)
        for hook_name in [h for h in HOOKS if h not in LAZY]:  # a conflict or failure shows now
            plugins.contributions(hook_name)
        return plugins

    # -- collecting ---------------------------------------------------------------

    def contributions(
        self, hook_name: str, *, fresh: bool = False
    ) -> tuple[Contribution[Any], ...]:
        """Every record given to *hook_name*, sorted by name, each with its plugin.

        Raises [`PluginFailed`][kimcore.errors.PluginFailed] naming a plugin whose hook raised or
        gave something else than the hook's records, and
        [`PluginConflict`][kimcore.errors.PluginConflict] naming both plugins when two records
        share a name.
        """
        cached = None if fresh else self._collected.get(hook_name)
        if cached is not None:
            return cached
        accepts, what = HOOKS[hook_name]
        found: dict[str, Contribution[Any]] = {}
        for impl in getattr(self.manager.hook, hook_name).get_hookimpls():
            plugin = impl.plugin_name
            made = Contribution(record=None, plugin=plugin, package=self._packages.get(plugin))
            arguments = self._arguments(impl.argnames)  # a conflict there is the catalogue's
            raised = f"{made.source} raised in {hook_name}"
            try:
                given = impl.function(*arguments)
            except Exception as exc:
                raise PluginFailed(f"{raised}: {type(exc).__name__}: {exc}") from exc
            iterable = _iterable(given, made.source, hook_name, what)
            try:
                records = list(iterable)  # a generator's body runs here: it raised in the hook
            except Exception as exc:
                raise PluginFailed(f"{raised}: {type(exc).__name__}: {exc}") from exc
            for record in records:
                if not accepts(record):
                    raise PluginFailed(
                        f"{made.source} gave {hook_name} {record!r}, which is not a {what}"
                    )
                made = attrs.evolve(made, record=record)
                for name in names(record):
                    other = found.get(name)
                    if other is not None:
                        raise PluginConflict(
                            f"{what} {name!r} is claimed by both {other.source} and {made.source}"
                        )
                    found[name] = made
        unique = {id(c.record): c for c in found.values()}.values()
        result = tuple(
            unique if hook_name in IN_ORDER else sorted(unique, key=lambda c: record_name(c.record))
        )
        self._collected[hook_name] = result
        return result

    def _arguments(self, names: Iterable[str]) -> list[Any]:
        """What a hook implementation asks for by its parameters' names."""
        known = {"catalogue": self.catalogue}
        return [known[name]() for name in names]

    def _records(self, hook_name: str) -> list[Any]:
        return [c.record for c in self.contributions(hook_name)]

    # -- what the rest of kimcore asks for -----------------------------------------

    def catalogue(self) -> Catalogue:
        """Every registered channel, technique and partnership type (built once)."""
        if self._catalogue is None:
            self._catalogue = Catalogue.build(
                channels=self._records("kimcore_channels"),
                techniques=self._records("kimcore_techniques"),
                partnership_types=self._records("kimcore_partnership_types"),
                regions=self._records("kimcore_region_catalogues"),
            )
        return self._catalogue

    def codec(self) -> Codec:
        """A codec for every registered event type and upcaster (built once, shared)."""
        if self._codec is None:
            classes = cast("list[type[Event]]", self._records("kimcore_event_types"))
            upcasters = Upcasters()
            for step in cast("list[UpcasterStep]", self._records("kimcore_upcasters")):
                upcasters.register(step.type_name, step.from_version, step.step)
            self._codec = Codec(EventRegistry(classes), upcasters)
        return self._codec

    def deciders(self) -> Deciders:
        """Every registered decider, kimcore's group and forum among them (built once)."""
        if self._deciders is None:
            self._deciders = Deciders(self._records("kimcore_deciders"))
        return self._deciders

    def read_models(self) -> list[ReadModel]:
        """Every registered read model, made anew (kimcore's portal models and report facts)."""
        found = self.contributions("kimcore_read_models", fresh=True)
        return [c.record for c in found]

    def routes(self) -> list[BaseRoute]:
        """Every HTTP route plugins add, in the order they load and give them (each path once)."""
        return [c.record for c in self.contributions("kimcore_routes")]

    def store_type(self, scheme: str) -> StoreType:
        """The store registered for URL *scheme*."""
        for contribution in self.contributions("kimcore_store_types"):
            store: StoreType = contribution.record
            if scheme in store.schemes:
                return store
        stores = self.contributions("kimcore_store_types")
        known = sorted(s for c in stores for s in c.record.schemes)
        raise UnknownPluginName(
            f"no store for the URL scheme {scheme!r} (known: {', '.join(known)})"
        )

    def open_store(self, url: str) -> EventStore:
        """The store *url* names, through the store registered for its scheme.

        A ``kek=PROVIDER:ARGUMENT`` parameter (or, without one, the
        ``KIMCORE_KEK`` environment variable) names the key-encryption key
        the store's keys are wrapped with; it is resolved here, through the
        ``kimcore_kek_providers`` hook, and passed to the store as
        ``key_wrapper``.
        """
        store_type, url, wrapper = self._resolve(url)
        return opened(store_type, store_type.open, url, wrapper)

    async def open_async_store(self, url: str) -> AsyncEventStore:
        """The async store *url* names, open: the twin of `open_store`.

        The store registered for the scheme opens it with its ``open_async``;
        one registered without it is opened by ``open`` in a worker thread and
        run in worker threads of its own
        ([`AsyncThreadedStore`][kimcore.stores.AsyncThreadedStore]).
        """
        store_type, url, wrapper = self._resolve(url)
        if store_type.open_async is not None:
            return await opened(store_type, store_type.open_async, url, wrapper)
        store = await asyncio.to_thread(opened, store_type, store_type.open, url, wrapper)
        return AsyncThreadedStore(store)

    def _resolve(self, url: str) -> tuple[StoreType, str, KeyWrapper | None]:
        """The store type of *url*'s scheme, *url* without its ``kek``, and the KEK it names."""
        if not isinstance(url, str):
            raise StoreError(f"a store URL is text, got {type(url).__name__}")
        scheme = urlsplit(url).scheme
        try:
            store_type = self.store_type(scheme)
        except UnknownPluginName as exc:
            raise StoreError(f"{url!r}: {exc}") from None
        url, wrapper = self._key_wrapper(url)
        return store_type, url, wrapper

    def _key_wrapper(self, url: str) -> tuple[str, KeyWrapper | None]:
        """*url* without its ``kek`` parameter, and the KEK it (or the environment) names."""
        bare, named = kek_named(url)
        return bare, None if named is None else self.kek(*named)

    def kek(self, provider: str, argument: str = "") -> KeyWrapper:
        """The key-encryption key that the provider named *provider* gives for *argument*."""
        for contribution in self.contributions("kimcore_kek_providers"):
            record: KekProvider = contribution.record
            if record.name == provider:
                return record.open(argument)
        known = ", ".join(c.record.name for c in self.contributions("kimcore_kek_providers"))
        raise StoreError(f"kek={provider}:…: no such KEK provider (known: {known})")

    def sink_type(self, name: str) -> SinkType:
        """The sink registered as *name*."""
        for contribution in self.contributions("kimcore_sink_types"):
            if contribution.record.name == name:
                sink: SinkType = contribution.record
                return sink
        known = ", ".join(c.record.name for c in self.contributions("kimcore_sink_types"))
        raise UnknownPluginName(f"no sink called {name!r} (known: {known})")

    def sink(self, name: str, **options: Any) -> Sink:
        """A new sink of the type *name*, made with *options*."""
        return self.sink_type(name).create(**options)

    def describe(self) -> list[tuple[str, str | None, list[str]]]:
        """``(plugin, package, hooks it implements)`` for every loaded plugin."""
        rows = []
        for name, plugin in sorted(self.manager.list_name_plugin(), key=lambda p: str(p[0])):
            if plugin is None:
                continue
            hooks = sorted(h.name for h in self.manager.get_hookcallers(plugin) or ())
            rows.append((str(name), self._packages.get(str(name)), hooks))
        return rows


def _iterable(given: object, source: str, hook_name: str, what: str) -> Iterable[Any]:
    """*given*, a hook's result, if it can hold records (None: none); else `PluginFailed`."""
    if given is None:
        return ()
    if isinstance(given, Iterable) and not isinstance(given, (str, bytes)):
        return given
    shown = repr(given)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise PluginFailed(
        f"{source} returned {type(given).__name__} {shown} from {hook_name},"
        f" not an iterable of {what}s"
    )


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register *plugin* as *name*: `PluginFailed` naming it if a hook takes what it is not offered.

    pluggy checks a known hook's arguments as it registers, before ``check_pending``, and says
    so in several lines.
    """
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        said = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        said = said.replace(f"Plugin {name!r} for hook", "hook", 1)  # the name leads already
        hook = re.search(r"for hook '(\w+)'", str(exc))
        spec = getattr(getattr(manager.hook, hook.group(1), None), "spec", None) if hook else None
        if spec is not None:
            offered = ", ".join(spec.argnames)
            said += f" ({spec.name} offers {offered or 'no argument'})"
        raise PluginFailed(f"plugin {name!r} is not valid: {said}") from exc


def _extra_name(manager: pluggy.PluginManager, plugin: object) -> str:
    """A plugin object's name: its ``__name__``, else its class's module and name, never its id."""
    name = getattr(plugin, "__name__", None)
    if not isinstance(name, str) or not name:
        kind = type(plugin)
        name = f"{kind.__module__}.{kind.__qualname__}"
    base, n = name, 1
    while manager.has_plugin(name) or manager.is_blocked(name):
        n += 1
        name = f"{base}#{n}"
    return name


def open_store(url: str) -> EventStore:
    """The store *url* names (``memory://``, ``sqlite:///kim.db``, ``postgresql://…``), opened.

    The scheme is resolved through the plugins' ``kimcore_store_types`` hook, where kimcore's own
    stores are registered like any other; the schema is created on first use. A ``kek=`` parameter
    names the key-encryption key (see [`Plugins.open_store`][kimcore.plugins.Plugins.open_store]).
    """
    return get_plugins().open_store(url)


async def open_async_store(url: str) -> AsyncEventStore:
    """The async store *url* names, open (``memory://``, ``sqlite:///kim.db``, ``postgresql://…``).

    The async twin of [`open_store`][kimcore.stores.open_store], with the same URLs and
    parameters: PostgreSQL gives an [`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore]
    (psycopg's async connections), SQLite an [`AsyncSqliteStore`][kimcore.stores.AsyncSqliteStore]
    (its calls in worker threads), memory an [`AsyncMemoryStore`][kimcore.stores.AsyncMemoryStore];
    a plugin's store its own async twin, or itself in worker threads. Close it with
    ``await store.aclose()``, or open it with ``async with await open_async_store(url) as store``.
    """
    return await get_plugins().open_async_store(url)


@functools.cache
def get_plugins() -> Plugins:
    """The process's plugins, loaded on first use (``get_plugins.cache_clear()`` reloads)."""
    return Plugins.load()
