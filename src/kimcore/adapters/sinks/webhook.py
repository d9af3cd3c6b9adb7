"""A sink that POSTs each event to a webhook, signed as Standard Webhooks specifies.

A receiver verifies a delivery with the specification's own libraries (for Python,
``standardwebhooks``: ``Webhook(secret).verify(body, headers)``), or with
[`verify`][kimcore.adapters.sinks.webhook.verify] here: the signature covers the message id, the
timestamp and the body, and a timestamp outside the tolerance window is refused, which stops a
captured request from being replayed later.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import os
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from kimcore import _json
from kimcore._closing import Closing
from kimcore.adapters.export import record_line
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.errors import DeliveryFailed

__all__ = ["DEFAULT_TOLERANCE", "SECRET_PREFIX", "WebhookSink", "secret_bytes", "sign", "verify"]

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = 300.0  # seconds, the specification's five minutes
_log = logging.getLogger("kimcore.sink")


def secret_bytes(secret: bytes | str) -> bytes:
    """The key of a secret: ``whsec_`` and base64 as the specification writes it, or raw bytes.

    Other text is taken as its UTF-8 bytes.
    """
    if isinstance(secret, bytes):
        return secret
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :] + "==", validate=False)
        except ValueError as exc:
            raise DeliveryFailed(f"a {SECRET_PREFIX} secret must be base64: {exc}") from None
    return secret.encode()


def sign(secret: bytes | str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` and the base64 HMAC-SHA256 of id.timestamp.body."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(
    secret: bytes | str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check a delivery as a receiver must; raise `DeliveryFailed` saying why it is refused.

    The headers are matched without regard to case; any one of the
    space-separated ``v1`` signatures may match (a sender rotating its
    secret signs with both).
    """
    lower = {name.lower(): value for name, value in headers.items()}
    message_id = lower.get("webhook-id")
    stamp = lower.get("webhook-timestamp")
    signatures = lower.get("webhook-signature")
    if not (message_id and stamp and signatures):
        raise DeliveryFailed("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise DeliveryFailed(f"webhook-timestamp is not whole seconds: {stamp!r}") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise DeliveryFailed(
            f"webhook-timestamp {timestamp} is more than {tolerance:g} s from now: refused as"
            " a possible replay"
        )
    expected = sign(secret, message_id, timestamp, body).encode()
    for candidate in signatures.split():
        if hmac.compare_digest(candidate.encode(), expected):
            return
    raise DeliveryFailed("no webhook-signature matches the body")


class WebhookSink(Closing):
    """POSTs each event as JSON to *url*, one request per event, signed by Standard Webhooks.

    Headers: ``webhook-id`` (the event id, the same on every retry:
    de-duplicate on it, delivery is at least once), ``webhook-timestamp``
    (seconds since the epoch, at each attempt) and ``webhook-signature``
    (``v1,`` base64 HMAC-SHA256 of ``id.timestamp.body`` with *secret*);
    also ``Idempotency-Key`` (the event id) and ``X-Kimcore-Event-Type``.
    *secret* is ``whsec_`` and base64, as the specification writes it, or
    bytes.

    A response other than 2xx, or no response, is tried again up to *attempts* times. The wait
    before try *n* is drawn between half and all of ``backoff * 2**(n-1)`` seconds (capped at
    *max_backoff*), so that many senders do not retry in step; a ``Retry-After`` in seconds from
    the receiver is waited at least. After the last try the event goes to the *dead_letter* JSON
    Lines file with the error, and the projection goes on; without a *dead_letter* file the page
    fails with [`DeliveryFailed`][kimcore.errors.DeliveryFailed] and is delivered again on the next
    run. Retries are logged on ``kimcore.sink`` at WARNING, dead letters at ERROR.
    """

    def __init__(
        self,
        url: str,
        *,
        secret: bytes | str,
        name: str = "webhook",
        attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        timeout: float = 10.0,
        dead_letter: str | os.PathLike[str] | None = None,
        personal_data: bool = False,
        codec: Codec | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[float, float], float] = random.uniform,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise DeliveryFailed(f"sink {name!r}: url must be http:// or https://, got {url!r}")
        if attempts < 1:
            raise DeliveryFailed(f"sink {name!r}: attempts must be >= 1, got {attempts}")
        self.url = url
        self.secret = secret_bytes(secret)
        if not self.secret:
            raise DeliveryFailed(f"sink {name!r}: a signing secret is required")
        self.name = name
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.dead_letter = None if dead_letter is None else Path(dead_letter)
        self.personal_data = personal_data
        self.codec = codec or Codec()
        self._sleep = sleep
        self._jitter = jitter
        self._clock = clock

    def deliver(self, events: Sequence[RecordedEvent[Event]]) -> None:
        """POST every event in order, retrying each, dead-lettering what never got through."""
        for recorded in events:
            body = _json.dumps(record_line(self.codec, recorded))
            error = self._post(recorded, body)
            if error is None:
                continue
            if self.dead_letter is None:
                raise DeliveryFailed(
                    f"sink {self.name!r}: event {recorded.event_id} at position"
                    f" {recorded.position} not delivered after {self.attempts} tries: {error}"
                )
            _log.error(
                "sink %r: event %s at position %d dead-lettered after %d tries: %s",
                self.name,
                recorded.event_id,
                recorded.position,
                self.attempts,
                error,
            )
            self._bury(body, error)

    def _post(self, recorded: RecordedEvent[Event], body: bytes) -> str | None:
        """``None`` once delivered, else the last error."""
        message_id = str(recorded.event_id)
        delay = self.backoff
        error = ""
        for attempt in range(1, self.attempts + 1):
            timestamp = int(self._clock())
            request = urllib.request.Request(
                self.url,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    "webhook-id": message_id,
                    "webhook-timestamp": str(timestamp),
                    "webhook-signature": sign(self.secret, message_id, timestamp, body),
                    "Idempotency-Key": message_id,
                    "X-Kimcore-Event-Type": recorded.event_type,
                },
            )
            wait_at_least = 0.0
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    if 200 <= response.status < 300:
                        return None
                    error = f"HTTP {response.status}"  # pragma: no cover - urllib raises
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
                wait_at_least = _retry_after(exc.headers.get("Retry-After"))
            except (urllib.error.URLError, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            if attempt < self.attempts:
                pause = max(self._jitter(delay / 2, delay), min(wait_at_least, self.max_backoff))
                _log.warning(
                    "sink %r: event %s try %d of %d failed (%s); again in %.2f s",
                    self.name,
                    message_id,
                    attempt,
                    self.attempts,
                    error,
                    pause,
                )
                self._sleep(pause)
                delay = min(delay * 2, self.max_backoff)
        return error

    def _bury(self, body: bytes, error: str) -> None:
        assert self.dead_letter is not None
        record = {
            "sink": self.name,
            "url": self.url,
            "error": error,
            "attempts": self.attempts,
            "failed_at": dt.datetime.now(dt.UTC).isoformat(),
            "event": _json.loads(body),
        }
        with self.dead_letter.open("ab") as f:
            f.write(_json.dumps(record) + b"\n")
            f.flush()
            os.fsync(f.fileno())

    def close(self) -> None:
        """Nothing is held open between requests."""


def _retry_after(value: str | None) -> float:
    """A ``Retry-After`` of whole seconds; an HTTP date or nonsense counts as none."""
    try:
        return max(0.0, float(value)) if value is not None else 0.0
    except ValueError:
        return 0.0
