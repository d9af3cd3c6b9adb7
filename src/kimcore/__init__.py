"""kimcore: an event-sourced core for Indonesia's community information groups (KIM).

The [`Application`][kimcore.Application] (and, for asyncio, the
[`AsyncApplication`][kimcore.AsyncApplication]) are here. Every other public name has one home, a
named module complete for its subject; the names a user types first (the stores, the commands,
the values they are made of, the event and error bases, ``Policy``, ``open_store``) are also
shortcuts from here (``kimcore.JoinGroup`` is ``kimcore.commands.JoinGroup``), listed in their
home only:

- [`kimcore.commands`][kimcore.commands]: every command; [`kimcore.values`][kimcore.values]: every
  value and enumeration; [`kimcore.events`][kimcore.events]: every event, the codec, envelopes;
- [`kimcore.errors`][kimcore.errors]: every error, by family;
- [`kimcore.stores`][kimcore.stores]: the store port, the stores, keys, copies, exports;
- [`kimcore.personal`][kimcore.personal]: personal-field declarations and erasure;
- [`kimcore.domain`][kimcore.domain]: deciders, states, policies, the catalogue;
- [`kimcore.projections`][kimcore.projections]: read models, model stores, sinks, the projector;
- [`kimcore.plugins`][kimcore.plugins]: the plugin manager and the records hooks return;
- `kimcore.testing`: the testing kit.

Layers and where each module sits: ``docs/design/layers.md``.
"""

from __future__ import annotations

import logging
from typing import Any

from kimcore import _deprecated, commands, domain, errors, events, personal, stores, values
from kimcore._shortcuts import *  # noqa: F403 - the shortcuts to names listed in the faces
from kimcore.application.defaults import Defaults, use_defaults
from kimcore.application.service import Application
from kimcore.application.service_async import AsyncApplication
from kimcore.plugins import get_plugins

__all__ = ["Application", "AsyncApplication"]

# The modules named above, as attributes (kimcore.values.Region…), not in __all__.
_FACES = (commands, domain, errors, events, personal, stores, values)


def _defaults_from_plugins() -> Defaults:
    plugins = get_plugins()
    return Defaults(
        catalogue=plugins.catalogue(), codec=plugins.codec(), deciders=plugins.deciders()
    )


# Old import paths (moved names and modules) work for one release, with a warning.
_deprecated.install()

# The one place where the layers below learn what the plugins register.
use_defaults(_defaults_from_plugins)

# A library is silent until its user configures logging (the logging HOWTO's advice).
logging.getLogger("kimcore").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # The version is read lazily so importing kimcore never touches package metadata,
    # and the PostgreSQL store so that importing kimcore never needs psycopg.
    if name == "__version__":
        from kimcore._version import __version__  # noqa: PLC0415

        return __version__
    if name == "PostgresStore":
        from kimcore.adapters.postgres import PostgresStore  # noqa: PLC0415

        return PostgresStore
    raise AttributeError(f"module 'kimcore' has no attribute {name!r}")
