"""The records plugins return from their hooks: what a store, a sink or an upcaster is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import attrs

from kimcore.domain.errors import InvalidValue
from kimcore.vocabulary import validate as v

if TYPE_CHECKING:
    from kimcore.adapters.kek import KeyWrapper
    from kimcore.application.ports.models import Sink
    from kimcore.application.ports.store import EventStore
    from kimcore.application.ports.store_async import AsyncEventStore
    from kimcore.events.upcasting import Upcaster

__all__ = ["KekProvider", "SinkType", "StoreType", "UpcasterStep"]


def _schemes(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    if not value or not all(isinstance(s, str) and s.isascii() and s.isidentifier() for s in value):
        raise InvalidValue("schemes", f"one or more URL schemes such as 'sqlite', got {value!r}")


@attrs.frozen(kw_only=True)
class StoreType:
    """An event store ``open_store`` reaches by URL scheme.

    ``open`` receives the whole URL and returns a ready store; it raises
    [`StoreError`][kimcore.errors.StoreError] for a URL it cannot use. A store that keeps keys at
    rest and can wrap them declares ``wraps_keys=True``: when the operator gives a key-encryption
    key, ``open`` is then also passed ``key_wrapper=`` (a
    [`KeyWrapper`][kimcore.stores.KeyWrapper]); a URL with ``kek=`` for a store that does not
    declare it is refused with a `StoreError`.

    ``open_async``, if given, is a coroutine function taking the same arguments and returning
    the store's async twin, open (an [`AsyncEventStore`][kimcore.stores.AsyncEventStore]), for
    [`open_async_store`][kimcore.stores.open_async_store]; without it, that runs the store
    ``open`` gives in worker threads ([`AsyncThreadedStore`][kimcore.stores.AsyncThreadedStore]).
    """

    name: str = attrs.field(validator=v.text(64))
    schemes: tuple[str, ...] = attrs.field(validator=_schemes)
    description: str = attrs.field(validator=v.text(500))
    open: Callable[[str], EventStore] = attrs.field(validator=attrs.validators.is_callable())
    open_async: Callable[[str], Awaitable[AsyncEventStore]] | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.is_callable())
    )
    wraps_keys: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))


@attrs.frozen(kw_only=True)
class KekProvider:
    """Where key-encryption keys come from: ``kek=NAME:ARGUMENT`` in a store's URL.

    ``open`` receives the text after the colon (a variable's name, a path, a KMS key's name…) and
    returns a [`KeyWrapper`][kimcore.stores.KeyWrapper]; it raises
    [`StoreError`][kimcore.errors.StoreError] when it cannot.
    """

    name: str = attrs.field(validator=v.text(64))
    description: str = attrs.field(validator=v.text(500))
    open: Callable[[str], KeyWrapper] = attrs.field(validator=attrs.validators.is_callable())


@attrs.frozen(kw_only=True)
class SinkType:
    """A sink that delivers projected events to another app.

    ``create`` takes the sink's options as keyword arguments (a path, a URL, a secret…) and returns
    a [`Sink`][kimcore.projections.Sink].
    """

    name: str = attrs.field(validator=v.text(64))
    description: str = attrs.field(validator=v.text(500))
    create: Callable[..., Sink] = attrs.field(validator=attrs.validators.is_callable())


@attrs.frozen(kw_only=True)
class UpcasterStep:
    """Turns a stored payload of ``type_name`` at ``from_version`` into the next version."""

    type_name: str = attrs.field(validator=v.text(64))
    from_version: int = attrs.field(validator=v.int_range(1))
    step: Upcaster = attrs.field(validator=attrs.validators.is_callable())

    @property
    def name(self) -> str:
        """``type_name@vN``: one step per type and version."""
        return f"{self.type_name}@v{self.from_version}"


def record_name(record: Any) -> str:
    """The name a record is known by (event classes by their stable type name)."""
    name = getattr(record, "event_name", None) if isinstance(record, type) else None
    return str(name if name is not None else record.name)
