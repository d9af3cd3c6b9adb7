"""Trusted structure hooks: stored events built without running their validators again.

An event in a store was validated when it was decided, so reading it back need not check every
name's length and every region code's digits again; that was a third of the cost of reading the
log. The hook made here for an attrs class converts each field with the converter's hook for its
type (so a payload of the wrong shape still fails) and sets the instance's slots, as attrs' own
``__init__`` does for a frozen class, without the field validators. A class's
``__attrs_post_init__`` still runs: kimcore's compare fields with each other, and a plugin's may
compute something.

Its plain twin is cattrs' own hook on a converter made without ``trusted``, which calls the class
and so runs every validator: `kimcore verify` reads through that one, and a property test shows
that both build equal events from every payload kimcore writes. A payload that does not hold
exactly the class's fields (one left out to its default, an extra one, not a mapping) goes to the
twin, which structures it or raises as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from kimcore.events.declarations import type_hints

__all__ = ["register_trusted_hooks"]

StructureHook = Callable[[Any, Any], Any]
_new = object.__new__
_set = object.__setattr__


def _trusted_hook(converter: cattrs.Converter, cls: type) -> StructureHook:
    checked: StructureHook = make_dict_structure_fn(cls, converter)
    fields = attrs.fields(cls)
    if any(not f.init or f.converter is not None for f in fields):
        # Fields the class computes or converts itself: let the class build it.
        return checked
    hints = type_hints(cls)
    steps = tuple(
        (f.name, converter.get_structure_hook(hints[f.name]), hints[f.name]) for f in fields
    )
    names = frozenset(f.name for f in fields)
    count = len(names)
    post_init: Callable[[Any], None] | None = getattr(cls, "__attrs_post_init__", None)

    def structure(data: Any, _: Any = None) -> Any:
        if data.__class__ is not dict or len(data) != count or not names.issuperset(data):
            return checked(data, cls)
        made: Any = _new(cls)
        for name, hook, hint in steps:
            _set(made, name, hook(data[name], hint))
        if post_init is not None:
            post_init(made)
        return made

    return structure


def register_trusted_hooks(converter: cattrs.Converter) -> None:
    """Structure every attrs class on *converter* through a trusted hook."""
    converter.register_structure_hook_factory(attrs.has, lambda cls: _trusted_hook(converter, cls))
