"""The keys of one read or one write, handed to the codec: an immutable set.

A reader fetches the keys of every subject sealed in a page of events in one round trip
([`Keys.for_payloads`][kimcore.events.keys.Keys.for_payloads]) and decodes the page with them. A
writer asks its store's key port for the keys of the subjects in the events it is about to append
([`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]): the stored ones, and new ones for
subjects never seen, in ``new``. The codec seals with them and puts each new key on the
[`NewEvent`][kimcore.events.NewEvent] that first needs it, so the store writes it in the append's
own transaction. Nothing about keys lives anywhere else between the two steps.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping

import attrs
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kimcore._uuid import uuid_from_hex

__all__ = ["Keys", "hex_subjects_in", "subjects_in"]

KEY_BYTES = 32
_TOKEN_SUBJECT = re.compile(rb"pd1\.([0-9a-f]{32})\.")


def hex_subjects_in(payloads: Iterable[bytes]) -> set[str]:
    """The subjects (32 hex digits each) whose sealed values appear in *payloads*."""
    return {m.decode() for data in payloads for m in _TOKEN_SUBJECT.findall(data)}


def subjects_in(payloads: Iterable[bytes]) -> set[uuid.UUID]:
    """The subjects whose sealed values appear in *payloads* (stored event data)."""
    return {uuid_from_hex(subject) for subject in hex_subjects_in(payloads)}


def _ciphers(*keys: Mapping[uuid.UUID, bytes]) -> dict[str, tuple[AESGCM, bytes]]:
    return {
        subject.hex: (AESGCM(key), subject.bytes) for some in keys for subject, key in some.items()
    }


@attrs.frozen
class Keys:
    """Subjects' keys for one read or one write; made by the class methods.

    ``new`` holds the keys made for this write, of subjects the store had no
    key for; the append writes them. Short-lived on purpose: a key destroyed
    after it was fetched is not held on to past the page or the append.
    """

    keys: Mapping[uuid.UUID, bytes]
    new: Mapping[uuid.UUID, bytes] = attrs.field(factory=dict)
    # By the subject's 32 hex digits, as tokens name them, each with its id's bytes.
    _ciphers: Mapping[str, tuple[AESGCM, bytes]] = attrs.field(
        default=attrs.Factory(lambda self: _ciphers(self.keys, self.new), takes_self=True),
        eq=False,
        repr=False,
    )

    @classmethod
    def for_payloads(
        cls,
        get_many: Callable[[Collection[uuid.UUID]], Mapping[uuid.UUID, bytes]],
        payloads: Iterable[bytes],
    ) -> Keys:
        """The keys of every subject sealed in *payloads*, from *get_many* in one call."""
        subjects = subjects_in(payloads)
        return cls(dict(get_many(subjects)) if subjects else {})

    @classmethod
    def fresh(cls, subjects: Iterable[uuid.UUID]) -> Keys:
        """A new key for each of *subjects*, in ``new``: for a codec used without a store.

        ``codec.encode_all(events, Keys.fresh)`` seals events for a test or a
        fixture; ``Keys(made)`` then opens them.
        """
        return cls({}, {subject: os.urandom(KEY_BYTES) for subject in subjects})

    def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's key, or ``None`` (forgotten, or not among these)."""
        key = self.keys.get(subject)
        return key if key is not None else self.new.get(subject)

    def cipher_by_hex(self, subject_hex: str) -> tuple[AESGCM, bytes] | None:
        """The cipher of the subject with these hex digits and its id's bytes, or ``None``."""
        return self._ciphers.get(subject_hex)
