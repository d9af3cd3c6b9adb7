"""Opening a store from its URL: the ``kek`` parameter, and a store that cannot wrap keys.

[`Plugins.open_store`][kimcore.plugins.Plugins.open_store] and its async twin find the store
type by the URL's scheme; this takes the key-encryption key's name off the URL (or from
``KIMCORE_KEK``) and passes the KEK to the store's opener.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from kimcore.adapters.kek import DEFAULT_ENV, KeyWrapper
from kimcore.plugins.records import StoreType
from kimcore.vocabulary.errors import StoreError

__all__ = ["kek_named", "opened"]

_T = TypeVar("_T")


def kek_named(url: str) -> tuple[str, tuple[str, str] | None]:
    """*url* without its ``kek`` parameter, and the KEK's ``(provider, argument)``.

    The parameter names it, else the ``KIMCORE_KEK`` environment variable; ``None`` for none.
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    named = [value for name, value in query if name == "kek"]
    rest = [(name, value) for name, value in query if name != "kek"]
    if not named:
        if not os.environ.get(DEFAULT_ENV):
            return url, None
        named = [f"env:{DEFAULT_ENV}"]
    provider, _, argument = named[-1].partition(":")
    # Not urlunsplit: it would turn sqlite:////abs/path into sqlite://abs/path.
    bare = url.split("?", 1)[0] + (f"?{urlencode(rest)}" if rest else "")
    return bare, (provider, argument)


def opened(
    store_type: StoreType, opener: Callable[..., _T], url: str, wrapper: KeyWrapper | None
) -> _T:
    """What *opener* makes of *url*, passed *wrapper* as ``key_wrapper`` when there is one."""
    if wrapper is None:
        return opener(url)
    if not store_type.wraps_keys:
        raise StoreError(f"the {store_type.name} store cannot wrap keys (kek=)")
    return opener(url, key_wrapper=wrapper)
