"""Key-encryption keys: the subjects' data keys wrapped at rest.

A durable store keeps each subject's data key beside the events, so that an
erasure can destroy it in the same write. Without wrapping, whoever copies the
database file has every key and so every name. With a key-encryption key
(KEK) the operator supplies, the stored keys are wrapped with AES-256-GCM,
bound to their subject (the subject's id is the associated data, so a wrapped
key moved to another subject does not open), and the KEK itself never touches
the database. A store records which KEK wrapped its keys and refuses to open
without it.

Where the KEK comes from is a *provider*: ``env`` (an environment variable,
``KIMCORE_KEK`` by default) and ``file`` (a file only the service may read)
are built in; a plugin adds others, such as a KMS, through the
``kimcore_kek_providers`` hook. A KEK is written as 32 bytes in base64 or hex.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kimcore import _deprecated
from kimcore.vocabulary import errors

__all__ = [
    "DEFAULT_ENV",
    "AesGcmKek",
    "KeyWrapper",
    "Keyring",
    "check_kek",
    "kek_from_env",
    "kek_from_file",
    "kek_from_text",
    "new_kek_text",
    "rewrapped",
    "ring",
]

DEFAULT_ENV: Final = "KIMCORE_KEK"
_FORMAT: Final = 1
_ID_BYTES: Final = 8
_NONCE: Final = 12
_KEK_BYTES: Final = 32


class KeyWrapper(Protocol):
    """Wraps and unwraps data keys; a KMS plugin implements this.

    ``key_id`` names the KEK (16 hex digits; never the key itself): the store
    records it so that it can refuse a KEK that did not wrap its keys.
    """

    @property
    def key_id(self) -> str:
        """A stable, public name of the KEK."""
        ...

    def wrap(self, subject: bytes, key: bytes) -> bytes:
        """*key* wrapped for *subject* (the subject's 16 bytes)."""
        ...

    def unwrap(self, subject: bytes, wrapped: bytes) -> bytes:
        """The data key `wrap` made, or [`WrongKek`][kimcore.errors.WrongKek]."""
        ...


class AesGcmKek:
    """A KEK held in this process: 32 bytes, wrapping with AES-256-GCM.

    Wrapped: a format byte, the KEK's 8-byte id, a random 12-byte nonce and
    the 48 bytes of ciphertext and tag (69 bytes; an unwrapped key has 32).
    """

    def __init__(self, kek: bytes) -> None:
        if len(kek) != _KEK_BYTES:
            raise errors.StoreError(f"a key-encryption key is {_KEK_BYTES} bytes, got {len(kek)}")
        self._aead = AESGCM(kek)
        self._id = hmac.new(kek, b"kimcore key-encryption key id", hashlib.sha256).digest()[
            :_ID_BYTES
        ]

    @property
    def key_id(self) -> str:
        """16 hex digits derived from the KEK (one-way)."""
        return self._id.hex()

    def wrap(self, subject: bytes, key: bytes) -> bytes:
        """*key* sealed for *subject*."""
        nonce = os.urandom(_NONCE)
        return bytes([_FORMAT]) + self._id + nonce + self._aead.encrypt(nonce, key, subject)

    def unwrap(self, subject: bytes, wrapped: bytes) -> bytes:
        """The data key, or `WrongKek` if this KEK did not wrap it for *subject*."""
        if len(wrapped) < 1 + _ID_BYTES + _NONCE + 16 or wrapped[0] != _FORMAT:
            raise errors.WrongKek(
                "a stored key is not wrapped (or is damaged): give no KEK, or migrate"
            )
        if wrapped[1 : 1 + _ID_BYTES] != self._id:
            raise errors.WrongKek(
                f"a stored key was wrapped by KEK {wrapped[1 : 1 + _ID_BYTES].hex()},"
                f" not by {self.key_id}"
            )
        nonce = wrapped[1 + _ID_BYTES : 1 + _ID_BYTES + _NONCE]
        try:
            return self._aead.decrypt(nonce, wrapped[1 + _ID_BYTES + _NONCE :], subject)
        except InvalidTag:
            raise errors.WrongKek(
                "a stored key does not open under its KEK: damaged, or moved"
            ) from None


class Keyring:
    """The current KEK, which wraps, and earlier ones that still unwrap (during a rotation)."""

    def __init__(self, current: KeyWrapper, earlier: Iterable[KeyWrapper] = ()) -> None:
        self.current = current
        self._by_id = {w.key_id: w for w in (*earlier, current)}

    @property
    def key_id(self) -> str:
        """The current KEK's id."""
        return self.current.key_id

    def knows(self, key_id: str) -> bool:
        """Whether a KEK of the ring has this id."""
        return key_id in self._by_id

    def wrap(self, subject: bytes, key: bytes) -> bytes:
        """Wrap with the current KEK."""
        return self.current.wrap(subject, key)

    def unwrap(self, subject: bytes, wrapped: bytes) -> bytes:
        """Unwrap with whichever KEK of the ring wrapped it."""
        wrapper = self._by_id.get(wrapped[1 : 1 + _ID_BYTES].hex(), self.current)
        return wrapper.unwrap(subject, wrapped)


def ring(wrapper: KeyWrapper | None) -> Keyring | None:
    """*wrapper* as a [`Keyring`][kimcore.adapters.kek.Keyring] (``None`` stays ``None``)."""
    if wrapper is None or isinstance(wrapper, Keyring):
        return wrapper
    return Keyring(wrapper)


def check_kek(recorded: str | None, wrapper: Keyring | None, where: str) -> bool:
    """Whether the store at *where* must wrap its keys now; `WrongKek` if it cannot open.

    *recorded* is the KEK id the store holds (``None``: its keys are not wrapped).
    """
    if wrapper is None:
        if recorded is not None:
            raise errors.WrongKek(
                f"the keys of {where} are wrapped by KEK {recorded}: give it"
                f" (${DEFAULT_ENV}, or kek= in the URL)"
            )
        return False
    if recorded is None:
        return True
    if not wrapper.knows(recorded):
        raise errors.WrongKek(
            f"the keys of {where} are wrapped by KEK {recorded}, and the KEK given is"
            f" {wrapper.key_id}"
        )
    return False


def rewrapped(
    rows: Iterable[tuple[bytes, bytes]], old: Keyring | None, new: KeyWrapper
) -> list[tuple[bytes, bytes]]:
    """``(wrapped key, subject)`` for each stored ``(subject, key)``, wrapped anew by *new*.

    With *old* ``None`` the stored keys are plain: they are wrapped for the first time.
    """
    out = []
    for subject, stored in rows:
        key = bytes(stored) if old is None else old.unwrap(bytes(subject), bytes(stored))
        if len(key) != _KEK_BYTES:
            raise errors.WrongKek(f"a stored key of {len(key)} bytes is neither plain nor wrapped")
        out.append((new.wrap(bytes(subject), key), bytes(subject)))
    return out


def kek_from_text(text: str, *, source: str = "the KEK") -> AesGcmKek:
    """A KEK written as 32 bytes in base64 (44 characters) or hex (64)."""
    value = text.strip()
    try:
        if len(value) == 2 * _KEK_BYTES:
            raw = bytes.fromhex(value)
        else:
            raw = base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != _KEK_BYTES:
        raise errors.StoreError(
            f"{source} must be {_KEK_BYTES} bytes in base64 or hex"
            " (make one with: kimcore keys new-kek)"
        )
    return AesGcmKek(raw)


def kek_from_env(name: str = DEFAULT_ENV) -> AesGcmKek:
    """The KEK in environment variable *name*."""
    value = os.environ.get(name)
    if not value:
        raise errors.StoreError(f"the key-encryption key's variable {name} is not set")
    return kek_from_text(value, source=f"${name}")


def kek_from_file(path: str | os.PathLike[str]) -> AesGcmKek:
    """The KEK in the file at *path* (base64 or hex text, or the 32 raw bytes)."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise errors.StoreError(f"cannot read the KEK file {file}: {exc.strerror}") from None
    if len(raw) == _KEK_BYTES:
        return AesGcmKek(raw)
    return kek_from_text(raw.decode("ascii", "replace"), source=str(file))


def new_kek_text() -> str:
    """A new random KEK, in base64: keep it where the service can read it and nothing else."""
    return base64.b64encode(os.urandom(_KEK_BYTES)).decode()


__getattr__ = _deprecated.old_names(__name__)
