"""Snapshots: a party's folded state at a stream version, so loading reads only the tail.

A snapshot is a cache of the log, never a source of truth. It is encoded with
kimcore's converter and its personal fields are sealed like an event's, so
forgetting a subject reaches its snapshots too. On load a snapshot is used
only when its state type and schema version are the current ones; an older
schema, another type, or a snapshot that fails to decode is ignored and the
stream replayed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from kimcore import _json
from kimcore.application.ports.keys import KeyStore
from kimcore.application.ports.store import Snapshot
from kimcore.domain.deciders import Deciders
from kimcore.events.converter import make_converter
from kimcore.events.keys import Keys
from kimcore.events.protection import open_all, plan_for, seal, subjects

__all__ = ["SnapshotCodec"]


class SnapshotCodec:
    """Encodes and decodes folded states: those of the deciders that declare a state type.

    A decider's ``state_version`` is bumped whenever its state class changes
    shape: older snapshots are then ignored.
    """

    def __init__(self, deciders: Deciders) -> None:
        self.converter = make_converter()
        # Snapshots are this library's own writing, as stored events are: read them trusted.
        self._trusted = make_converter(trusted=True)
        self._versions = {
            d.state_type: d.state_version for d in deciders if d.state_type is not None
        }
        self._by_name = {cls.__name__: cls for cls in self._versions}
        self._plans = {cls: plan_for(cls) for cls in self._versions}

    def encode(self, stream_id: str, version: int, state: Any, keys: KeyStore) -> Snapshot:
        """A snapshot of *state* at stream *version*, personal fields sealed with stored keys.

        A subject whose key is gone by now (forgotten since the state was
        loaded) is sealed as redacted. The same as `seal` with the keys of
        `subjects` (an async caller awaits them in between).
        """
        data = self.converter.unstructure(state)
        found = self.subjects(state, data)
        return self.seal(stream_id, version, state, data, keys.get_many(found) if found else {})

    def subjects(self, state: Any, data: dict[str, Any]) -> set[uuid.UUID]:
        """The subjects whose sealed values *data* (*state* unstructured) will hold."""
        plan = self._plans[type(state)]
        return set() if plan is None else subjects(data, plan)

    def seal(
        self,
        stream_id: str,
        version: int,
        state: Any,
        data: dict[str, Any],
        keys: Mapping[uuid.UUID, bytes],
    ) -> Snapshot:
        """The snapshot of *state* (unstructured as *data*), sealed with its subjects' *keys*."""
        cls = type(state)
        plan = self._plans[cls]
        if plan is not None:
            seal(data, plan, Keys(keys), missing_redacted=True)
        return Snapshot(
            stream_id=stream_id,
            stream_version=version,
            state_type=cls.__name__,
            schema_version=self._versions[cls],
            data=_json.dumps(data),
        )

    def decode(self, snapshot: Snapshot, keys: Keys | None) -> Any:
        """The state, or ``None`` when the snapshot is not to be trusted."""
        cls = self._by_name.get(snapshot.state_type)
        if cls is None or snapshot.schema_version != self._versions[cls]:
            return None
        try:
            data = _json.loads(snapshot.data)
            plan = self._plans[cls]
            if plan is not None:
                open_all(data, plan, keys)
            state: Any = self._trusted.structure(data, cls)
        except Exception:
            return None
        return state
