"""The codec's decoders: one per stored (type name, version, validating), made on first use.

A decoder is what reading one stored shape of an event needs, looked up once because decoding
the log is the hot path of every read: the current class, the upcaster from the stored version
(``None`` at the current one), the class's sealing plan, its cattrs structure hook (validating or
trusted), and its decoder in C (`kimcore.events._fast`; trusted reads only, where the class has
one). A class the C decoder cannot mirror is noted in ``plain_path`` with the reason, once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import cattrs

from kimcore import _json
from kimcore.events import _fast
from kimcore.events.base import Event
from kimcore.events.protection import Plan, plan_for
from kimcore.events.registry import EventRegistry
from kimcore.events.upcasting import Upcasters

__all__ = ["Decoder", "Decoders"]

Decoder = tuple[
    type[Event],
    Callable[[dict[str, Any]], dict[str, Any]] | None,
    Plan | None,
    Callable[[Any, Any], Any],
    _fast.FastDecoder | None,
]
_log = logging.getLogger("kimcore.events")


class Decoders:
    """The decoders of *registry*'s events, made with *upcasters* and the codec's converters.

    *validating* structures with the field validators run, *trusted* without; with *fast*,
    trusted reads get a decoder in C where the class has one. ``made`` holds each one made (the
    codec looks there first), ``plain_path`` each class decoded without C although *fast*.
    """

    def __init__(
        self,
        registry: EventRegistry,
        upcasters: Upcasters,
        *,
        validating: cattrs.Converter,
        trusted: cattrs.Converter,
        fast: bool,
    ) -> None:
        self.registry = registry
        self.upcasters = upcasters
        self._validating = validating
        self._trusted = trusted
        self.fast = fast
        self.made: dict[tuple[str, int, bool], Decoder] = {}
        self.plain_path: dict[type, str] = {}

    def make(self, type_name: str, version: int, validate: bool) -> Decoder:
        """The decoder of one stored (type, version), made once."""
        cls = self.registry.get(type_name)
        upcast = None
        if version != cls.event_version:
            upcast = functools.partial(self.upcasters.upcast, type_name, version, cls.event_version)
        plan = plan_for(cls)
        converter = self._validating if validate else self._trusted
        decoder = (
            cls,
            upcast,
            plan,
            converter.get_structure_hook(cls),
            None if validate or not self.fast else self._fast_decoder(cls, plan, upcast),
        )
        self.made[type_name, version, validate] = decoder
        return decoder

    def _fast_decoder(
        self,
        cls: type[Event],
        plan: Plan | None,
        upcast: Callable[[dict[str, Any]], dict[str, Any]] | None,
    ) -> _fast.FastDecoder | None:
        try:
            return _fast.fast_decoder(cls, plan, upcast, _json.loads)
        except _fast.Unsupported as why:
            if cls not in self.plain_path:
                self.plain_path[cls] = str(why)
                _log.info("%s decodes on the plain path: %s", cls.event_name, why)
            return None
