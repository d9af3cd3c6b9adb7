"""Sinks to other apps, against a real HTTP server and the real NATS server."""

from __future__ import annotations

import asyncio
import base64
import http.server
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.services import require_nats

import kimcore as k
from kimcore.adapters.sinks import JsonLinesSink, NatsSink, WebhookSink, sign, verify
from kimcore.demo import PEOPLE, run_story
from kimcore.errors import DeliveryFailed
from kimcore.plugins import get_plugins
from kimcore.projections import MemoryModels, Projector, SqliteModels


@pytest.fixture
def store() -> k.MemoryStore:
    made = k.MemoryStore()
    run_story(k.Application(made))
    return made


# -- JSON Lines ---------------------------------------------------------------------


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_jsonl_sink_writes_every_event_once_across_restarts(
    store: k.MemoryStore, tmp_path: Path
) -> None:
    path = tmp_path / "out.jsonl"
    checkpoints = MemoryModels()
    sink = get_plugins().sink("jsonl", path=path)
    Projector(store, sink, checkpoints, page_size=4).run()
    sink.close()
    # A crash after writing but before the checkpoint moved: the same pages come again.
    again = JsonLinesSink(path)
    Projector(store, again, MemoryModels(), page_size=4).run()
    again.close()
    lines = _lines(path)
    assert [line["position"] for line in lines] == list(range(1, store.head_position() + 1))
    assert lines[0]["event_type"] == "GroupFormed"
    # No personal data leaves by default.
    assert not any(name in path.read_text() for name, _ in PEOPLE)


def test_jsonl_sink_cuts_a_line_left_half_written(store: k.MemoryStore, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    sink = JsonLinesSink(path)
    Projector(store, sink, MemoryModels(), page_size=5).run()
    sink.close()
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"position": 99, "event_ty')  # the crash
    again = JsonLinesSink(path)
    Projector(store, again, MemoryModels()).run()
    again.close()
    assert path.read_bytes() == whole


def test_jsonl_sink_shows_names_only_when_asked(store: k.MemoryStore, tmp_path: Path) -> None:
    path = tmp_path / "names.jsonl"
    sink = JsonLinesSink(path, personal_data=True)
    Projector(store, sink, MemoryModels()).run()
    sink.close()
    assert PEOPLE[1][0] in path.read_text()


# -- webhook -------------------------------------------------------------------------


class Receiver(http.server.ThreadingHTTPServer):
    """A local webhook receiver that fails the first *failures* requests of each event."""

    def __init__(
        self, failures: int = 0, *, always_fail: bool = False, retry_after: str | None = None
    ) -> None:
        self.failures = failures
        self.retry_after = retry_after
        self.always_fail = always_fail
        self.seen: list[tuple[dict[str, str], bytes]] = []
        self.tries: dict[str, int] = {}
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        event_id = self.headers["Idempotency-Key"]
        tries = self.server.tries[event_id] = self.server.tries.get(event_id, 0) + 1
        if self.server.always_fail or tries <= self.server.failures:
            self.send_response(503)
            if self.server.retry_after is not None:
                self.send_header("Retry-After", self.server.retry_after)
            self.end_headers()
            return
        self.server.seen.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver(request: pytest.FixtureRequest) -> Iterator[Receiver]:
    server = Receiver(**getattr(request, "param", {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


SECRET = "whsec_" + base64.b64encode(b"a secret of the receiver's own").decode()


@pytest.mark.parametrize("receiver", [{"failures": 2}], indirect=True)
def test_webhook_signs_as_standard_webhooks_retries_and_delivers_in_order(
    store: k.MemoryStore, receiver: Receiver
) -> None:
    from standardwebhooks import Webhook

    waits: list[float] = []
    sink = WebhookSink(receiver.url, secret=SECRET, attempts=3, backoff=0.1, sleep=waits.append)
    Projector(store, sink, MemoryModels()).run()
    assert len(receiver.seen) == store.head_position()
    # Jittered: between half and all of the doubled delay.
    assert 0.05 <= waits[0] <= 0.1
    assert 0.1 <= waits[1] <= 0.2
    positions = []
    receiving = Webhook(SECRET)  # the specification's own library, as a receiver uses it
    for headers, body in receiver.seen:
        line = receiving.verify(body, headers)
        verify(SECRET, body, headers)
        named = {name.lower(): value for name, value in headers.items()}
        assert named["webhook-id"] == named["idempotency-key"] == line["event_id"]
        assert named["x-kimcore-event-type"] == line["event_type"]
        positions.append(line["position"])
    assert positions == sorted(positions)


def test_a_delivery_is_refused_when_tampered_replayed_or_unsigned() -> None:
    from standardwebhooks import Webhook, WebhookVerificationError

    body, stamp = b'{"position":1}', int(time.time())
    headers = {
        "webhook-id": "msg-1",
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(SECRET, "msg-1", stamp, body),
    }
    verify(SECRET, body, headers)
    Webhook(SECRET).verify(body, headers)
    old = {**headers, "webhook-timestamp": str(stamp - 301)}
    old["webhook-signature"] = sign(SECRET, "msg-1", stamp - 301, body)
    cases = [
        (b'{"position":2}', headers, "no webhook-signature matches"),  # tampered body
        (body, {**headers, "webhook-id": "msg-2"}, "no webhook-signature matches"),  # id swapped
        (body, old, "possible replay"),  # outside the tolerance window
        (body, {"webhook-id": "msg-1"}, "missing"),
        (body, {**headers, "webhook-timestamp": "soon"}, "whole seconds"),
    ]
    for sent, sent_headers, why in cases:
        with pytest.raises(DeliveryFailed, match=why):
            verify(SECRET, sent, sent_headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(SECRET).verify(sent, sent_headers)
    # A sender rotating its secret signs with both; either matches.
    both = {**headers, "webhook-signature": f"v1,bm9wZQ== {headers['webhook-signature']}"}
    verify(SECRET, body, both)


@pytest.mark.parametrize("receiver", [{"failures": 1, "retry_after": "2"}], indirect=True)
def test_a_receiver_asking_to_retry_later_is_waited_for(
    store: k.MemoryStore, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    waits: list[float] = []
    sink = WebhookSink(receiver.url, secret=SECRET, attempts=2, backoff=0.1, sleep=waits.append)
    with caplog.at_level(logging.WARNING, logger="kimcore.sink"):
        Projector(store, sink, MemoryModels()).run()
    assert waits
    assert all(wait == 2.0 for wait in waits)
    assert "try 1 of 2 failed (HTTP 503)" in caplog.text


@pytest.mark.parametrize("receiver", [{"always_fail": True}], indirect=True)
def test_webhook_dead_letters_after_the_last_try(
    store: k.MemoryStore, receiver: Receiver, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dead = tmp_path / "dead.jsonl"
    sink = WebhookSink(
        receiver.url, secret=b"k", attempts=2, backoff=0, dead_letter=dead, sleep=lambda _: None
    )
    projector = Projector(store, sink, MemoryModels())
    with caplog.at_level(logging.ERROR, logger="kimcore.sink"):
        projector.run()
    assert caplog.text.count("dead-lettered after 2 tries") == store.head_position()
    buried = _lines(dead)
    assert len(buried) == store.head_position()
    assert {b["error"] for b in buried} == {"HTTP 503"}
    assert all(b["attempts"] == 2 for b in buried)
    assert projector.checkpoint() == store.head_position()


@pytest.mark.parametrize("receiver", [{"always_fail": True}], indirect=True)
def test_webhook_without_dead_letter_fails_the_page(
    store: k.MemoryStore, receiver: Receiver, tmp_path: Path
) -> None:
    sink = WebhookSink(receiver.url, secret=b"k", attempts=1, sleep=lambda _: None)
    with sink, SqliteModels(str(tmp_path / "cp.db")) as models:
        projector = Projector(store, sink, models)
        with pytest.raises(DeliveryFailed, match="not delivered after 1 tries: HTTP 503"):
            projector.run()
        assert projector.checkpoint() == 0


def test_webhook_refuses_bad_options() -> None:
    with pytest.raises(DeliveryFailed, match="http:// or https://"):
        WebhookSink("ftp://x", secret="k")
    with pytest.raises(DeliveryFailed, match="secret is required"):
        WebhookSink("http://x", secret="")
    with pytest.raises(DeliveryFailed, match="attempts must be >= 1"):
        WebhookSink("http://x", secret="k", attempts=0)


# -- NATS JetStream ------------------------------------------------------------------


def _stream_messages(url: str, stream: str) -> list[tuple[str, dict[str, Any], str]]:
    import nats

    async def fetch() -> list[tuple[str, dict[str, Any], str]]:
        nc = await nats.connect(url)
        js = nc.jetstream()
        info = await js.stream_info(stream)
        out = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            msg = await js.get_msg(stream, seq)
            out.append((msg.subject, json.loads(msg.data), (msg.headers or {})["Nats-Msg-Id"]))
        await js.delete_stream(stream)
        await nc.close()
        return out

    return asyncio.run(fetch())


def test_nats_sink_publishes_each_event_once(store: k.MemoryStore) -> None:
    url = require_nats()
    stream = f"KIMCORE_TEST_{uuid.uuid4().hex[:8].upper()}"
    prefix = f"test.{stream.lower()}"
    sink = NatsSink(url, stream=stream, prefix=prefix)
    projector = Projector(store, sink, MemoryModels(), page_size=4)
    projector.run()
    projector.rebuild()  # everything published again: the server drops the repeats
    sink.close()
    messages = _stream_messages(url, stream)
    assert len(messages) == store.head_position()
    for subject, line, msg_id in messages:
        assert subject == f"{prefix}.{line['event_type']}"
        assert msg_id == line["event_id"]
    assert [line["position"] for _, line, _ in messages] == list(
        range(1, store.head_position() + 1)
    )


def test_nats_sink_names_an_unreachable_server() -> None:
    with pytest.raises(DeliveryFailed, match="cannot reach NATS"):
        NatsSink("nats://127.0.0.1:1", timeout=0.5)
