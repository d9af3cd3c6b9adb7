"""A sink that POSTs each event to a webhook, signed, retried, dead-lettered."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from kimcore import _json
from kimcore.adapters.export import record_line
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent
from kimcore.projections.errors import DeliveryFailed

__all__ = ["SIGNATURE_HEADER", "WebhookSink", "sign"]

SIGNATURE_HEADER = "X-Kimcore-Signature"


def sign(secret: bytes, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of *body*."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class WebhookSink:
    """POSTs each event as JSON to *url*, one request per event.

    Headers: ``X-Kimcore-Signature`` (HMAC-SHA256 of the body with *secret*;
    receivers compare with :func:`hmac.compare_digest`), ``Idempotency-Key``
    and ``X-Kimcore-Event-Id`` (the event id: de-duplicate on it, delivery is
    at least once) and ``X-Kimcore-Event-Type``. A response other than 2xx, or
    no response, is tried again up to *attempts* times, waiting *backoff*
    seconds, doubled each time up to *max_backoff*. After the last try the
    event goes to the *dead_letter* JSON Lines file with the error, and the
    projection goes on; without a *dead_letter* file the page fails with
    :class:`DeliveryFailed` and is delivered again on the next run.
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
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise DeliveryFailed(f"sink {name!r}: url must be http:// or https://, got {url!r}")
        if attempts < 1:
            raise DeliveryFailed(f"sink {name!r}: attempts must be >= 1, got {attempts}")
        self.url = url
        self.secret = secret.encode() if isinstance(secret, str) else secret
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
            self._bury(body, error)

    def _post(self, recorded: RecordedEvent[Event], body: bytes) -> str | None:
        """``None`` once delivered, else the last error."""
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(self.secret, body),
                "Idempotency-Key": str(recorded.event_id),
                "X-Kimcore-Event-Id": str(recorded.event_id),
                "X-Kimcore-Event-Type": recorded.event_type,
            },
        )
        delay = self.backoff
        error = ""
        for attempt in range(1, self.attempts + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    if 200 <= response.status < 300:
                        return None
                    error = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            if attempt < self.attempts:
                self._sleep(delay)
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
