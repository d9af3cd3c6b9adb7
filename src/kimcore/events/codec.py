"""The codec: events to ``(type name, schema version, JSON bytes)`` and back, upcasting on read."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import attrs
import cattrs

from kimcore import _json
from kimcore.events import _fast, _sealing
from kimcore.events._codec_errors import FAILURES, decode_failed_at, explain, unencodable
from kimcore.events._decoders import Decoders
from kimcore.events.base import Event
from kimcore.events.converter import make_converter
from kimcore.events.envelope import RecordedEvent, StoredEvent, recorded_event
from kimcore.events.errors import EventDecodeError, EventError, EventTypeError, UnknownEventType
from kimcore.events.keys import Keys
from kimcore.events.protection import open_all, plan_for, seal
from kimcore.events.protection import subjects as personal_subjects
from kimcore.events.registry import EventRegistry
from kimcore.events.upcasting import Upcasters
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["Codec", "EncodedEvent", "Prepared", "event_names"]

EncodedEvent = tuple[str, int, bytes]
_NO_KEYS = Keys({})


@attrs.frozen(kw_only=True)
class Prepared:
    """Events on their way to the log: their data, and the subjects sealing them needs keys of.

    ``datas`` holds each event's fields, personal ones in plaintext; on the fast path, with
    orjson installed, ids stay `uuid.UUID` objects (the encoder writes them as their text).
    """

    events: Sequence[Event]
    # Personal fields in plaintext; on the fast path, ids as UUIDs (the JSON encoder writes them).
    datas: list[dict[str, Any]] = attrs.field(repr=False)
    subjects: set[uuid.UUID]
    # The fast path's places of each event's personal values (`_sealing`); None: the plain path.
    _sites: list[list[_sealing.Site]] | None = attrs.field(
        default=None, repr=False, eq=False, alias="_sites"
    )


def event_names(classes: Iterable[type[Event]]) -> frozenset[str]:
    """The stored type names of event *classes*: what `Codec.decode_page` takes as *types*."""
    return frozenset(cls.event_name for cls in classes)


class Codec:
    """Encodes events for a store and decodes what a store returns.

    All (un)structuring goes through kimcore's own cattrs converter; per-class
    hooks are looked up once and cached, because decoding the log is the hot
    path of every read. With ``kimcore[msgspec]`` installed (and *fast* left on),
    stored payloads are decoded in C straight into the event classes
    (`kimcore.events._fast`, chosen per stored type and version by
    `kimcore.events._decoders`); the cattrs converter stays the plain twin, which
    ``validate=True`` reads (``kimcore verify``) and every failure goes through,
    so an error names the field as before.
    """

    def __init__(
        self,
        registry: EventRegistry | None = None,
        upcasters: Upcasters | None = None,
        *,
        fast: bool = True,
    ) -> None:
        self.registry = registry if registry is not None else EventRegistry.builtin()
        self.upcasters = upcasters if upcasters is not None else Upcasters.builtin()
        self.converter = make_converter()
        # The fast path's data for sealing: ids left as UUIDs, which the JSON encoder writes as
        # their canonical text (str() of a UUID runs in Python; the sealing walk reads them
        # without parsing them back). Only where the encoder writes UUIDs itself.
        self._to_seal: cattrs.Converter | None = None
        if fast and _json.UUIDS:
            self._to_seal = make_converter()
            self._to_seal.register_unstructure_hook(uuid.UUID, cattrs.fns.identity)
        self._unstructure_to_seal: dict[type, Callable[[Any], Any]] = {}
        self._detailed = make_converter(detailed_validation=True)
        self._unstructure: dict[type, Callable[[Any], Any]] = {}
        self.fast = fast and _fast.AVAILABLE
        decoders = Decoders(
            self.registry,
            self.upcasters,
            validating=self.converter,
            trusted=make_converter(trusted=True),
            fast=self.fast,
        )
        # Looked up here first (the hot path), made there on a miss.
        self._decoders = decoders.made
        self._decoder = decoders.make
        # Sealing in one walk a payload (`_sealing`) needs nothing installed.
        self._fast_sealing = fast
        # The classes decoded on the plain path although fast decoding is on, and why.
        self.plain_path = decoders.plain_path

    # -- writing -------------------------------------------------------------

    def to_data(self, event: Event) -> dict[str, Any]:
        """The event's fields as plain JSON-ready data (personal fields in plaintext)."""
        cls = type(event)
        hook = self._unstructure.get(cls)
        if hook is None:
            self._check_registered(cls)
            hook = self._unstructure[cls] = self.converter.get_unstructure_hook(cls)
        data: dict[str, Any] = hook(event)
        return data

    def _data_to_seal(self, event: Event) -> dict[str, Any]:
        """`to_data`, ids left as UUIDs (the fast path's, when the JSON encoder writes them)."""
        cls = type(event)
        hook = self._unstructure_to_seal.get(cls)
        if hook is None:
            assert self._to_seal is not None
            self._check_registered(cls)
            hook = self._unstructure_to_seal[cls] = self._to_seal.get_unstructure_hook(cls)
        data: dict[str, Any] = hook(event)
        return data

    def encode(self, event: Event, keys: Keys | None = None) -> EncodedEvent:
        """``(type name, schema version, JSON bytes)`` for *event*.

        Personal fields are sealed with their subjects' keys from *keys*; an
        event holding personal data cannot be encoded without them.
        """
        return self._encode(event, self.to_data(event), keys)[0]

    def encode_all(
        self, events: Sequence[Event], keys_for: Callable[[set[uuid.UUID]], Keys]
    ) -> list[tuple[EncodedEvent, dict[uuid.UUID, bytes]]]:
        """Each of *events* encoded, with the new keys it is the first of them to need.

        *keys_for* is asked once, for every subject of every event (usually
        [`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]); a key it
        made anew goes with the first event sealed with it, for the store to
        write in the append's transaction (``NewEvent.keys``). The same as
        `prepare_all` then `seal_all`, for a caller that fetches the keys itself
        (an async one awaits them in between).
        """
        prepared = self.prepare_all(events)
        return self.seal_all(prepared, keys_for(prepared.subjects) if prepared.subjects else None)

    def prepare_all(self, events: Sequence[Event]) -> Prepared:
        """*events* as data, and the subjects whose keys sealing them needs."""
        if not self._fast_sealing:
            subjects: set[uuid.UUID] = set()
            datas = [self.to_data(event) for event in events]
            for event, data in zip(events, datas, strict=True):
                plan = plan_for(type(event))
                if plan is not None:
                    subjects |= personal_subjects(data, plan)
            return Prepared(events=events, datas=datas, subjects=subjects)
        unstructure = self.to_data if self._to_seal is None else self._data_to_seal
        datas = [unstructure(event) for event in events]
        sites, subjects = _sealing.sites_of_all(events, datas)
        return Prepared(events=events, datas=datas, subjects=subjects, _sites=sites)

    def seal_all(
        self, prepared: Prepared, keys: Keys | None
    ) -> list[tuple[EncodedEvent, dict[uuid.UUID, bytes]]]:
        """Each prepared event encoded, sealed with *keys* (those of ``prepared.subjects``).

        With each, the new keys (``keys.new``) it is the first of them to need.
        """
        keys = _NO_KEYS if keys is None else keys
        out = []
        unwritten = dict(keys.new)
        sites = prepared._sites
        sealers = [None] * len(prepared.events) if sites is None else _sealing.sealers(sites)
        for event, data, sealing in zip(prepared.events, prepared.datas, sealers, strict=True):
            encoded, sealed = self._encode(event, data, keys, sealing)
            firsts = {}
            if unwritten:
                for subject in sealed:
                    key = unwritten.pop(subject, None)
                    if key is not None:
                        firsts[subject] = key
            out.append((encoded, firsts))
        return out

    def _encode(
        self,
        event: Event,
        data: dict[str, Any],
        keys: Keys | None,
        sealing: Callable[[Keys], set[uuid.UUID]] | None = None,
    ) -> tuple[EncodedEvent, set[uuid.UUID]]:
        # *sealing*: the fast path's sealer of this payload's noted places (`_sealing`).
        plan = plan_for(type(event))
        sealed: set[uuid.UUID] = set()
        try:
            if plan is not None:
                if keys is None:
                    raise EventTypeError(
                        f"{event.event_name} holds personal data: encoding it needs keys"
                    )
                sealed = seal(data, plan, keys) if sealing is None else sealing(keys)
            payload = _json.dumps(data) if sealing is None else _sealing.dumps(data)
            return (event.event_name, event.event_version, payload), sealed
        except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            # A plugin's field without a validator can hold what JSON cannot:
            # name where it is instead of letting the encoder's error escape.
            where, why = unencodable(self.to_data(event))
            if where is None:
                raise
            raise InvalidValue(f"{event.event_name}.{where}", why) from exc

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
        keys: Keys | None = None,
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
        cls, upcast, plan, build, _ = decoder
        if upcast is not None:
            data = upcast(data)
        if plan is not None:
            open_all(data, plan, keys)
        event: Event = build(data, cls)
        return event

    def fast_path(self, event_type: str) -> bool:
        """Whether stored events of *event_type* (current version) are decoded in C.

        False without ``kimcore[msgspec]``, with ``fast=False``, and for a class the fast
        decoder cannot mirror; ``plain_path`` (the class's entry) then says why.
        """
        cls = self.registry.get(event_type)
        return self._decoder(event_type, cls.event_version, False)[4] is not None

    def decode_payload(
        self,
        type_name: str,
        version: int,
        payload: bytes,
        *,
        where: str = "payload",
        keys: Keys | None = None,
        validate: bool = False,
    ) -> Event:
        """Decode stored bytes; any failure is an `EventDecodeError` that says *where*."""
        return self._decode(type_name, version, payload, keys, validate, lambda: where)

    def decode_event(
        self, stored: StoredEvent, keys: Keys | None = None, *, validate: bool = False
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
        self, stored: StoredEvent, keys: Keys | None = None, *, validate: bool = False
    ) -> RecordedEvent[Event]:
        """The decoded form of a stored event (see `from_data` for *keys* and *validate*)."""
        return recorded_event(stored, self.decode_event(stored, keys, validate=validate))

    def decode_page(
        self,
        page: Sequence[StoredEvent],
        keys: Keys | None = None,
        *,
        types: Collection[str] | None = None,
    ) -> list[RecordedEvent[Event]]:
        """The events of *page* whose type is in *types* (every one when ``None``), decoded.

        The others are passed over without being decoded: a reader that handles three
        types of event pays for those three (see `event_names` for a reader's classes).
        """
        if types is None:
            return [recorded_event(s, self.decode_event(s, keys)) for s in page]
        return [
            recorded_event(s, self.decode_event(s, keys)) for s in page if s.event_type in types
        ]

    def data_of(self, stored: StoredEvent, keys: Keys | None = None) -> dict[str, Any]:
        """What ``to_data(decode_event(stored, keys))`` gives, without decoding when it need not.

        An event at its class's current version that holds no personal field is the JSON it
        was stored as: it is passed through, parsed but not built into its class. Others (sealed
        fields to open or redact, an older version to upcast) are decoded.
        """
        cls = self.registry.get(stored.event_type) if stored.event_type in self.registry else None
        if cls is not None and stored.schema_version == cls.event_version and plan_for(cls) is None:
            try:
                data = _json.loads(stored.data)
            except ValueError:
                data = None  # decoding below says where and why
            if data.__class__ is dict:
                passed: dict[str, Any] = data
                return passed
        return self.to_data(self.decode_event(stored, keys))

    def _decode(  # noqa: PLR0917 - one private path for the three public ones
        self,
        type_name: str,
        version: int,
        payload: bytes,
        keys: Keys | None,
        validate: bool,
        where: Callable[[], str],
    ) -> Event:
        # The error's text is built only on failure: decoding is the hot path.
        if not validate:
            decoder = self._decoders.get((type_name, version, False))
            if decoder is None:
                try:
                    decoder = self._decoder(type_name, version, False)
                except EventError:
                    decoder = None  # the plain path below says what is wrong
            fast = None if decoder is None else decoder[4]
            if fast is not None:
                try:
                    event: Event = fast(payload, keys)
                except Exception:  # the plain path below decides, and explains
                    pass
                else:
                    return event
        try:
            data = _json.loads(payload)
        except ValueError as exc:
            raise EventDecodeError(
                f"{decode_failed_at(type_name, version, where)}: payload is not valid JSON ({exc})"
            ) from exc
        if data.__class__ is not dict:
            raise EventDecodeError(
                f"{decode_failed_at(type_name, version, where)}: payload must be a JSON object,"
                f" got {type(data).__name__}"
            )
        try:
            return self.from_data(type_name, version, data, keys, validate=validate)
        except EventError as exc:
            raise EventDecodeError(f"{decode_failed_at(type_name, version, where)}: {exc}") from exc
        except FAILURES as exc:
            detail = explain(lambda: self._structure_in_detail(type_name, version, payload), exc)
            at = decode_failed_at(type_name, version, where)
            raise EventDecodeError(f"{at}: {detail}") from exc

    def _structure_in_detail(self, type_name: str, version: int, payload: bytes) -> None:
        # A failed decode once more, with detailed validation: its error names the fields.
        cls = self.registry.get(type_name)
        data = self.upcasters.upcast(type_name, version, cls.event_version, _json.loads(payload))
        self._detailed.structure(data, cls)
