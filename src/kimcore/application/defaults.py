"""What the application layer uses when it is not told: one place, filled in at the edge.

The application service and the projector take a catalogue, a codec and the deciders as arguments.
When a caller gives none, they come from here, and what is here is set once by ``kimcore`` itself
at import (from the loaded plugins: [`kimcore.plugins.get_plugins`][kimcore.plugins.get_plugins]).
So the layer below the plugins never imports them; a program that wants other defaults calls
[`use_defaults`][kimcore.application.defaults.use_defaults].
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from kimcore.domain.builtin import BUILTIN_DECIDERS
from kimcore.domain.catalogue import Catalogue
from kimcore.domain.deciders import Deciders
from kimcore.events.codec import Codec

__all__ = ["Defaults", "defaults", "use_defaults"]


@attrs.frozen(kw_only=True)
class Defaults:
    """The catalogue a default policy holds, the codec, and the deciders."""

    catalogue: Catalogue
    codec: Codec
    deciders: Deciders


def _builtin() -> Defaults:
    return Defaults(catalogue=Catalogue.default(), codec=Codec(), deciders=BUILTIN_DECIDERS)


_resolve: Callable[[], Defaults] = _builtin


def use_defaults(resolve: Callable[[], Defaults]) -> None:
    """Make *resolve* the source of defaults (called each time an object needs them)."""
    global _resolve  # noqa: PLW0603 - the one switch, set at the edge
    _resolve = resolve


def defaults() -> Defaults:
    """The defaults now in force: kimcore's plugins' once ``kimcore`` is imported."""
    return _resolve()
