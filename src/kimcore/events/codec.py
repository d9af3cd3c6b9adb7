"""The codec: events to ``(type name, schema version, JSON bytes)`` and back, upcasting on read."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol

import cattrs
from cattrs.errors import CattrsError, ClassValidationError
from cattrs.v import format_exception

from kimcore import _json
from kimcore.events.base import Event
from kimcore.events.converter import make_converter
from kimcore.events.envelope import RecordedEvent, StoredEvent, recorded_event
from kimcore.events.errors import EventDecodeError, EventError, EventTypeError, UnknownEventType
from kimcore.events.protection import (
    KeyLookup,
    Opener,
    Plan,
    opener_for,
    plan_for,
    subjects_of,
)
from kimcore.events.registry import EventRegistry
from kimcore.events.sealing import sealer_for
from kimcore.events.upcasting import Upcasters
from kimcore.vocabulary.errors import DomainError, InvalidValue
from kimcore.vocabulary.validate import bad_characters

__all__ = ["Codec", "EncodedEvent"]

EncodedEvent = tuple[str, int, bytes]
# Per stored (type name, version, validating): the class, the upcaster to its
# current version, its token opener, and its structure hook.
_Decoder = tuple[
    type[Event],
    Callable[[dict[str, Any]], dict[str, Any]] | None,
    Opener | None,
    Callable[[Any, Any], Any],
]


# What decoding a bad payload can raise. AttributeError: a nested value of the
# wrong shape (text where an object belongs) fails inside the hooks as one.
_FAILURES = (DomainError, ValueError, TypeError, KeyError, AttributeError, CattrsError)


def unencodable(data: object, path: str = "") -> tuple[str | None, str]:
    """The path of the first value in *data* that cannot be JSON text, and why."""
    if isinstance(data, str):
        why = bad_characters(data)
        return (path or "value", why) if why is not None else (None, "")
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str):
                return path or "value", f"has a key that is not text: {key!r}"
            found = unencodable(key, f"{path}.{key}" if path else key)
            if found[0] is None:
                found = unencodable(value, f"{path}.{key}" if path else key)
            if found[0] is not None:
                return found
        return None, ""
    if isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = unencodable(value, f"{path}[{index}]")
            if found[0] is not None:
                return found
        return None, ""
    if data is None or isinstance(data, bool | int | float):
        return None, ""
    return path or "value", f"cannot be stored as JSON: {type(data).__name__}"


def _describe(exc: BaseException, type_: type | None) -> str:
    # The domain's own errors already name the rule and the field; keep their words.
    if isinstance(exc, DomainError):
        return str(exc)
    return format_exception(exc, type_)


class KeyStoreLike(KeyLookup, Protocol):
    """A key lookup that can also fetch many keys at once."""

    def get_or_create_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of all *subjects*, new ones made (SubjectForgotten if one was forgotten)."""
        ...


class _KnownKeys:
    """Keys fetched up front for an encode; new subjects fall through to the store."""

    def __init__(self, known: dict[uuid.UUID, bytes], keys: KeyLookup) -> None:
        self._known = known
        self._keys = keys

    def get(self, subject: uuid.UUID) -> bytes | None:
        return self._known.get(subject) or self._keys.get(subject)

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        key = self._known.get(subject)
        if key is None:
            key = self._known[subject] = self._keys.get_or_create(subject)
        return key


class Codec:
    """Encodes events for a store and decodes what a store returns.

    All (un)structuring goes through kimcore's own cattrs converter; per-class
    hooks are looked up once and cached, because decoding the log is the hot
    path of every read.
    """

    def __init__(
        self,
        registry: EventRegistry | None = None,
        upcasters: Upcasters | None = None,
    ) -> None:
        self.registry = registry if registry is not None else EventRegistry.builtin()
        self.upcasters = upcasters if upcasters is not None else Upcasters.builtin()
        self.converter = make_converter()
        self._detailed = make_converter(detailed_validation=True)
        self._unstructure: dict[type, Callable[[Any], Any]] = {}
        self._trusted = make_converter(trusted=True)
        self._decoders: dict[tuple[str, int, bool], _Decoder] = {}
        self._plans: dict[type, Plan | None] = {}

    # -- writing -------------------------------------------------------------

    def to_data(self, event: Event) -> dict[str, Any]:
        """The event's fields as plain JSON-ready data (personal fields in plaintext)."""
        cls = type(event)
        hook = self._unstructure.get(cls)
        if hook is None:
            self._check_registered(cls)
            hook = self._unstructure[cls] = self.converter.get_unstructure_hook(cls)
            self._plans[cls] = plan_for(cls)
        data: dict[str, Any] = hook(event)
        return data

    def encode(self, event: Event, keys: KeyLookup | None = None) -> EncodedEvent:
        """``(type name, schema version, JSON bytes)`` for *event*.

        Personal fields are sealed with their subjects' keys from *keys*; an
        event holding personal data cannot be encoded without them.
        """
        data = self.to_data(event)
        plan = self._plans[type(event)]
        try:
            if plan is not None:
                if keys is None:
                    raise EventTypeError(
                        f"{event.event_name} holds personal data: encoding it needs a key store"
                    )
                sealer_for(plan)(event, data, keys)
            return event.event_name, event.event_version, _json.dumps(data)
        except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            # A plugin's field without a validator can hold what JSON cannot:
            # name where it is instead of letting the encoder's error escape.
            where, why = unencodable(self.to_data(event))
            if where is None:
                raise
            raise InvalidValue(f"{event.event_name}.{where}", why) from exc

    def keys_for(
        self, events: Sequence[Event], keys: KeyStoreLike, *, provisional: bool = False
    ) -> KeyLookup:
        """A lookup holding the keys of every subject in *events*, fetched in one query.

        Keys of subjects seen for the first time are made by *keys* (and
        written with the next append); `SubjectForgotten` if one of the
        subjects was forgotten. With *provisional*, for events that go straight
        into an append, a key store that offers ``provisional_many`` looks up
        only the subjects it has seen before and the append checks the rest.
        """
        subjects: set[uuid.UUID] = set()
        for event in events:
            plan = self._plan(type(event))
            if plan is not None:
                subjects.update(subjects_of(event, plan))
        if not subjects:
            return keys
        many = getattr(keys, "provisional_many", None) if provisional else None
        found = many(subjects) if many is not None else keys.get_or_create_many(subjects)
        return _KnownKeys(found, keys)

    def _plan(self, cls: type) -> Plan | None:
        if cls not in self._plans:
            self._plans[cls] = plan_for(cls)
        return self._plans[cls]

    def _check_registered(self, cls: type) -> None:
        name = getattr(cls, "event_name", None)
        if name is None or name not in self.registry or self.registry.get(name) is not cls:
            raise UnknownEventType(
                f"{cls.__module__}.{cls.__qualname__} is not a registered event class"
            )

    # -- reading -------------------------------------------------------------

    def from_data(
        self,
        type_name: str,
        version: int,
        data: dict[str, Any],
        keys: KeyLookup | None = None,
        *,
        validate: bool = False,
    ) -> Event:
        """Build the current event class from a stored payload of any known schema version.

        Sealed personal fields open with *keys*; without a key (the subject was
        forgotten, or no key store was given) they read as ``REDACTED``. *data*
        may be changed in place. What a store holds was validated when it was
        decided, so field validators do not run again unless *validate* is
        given (as ``kimcore verify`` does, and as data from outside needs).
        """
        decoder = self._decoders.get((type_name, version, validate))
        if decoder is None:
            decoder = self._decoder(type_name, version, validate)
        cls, upcast, open_all, build = decoder
        if upcast is not None:
            data = upcast(data)
        if open_all is not None:
            open_all(data, keys)
        event: Event = build(data, cls)
        return event

    def _decoder(self, type_name: str, version: int, validate: bool) -> _Decoder:
        """The decoder of one stored (type, version), made once."""
        cls = self.registry.get(type_name)
        upcast = None
        if version != cls.event_version:
            upcast = functools.partial(self.upcasters.upcast, type_name, version, cls.event_version)
        plan = self._plan(cls)
        converter = self.converter if validate else self._trusted
        decoder = (
            cls,
            upcast,
            None if plan is None else opener_for(plan),
            converter.get_structure_hook(cls),
        )
        self._decoders[type_name, version, validate] = decoder
        return decoder

    def decode_payload(
        self,
        type_name: str,
        version: int,
        payload: bytes,
        *,
        where: str = "payload",
        keys: KeyLookup | None = None,
        validate: bool = False,
    ) -> Event:
        """Decode stored bytes; any failure is an `EventDecodeError` that says *where*."""
        return self._decode(type_name, version, payload, keys, validate, lambda: where)

    def decode_event(
        self, stored: StoredEvent, keys: KeyLookup | None = None, *, validate: bool = False
    ) -> Event:
        """The event of *stored*; a failure names its stream, version and position."""
        return self._decode(
            stored.event_type,
            stored.schema_version,
            stored.data,
            keys,
            validate,
            lambda: stored.where,
        )

    def decode(
        self, stored: StoredEvent, keys: KeyLookup | None = None, *, validate: bool = False
    ) -> RecordedEvent[Event]:
        """The decoded form of a stored event (see `from_data` for *keys* and *validate*)."""
        return recorded_event(stored, self.decode_event(stored, keys, validate=validate))

    def _decode(  # noqa: PLR0917 - one private path for the three public ones
        self,
        type_name: str,
        version: int,
        payload: bytes,
        keys: KeyLookup | None,
        validate: bool,
        where: Callable[[], str],
    ) -> Event:
        # The error's text is built only on failure: decoding is the hot path.
        try:
            data = _json.loads(payload)
        except ValueError as exc:
            raise EventDecodeError(
                f"{self._at(type_name, version, where)}: payload is not valid JSON ({exc})"
            ) from exc
        if data.__class__ is not dict:
            raise EventDecodeError(
                f"{self._at(type_name, version, where)}: payload must be a JSON object,"
                f" got {type(data).__name__}"
            )
        try:
            return self.from_data(type_name, version, data, keys, validate=validate)
        except EventError as exc:
            raise EventDecodeError(f"{self._at(type_name, version, where)}: {exc}") from exc
        except _FAILURES as exc:
            detail = self._explain(type_name, version, payload, exc)
            raise EventDecodeError(f"{self._at(type_name, version, where)}: {detail}") from exc

    @staticmethod
    def _at(type_name: str, version: int, where: Callable[[], str]) -> str:
        return f"cannot decode {type_name} v{version} at {where()}"

    def _explain(self, type_name: str, version: int, payload: bytes, exc: Exception) -> str:
        """Re-run the failed decode with detailed validation to name the failing fields."""
        try:
            cls = self.registry.get(type_name)
            data = self.upcasters.upcast(
                type_name, version, cls.event_version, _json.loads(payload)
            )
            self._detailed.structure(data, cls)
        except ClassValidationError as detailed:
            return "; ".join(
                cattrs.transform_error(detailed, path="event", format_exception=_describe)
            )
        except Exception as other:
            return f"{type(other).__name__}: {other}"
        return f"{type(exc).__name__}: {exc}"
