"""The live log over Server-Sent Events: resumed across a restart, nothing missed or doubled."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import httpx
from tests.web_server import PORTAL, bearer, form_body, kimcore, serving, write_tokens

from kimcore.register import template_table


def _register(tmp_path: Path, ref: str) -> Path:
    """The template's register with its KIM numbered *ref*, in a district of its own."""
    headings, rows = template_table()
    path = tmp_path / f"{ref}.csv"
    text = "\n".join(",".join(row) for row in [headings, *rows])
    path.write_text(text.replace("KIM-6271-001", ref), encoding="utf-8")
    return path


def _events(base: str, after: int | None, until: int, timeout: float = 30) -> list[tuple[int, str]]:
    """``(id, event)`` of each message the stream sends, until the one with id *until*."""
    headers = {} if after is None else {"Last-Event-ID": str(after)}
    got: list[tuple[int, str]] = []
    fields: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    with httpx.stream("GET", f"{base}/api/log/stream", headers=headers, timeout=timeout) as answer:
        assert answer.headers["content-type"].startswith("text/event-stream")
        for line in answer.iter_lines():
            assert time.monotonic() < deadline, f"the stream never reached {until}: {got}"
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
                continue
            if "id" in fields:
                got.append((int(fields["id"]), fields["event"]))
                if got[-1][0] >= until:
                    return got
            fields = {}
    raise AssertionError(f"the stream ended before {until}: {got}")


def _positions(base: str) -> list[tuple[int, str]]:
    events = httpx.get(f"{base}/api/log", params={"limit": 1000}).json()["events"]
    return [(e["position"], e["event_type"]) for e in events]


def test_a_stream_resumed_after_a_restart_misses_nothing_and_doubles_nothing(
    url: str, tmp_path: Path
) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    assert kimcore(url, "import", str(_register(tmp_path, "KIM-A"))).returncode == 0
    with serving(url, tokens) as base:
        head = _positions(base)[-1][0]
        first = _events(base, None, head)
        # Live: an event recorded while a client listens reaches it.
        heard: list[list[tuple[int, str]]] = []
        listener = threading.Thread(
            target=lambda: heard.append(_events(base, head, head + 1)), daemon=True
        )
        listener.start()
        time.sleep(1)  # connected and caught up: what comes now comes live
        body = form_body(uuid.uuid4(), region=("62.71.03.1001", "Palangka"), name="KIM Langsung")
        made = httpx.post(f"{base}/api/commands/FormGroup", json=body, headers=bearer(PORTAL))
        assert made.status_code == 201
        live = made.json()["recorded"][0]["position"]
        listener.join(timeout=30)
        assert heard == [[(live, "GroupFormed")]]
        received = heard[0]
    # While the service is down, the office imports another register.
    assert kimcore(url, "import", str(_register(tmp_path, "KIM-B"))).returncode == 0
    with serving(url, tokens) as base:
        everything = _positions(base)
        resumed = _events(base, live, everything[-1][0])
    assert first + received + resumed == everything
    assert len({position for position, _ in first + received + resumed}) == len(everything)
