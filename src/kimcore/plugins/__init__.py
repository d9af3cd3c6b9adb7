"""kimcore's plugin system on pluggy: load plugins, collect what they register.

The hooks are in [`kimcore.plugins.hookspecs`][kimcore.plugins.hookspecs]; ``docs/plugins.md`` shows
how to write a plugin.
"""

from __future__ import annotations

from kimcore.plugins.errors import PluginConflict, PluginError, PluginFailed, UnknownPluginName
from kimcore.plugins.hookspecs import hookimpl, hookspec
from kimcore.plugins.manager import (
    BUILTIN,
    DISABLE_ENV,
    Contribution,
    Plugins,
    get_plugins,
    open_async_store,
    open_store,
)
from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep

__all__ = [
    "BUILTIN",
    "DISABLE_ENV",
    "Contribution",
    "KekProvider",
    "PluginConflict",
    "PluginError",
    "PluginFailed",
    "Plugins",
    "SinkType",
    "StoreType",
    "UnknownPluginName",
    "UpcasterStep",
    "get_plugins",
    "hookimpl",
    "hookspec",
    "open_async_store",
    "open_store",
]
