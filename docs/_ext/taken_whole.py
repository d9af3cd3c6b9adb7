"""A griffe extension: a method taken whole (``by_record``) is documented with its signature.

``append = by_record(EventStore.append, Append, "_hook")`` and
``handle = awaited_by_record(Application.handle, Handling, "_hook")`` are methods at run time
with the taken method's parameters (``inspect.signature`` shows them), but read from the source
they are attributes. This makes each such attribute a method in the API reference: the taken
method's parameters and result, the attribute's own docstring (the taken one's when it has
none), and ``async`` for ``awaited_by_record``.
"""

from __future__ import annotations

from typing import Any

import griffe

TAKERS = {"by_record": False, "awaited_by_record": True}


class TakenWhole(griffe.Extension):
    """Documents ``by_record``/``awaited_by_record`` attributes as the methods they are."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Make every taken method of *pkg*'s classes a method."""
        for cls in _classes(pkg):
            for name, member in list(cls.members.items()):
                if member.is_alias or not isinstance(member, griffe.Attribute):
                    continue
                value = member.value
                if not isinstance(value, griffe.ExprCall) or not value.arguments:
                    continue
                awaited = TAKERS.get(str(value.function))
                if awaited is None:
                    continue
                taken = _resolved(pkg, value.arguments[0])
                if taken is None:
                    continue
                doc = member.docstring or taken.docstring
                method = griffe.Function(
                    name,
                    lineno=member.lineno,
                    endlineno=member.endlineno,
                    parameters=taken.parameters,
                    returns=taken.returns,
                    docstring=doc and griffe.Docstring(doc.value, parser=doc.parser),
                )
                if awaited:
                    method.labels.add("async")
                cls.set_member(name, method)


def _classes(obj: griffe.Object) -> list[griffe.Class]:
    found: list[griffe.Class] = []
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Class):
            found.append(member)
        if isinstance(member, griffe.Module | griffe.Class):
            found.extend(_classes(member))
    return found


def _resolved(pkg: griffe.Module, expr: object) -> griffe.Function | None:
    path = getattr(expr, "canonical_path", None)
    if not isinstance(path, str) or not path.startswith(pkg.name + "."):
        return None
    try:
        found = pkg.modules_collection.get_member(path)
    except (KeyError, griffe.AliasResolutionError):
        return None
    target = found.final_target if found.is_alias else found
    return target if isinstance(target, griffe.Function) else None
