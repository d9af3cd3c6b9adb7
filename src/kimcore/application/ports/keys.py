"""The key store port: each data subject's key, kept by the event store beside the events.

A store keeps its subjects' keys so that erasing a subject (destroying the key) and recording
``MemberForgotten`` happen in one atomic write. A destroyed key leaves a tombstone: the subject is
known to have been forgotten, and no new key is made for them. Implementations are adapters
([`kimcore.adapters.keys`][kimcore.adapters.keys]).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Protocol

__all__ = ["KeyStore"]


class KeyStore(Protocol):
    """Per-subject keys for personal data."""

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key, or ``None`` when forgotten or never made."""
        ...

    def get_or_create(self, subject: uuid.UUID) -> bytes:
        """The subject's key, made on first use; `SubjectForgotten` once destroyed."""
        ...

    def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of those *subjects* that have one, in one round trip."""
        ...

    def get_or_create_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The keys of all *subjects* in one round trip, those never seen made now.

        As [`get_or_create`][kimcore.stores.KeyStore.get_or_create] for each subject;
        `SubjectForgotten` if any of them was forgotten.
        """
        ...

    def is_known(self, subject: uuid.UUID) -> bool:
        """Whether the store holds, or held, a key for the subject."""
        ...

    def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the subject's key was destroyed."""
        ...

    def forgotten(self) -> list[uuid.UUID]:
        """Every subject whose key was destroyed (the tombstones), for copies and restores."""
        ...

    def adopt(self, keys: Mapping[uuid.UUID, bytes]) -> None:
        """Take these existing keys (a copy of another store's) as the subjects' keys.

        A durable store writes them with this thread's next append, as keys
        it made itself; a subject that has a key or a tombstone already makes
        that append fail. For copying a store, never for new subjects.
        """
        ...
