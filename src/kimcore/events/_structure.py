"""Lean structure hooks for attrs classes, on the fast (non-detailed) converter only.

cattrs' generated hook collects optional fields into a dict for ``**kwargs``
and builds a set of the payload's keys to find extra ones, for every object
of every event read. kimcore writes every field of every object, so a payload
nearly always holds exactly the class's fields: for that case the hook here
calls the class with each field converted by cattrs' own hook for its type,
and checks the keys without building anything. Any other payload — a field
left out, an extra one, not a mapping at all — goes to cattrs' generated hook,
which structures it or raises as it always did; the codec then explains the
failure with the detailed converter.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from kimcore.events.declarations import type_hints

__all__ = ["register_lean_hooks"]

StructureHook = Callable[[Any, Any], Any]


def _lean_hook(converter: cattrs.Converter, cls: type) -> StructureHook:
    fallback: StructureHook = make_dict_structure_fn(cls, converter)
    fields = [f for f in attrs.fields(cls) if f.init]
    if any(getattr(f.default, "takes_self", False) for f in fields):
        return fallback  # a default computed from the instance: cattrs' hook handles it
    hints = type_hints(cls)
    names = [f.name for f in fields]
    scope: dict[str, Any] = {
        "__cls": cls,
        "__fallback": fallback,
        "__keys": frozenset(names),
        "__count": len(names),
    }
    arguments = []
    for index, field in enumerate(fields):
        scope[f"__h{index}"] = converter.get_structure_hook(hints[field.name])
        scope[f"__t{index}"] = hints[field.name]
        arguments.append(f"{field.alias}=__h{index}(o[{field.name!r}], __t{index})")
    name = f"structure_{cls.__name__}"
    source = "\n".join(
        [
            f"def {name}(o, _=None):",
            "    if len(o) != __count or not __keys.issuperset(o):",
            "        return __fallback(o, __cls)",
            f"    return __cls({', '.join(arguments)})",
        ]
    )
    filename = f"<kimcore lean structure {cls.__module__}.{cls.__qualname__}>"
    code = compile(source, filename, "exec")
    # Tracebacks show the generated source, as cattrs' own hooks do.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(code, scope)  # the source is built above from field names only
    lean: StructureHook = scope[name]
    return lean


def register_lean_hooks(converter: cattrs.Converter) -> None:
    """Structure every attrs class through a lean hook on *converter*."""
    converter.register_structure_hook_factory(attrs.has, lambda cls: _lean_hook(converter, cls))
