"""A sink that publishes events to NATS JetStream (``pip install 'kimcore[nats]'``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from kimcore import _json
from kimcore._closing import Closing
from kimcore.adapters.export import record_line
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.errors import DeliveryFailed

__all__ = ["NatsSink"]

_T = TypeVar("_T")


class NatsSink(Closing):
    """Publishes each event to ``<prefix>.<event type>`` in a JetStream stream.

    The event id travels as ``Nats-Msg-Id``, so the server drops a repeat within the stream's
    duplicate window (two minutes by default): a page published again after a crash is stored once.
    The stream (*stream*, subjects ``<prefix>.>``) is created when missing. Each publish waits for
    the server's acknowledgement; one that fails raises
    [`DeliveryFailed`][kimcore.errors.DeliveryFailed] and the page comes again.
    """

    def __init__(
        self,
        servers: str | list[str] = "nats://127.0.0.1:4222",
        *,
        stream: str = "KIMCORE",
        prefix: str = "kimcore.events",
        name: str = "nats",
        timeout: float = 5.0,
        personal_data: bool = False,
        codec: Codec | None = None,
    ) -> None:
        try:
            import nats  # noqa: PLC0415 - an extra
        except ImportError as exc:
            raise DeliveryFailed(
                f"sink {name!r} needs nats-py: pip install 'kimcore[nats]'"
            ) from exc
        self.name = name
        self.personal_data = personal_data
        self.stream = stream
        self.prefix = prefix
        self.timeout = timeout
        self.codec = codec or Codec()
        # nats-py is asyncio-only: its loop runs in a thread of its own, so the
        # projector (and any caller) stays synchronous.
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()
        try:
            self._nc = self._call(nats.connect(servers, connect_timeout=timeout))
            self._js = self._nc.jetstream(timeout=timeout)
            self._call(self._ensure_stream())
        except Exception as exc:
            self._stop_loop()
            raise DeliveryFailed(f"sink {name!r}: cannot reach NATS at {servers}: {exc}") from exc

    def _call(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(self.timeout * 4)

    async def _ensure_stream(self) -> None:
        from nats.js.errors import NotFoundError  # noqa: PLC0415 - an extra

        try:
            await self._js.stream_info(self.stream)
        except NotFoundError:
            await self._js.add_stream(name=self.stream, subjects=[f"{self.prefix}.>"])

    async def _publish(self, events: Sequence[RecordedEvent[Event]]) -> None:
        for recorded in events:
            await self._js.publish(
                f"{self.prefix}.{recorded.event_type}",
                _json.dumps(record_line(self.codec, recorded)),
                stream=self.stream,
                headers={"Nats-Msg-Id": str(recorded.event_id)},
            )

    def deliver(self, events: Sequence[RecordedEvent[Event]]) -> None:
        """Publish the events in order, each acknowledged by the server."""
        try:
            self._call(self._publish(events))
        except Exception as exc:
            raise DeliveryFailed(f"sink {self.name!r}: publish failed: {exc}") from exc

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(self.timeout)
        self._loop.close()

    def close(self) -> None:
        """Drain the connection and stop its loop."""
        try:
            self._call(self._nc.drain())
        finally:
            self._stop_loop()
