"""Snapshots: a party's folded state at a stream version, so loading reads only the tail.

A snapshot is a cache of the log, never a source of truth. It is encoded with
kimcore's converter and its personal fields are sealed like an event's, so
forgetting a subject reaches its snapshots too. On load a snapshot is used
only when its state type and schema version are the current ones; an older
schema, another type, or a snapshot that fails to decode is ignored and the
stream replayed.
"""

from __future__ import annotations

from typing import Any, Final

from kimcore import _json
from kimcore.adapters.port import Snapshot
from kimcore.domain.forum import ForumState
from kimcore.domain.group_state import GroupState
from kimcore.events.converter import make_converter
from kimcore.events.protection import KeyLookup, plan_for, seal, unseal

__all__ = ["STATE_VERSIONS", "SnapshotCodec"]

# Bump a version whenever its state class changes shape: older snapshots are then ignored.
STATE_VERSIONS: Final[dict[type, int]] = {GroupState: 1, ForumState: 1}
_BY_NAME = {cls.__name__: cls for cls in STATE_VERSIONS}


class SnapshotCodec:
    """Encodes and decodes folded states."""

    def __init__(self) -> None:
        self.converter = make_converter()
        self._plans = {cls: plan_for(cls) for cls in STATE_VERSIONS}

    def encode(
        self, stream_id: str, version: int, state: GroupState | ForumState, keys: KeyLookup
    ) -> Snapshot:
        """A snapshot of *state* at stream *version*, personal fields sealed with *keys*."""
        cls = type(state)
        data: dict[str, Any] = self.converter.unstructure(state)
        plan = self._plans[cls]
        if plan is not None:
            seal(data, plan, keys)
        return Snapshot(
            stream_id=stream_id,
            stream_version=version,
            state_type=cls.__name__,
            schema_version=STATE_VERSIONS[cls],
            data=_json.dumps(data),
        )

    def decode(self, snapshot: Snapshot, keys: KeyLookup | None) -> GroupState | ForumState | None:
        """The state, or ``None`` when the snapshot is not to be trusted."""
        cls = _BY_NAME.get(snapshot.state_type)
        if cls is None or snapshot.schema_version != STATE_VERSIONS[cls]:
            return None
        try:
            data = _json.loads(snapshot.data)
            plan = self._plans[cls]
            if plan is not None:
                unseal(data, plan, keys)
            state: GroupState | ForumState = self.converter.structure(data, cls)
        except Exception:
            return None
        return state
