"""Errors of the plugin system.

::

    PluginError                 a plugin could not be loaded or used
    ├── PluginConflict          two plugins claim one name
    ├── PluginFailed            a plugin raised, or returned something that is not a record
    └── UnknownPluginName       nothing is registered under the name asked for
"""

from __future__ import annotations

__all__ = ["PluginConflict", "PluginError", "PluginFailed", "UnknownPluginName"]


class PluginError(Exception):
    """A plugin could not be loaded or used."""


class PluginConflict(PluginError):
    """Two plugins claim one name (the message names both)."""


class PluginFailed(PluginError):
    """A plugin raised while loading or answering a hook (the message names it)."""


class UnknownPluginName(PluginError, LookupError):
    """No plugin registered anything under the name asked for."""
