"""Whether two Starlette path patterns can match one request path.

A plugin's route that could take a request kimcore's (or another plugin's) would take is
never reached, or hides the other one: the service refuses it at startup. Starlette matches a
route by a regular expression built from its pattern; here a pattern is read as a sequence of
literal characters and parameters, where ``{name}`` (any convertor but ``path``) is one or more
characters other than ``/`` and ``{name:path}`` is any text, ``/`` included. A convertor's own
narrower set (``int``'s digits) is not considered, so two patterns told apart only by it are
said to overlap: a conflict too many is found at startup, never one too few.
"""

from __future__ import annotations

import functools
import re

__all__ = ["mount_pattern", "overlap"]

# Starlette's own pattern for a parameter (starlette.routing.PARAM_REGEX).
_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-zA-Z_][a-zA-Z0-9_]*)?}")

# A token: (characters it may be, whether it repeats zero or more times). The characters are
# a literal one, _SEGMENT (any but "/") or _ANY.
_SEGMENT = "segment"
_ANY = "any"
_Token = tuple[str, bool]


def mount_pattern(path: str) -> str:
    """The pattern a ``Mount`` at *path* matches: its path, then anything (as Starlette's)."""
    return path.rstrip("/") + "/{path:path}"


def overlap(first: str, second: str) -> bool:
    """Whether some request path matches both patterns *first* and *second*.

    ``/api/kims/{group_id}`` overlaps ``/api/kims/summary``; ``/api/models/{table}`` overlaps
    ``/api/{rest:path}``; ``/api/charts/{name}.svg`` does not overlap ``/api/charts/{name}/x``.
    """
    return _meet(_tokens(first), _tokens(second), 0, 0)


def _tokens(pattern: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    at = 0
    for found in _PARAM.finditer(pattern):
        tokens += [(c, False) for c in pattern[at : found.start()]]
        if found.group(2) == ":path":
            tokens.append((_ANY, True))
        else:
            tokens += [(_SEGMENT, False), (_SEGMENT, True)]  # one or more
        at = found.end()
    tokens += [(c, False) for c in pattern[at:]]
    return tuple(tokens)


def _share(a: str, b: str) -> bool:
    """Whether one character can be both an *a* and a *b*."""
    if _ANY in (a, b):
        return True
    if a == _SEGMENT:
        return b != "/"
    if b == _SEGMENT:
        return a != "/"
    return a == b


@functools.cache
def _meet(a: tuple[_Token, ...], b: tuple[_Token, ...], i: int, j: int) -> bool:
    """Whether some text matches both ``a[i:]`` and ``b[j:]``.

    A shortest such text never has one character taken by both sides' repeating tokens at
    once (it would match without it), so a repeating token either ends or takes the other
    side's single character, and the search always moves on.
    """
    if i == len(a) and j == len(b):
        return True
    if i < len(a) and a[i][1]:
        if _meet(a, b, i + 1, j):
            return True
        if j < len(b) and (b[j][1] or _share(a[i][0], b[j][0])):
            return _meet(a, b, i, j + 1)
        return False
    if j < len(b) and b[j][1]:
        return _meet(b, a, j, i)
    if i == len(a) or j == len(b):
        return False
    return _share(a[i][0], b[j][0]) and _meet(a, b, i + 1, j + 1)
