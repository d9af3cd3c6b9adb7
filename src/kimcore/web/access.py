"""Who may do what: bearer tokens the operator configures, each with its scopes.

The token file is JSON::

    {"tokens": [
      {"name": "portal", "sha256": "9f86d0…", "scopes": ["write"]},
      {"name": "office", "sha256": "…", "scopes": ["write", "personal", "read"]}
    ]}

``sha256`` is the hex SHA-256 of the token (``printf %s TOKEN | sha256sum``), so
the file holds no secret: an entry that holds the token itself (``token``) is
refused, saying how to hash it. Scopes: ``write`` sends commands and imports; ``personal`` reads
members' personal data; ``read`` reads at all, when the service is started
with reads private. A presented token is hashed and compared with every
configured hash in constant time, so neither a match nor its place in the
file shows in the time taken.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from kimcore.vocabulary.errors import InvalidValue

__all__ = ["SCOPES", "Grant", "Tokens"]

SCOPES = ("read", "write", "personal")


@attrs.frozen
class Grant:
    """A configured token: its name (for logs, never the token), its hash, its scopes."""

    name: str
    sha256: bytes = attrs.field(repr=False)
    scopes: frozenset[str]


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


@attrs.frozen
class Tokens:
    """The configured tokens; ``Tokens()`` has none (no write, no personal data).

    The token file is JSON, ``{"tokens": [{"name", "sha256", "scopes"}]}``;
    the scopes are ``read``, ``write`` and ``personal`` (``docs/http.md``).
    """

    grants: tuple[Grant, ...] = ()

    @classmethod
    def from_mapping(cls, config: Mapping[str, object], source: str = "tokens") -> Tokens:
        """Tokens from the parsed JSON of a token file (see the module)."""
        entries = config.get("tokens")
        if not isinstance(entries, list):
            raise InvalidValue(source, 'must hold {"tokens": [...]}')
        grants = []
        for index, entry in enumerate(entries):
            where = f"{source}[{index}]"
            if not isinstance(entry, dict):
                raise InvalidValue(where, "must be an object with name, sha256, scopes")
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                raise InvalidValue(f"{where}.name", "must name the token's holder")
            scopes = entry.get("scopes")
            if not isinstance(scopes, list) or not set(scopes) <= set(SCOPES) or not scopes:
                raise InvalidValue(f"{where}.scopes", f"must list some of {', '.join(SCOPES)}")
            grants.append(Grant(name=name, sha256=_hash_of(entry, where), scopes=frozenset(scopes)))
        if len({g.sha256 for g in grants}) != len(grants):
            raise InvalidValue(source, "holds the same token twice")
        return cls(tuple(grants))

    @classmethod
    def from_file(cls, path: Path) -> Tokens:
        """Tokens from a token file."""
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidValue("tokens", f"{path}: {exc}") from None
        if not isinstance(config, dict):
            raise InvalidValue("tokens", f"{path}: must hold a JSON object")
        return cls.from_mapping(config, str(path))

    @classmethod
    def of(cls, tokens: Mapping[str, Iterable[str]]) -> Tokens:
        """Tokens from ``{token: scopes}`` (tests, an embedding app), named by their order."""
        return cls(
            tuple(
                Grant(name=f"token {n}", sha256=_digest(token), scopes=frozenset(scopes))
                for n, (token, scopes) in enumerate(tokens.items(), start=1)
            )
        )

    def grant_for(self, token: str | None) -> Grant | None:
        """The grant *token* matches, or ``None``; every grant is compared, in constant time."""
        if token is None:
            return None
        presented = _digest(token)
        found = None
        for grant in self.grants:
            if hmac.compare_digest(presented, grant.sha256):
                found = grant
        return found


def _hash_of(entry: Mapping[str, object], where: str) -> bytes:
    if "token" in entry:
        # The file would hold a secret anyone who reads it (a backup, a log) could use.
        raise InvalidValue(
            f"{where}.token",
            "a token file holds each token's SHA-256, never the token:"
            " replace 'token' by 'sha256' with the output of: printf %s TOKEN | sha256sum",
        )
    hexed = entry.get("sha256")
    try:
        digest = bytes.fromhex(hexed) if isinstance(hexed, str) else b""
    except ValueError:
        digest = b""
    if len(digest) != hashlib.sha256().digest_size:
        raise InvalidValue(f"{where}.sha256", "must be 64 hex digits (the token's SHA-256)")
    return digest
