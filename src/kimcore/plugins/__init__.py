"""kimcore's plugin system on pluggy: load plugins, collect what they register.

The hooks are in [`kimcore.plugins.hookspecs`][kimcore.plugins.hookspecs]; ``docs/plugins.md`` shows
how to write a plugin.
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.plugins.hookspecs import hookimpl, hookspec
from kimcore.plugins.manager import (
    BUILTIN,
    DISABLE_ENV,
    Contribution,
    Plugins,
    get_plugins,
)
from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep

__all__ = [
    "BUILTIN",
    "DISABLE_ENV",
    "Contribution",
    "KekProvider",
    "Plugins",
    "SinkType",
    "StoreType",
    "UpcasterStep",
    "get_plugins",
    "hookimpl",
    "hookspec",
]

# Names listed in another face since #24 answer from there, with a warning, until 0.3.
__getattr__ = _deprecated.old_names(__name__)
