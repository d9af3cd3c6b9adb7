"""The real HTTP service in a process of its own, on 127.0.0.1, as an operator starts it."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

PORTAL = "portal-token-0123456789"  # write
OFFICE = "office-token-0123456789"  # write, personal
READER = "reader-token-0123456789"  # read


def write_tokens(path: Path) -> Path:
    """A token file as an operator writes one: each token's SHA-256, never the token."""
    config = {
        "tokens": [
            {
                "name": "portal",
                "sha256": hashlib.sha256(PORTAL.encode()).hexdigest(),
                "scopes": ["write"],
            },
            {
                "name": "office",
                "sha256": hashlib.sha256(OFFICE.encode()).hexdigest(),
                "scopes": ["write", "personal"],
            },
            {
                "name": "reader",
                "sha256": hashlib.sha256(READER.encode()).hexdigest(),
                "scopes": ["read"],
            },
        ]
    }
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def form_body(
    group_id: uuid.UUID,
    *,
    founders: int = 3,
    region: tuple[str, str] = ("62.71.02.1001", "Kereng Bangkirai"),
    **changes: Any,
) -> dict[str, Any]:
    """A ``FormGroup`` as a portal sends it: JSON, with *founders* new members."""
    body = {
        "group_id": str(group_id),
        "name": "KIM Maju Bersama",
        "seat": {
            "region": {"code": region[0], "name": region[1]},
            "settlement": "urban_ward",
            "area": "urban",
        },
        "founders": [
            {"member_id": str(uuid.uuid4()), "name": f"Warga {n}", "category": "youth"}
            for n in range(founders)
        ],
        "formed_on": "2024-03-01",
    }
    return body | changes


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def kimcore(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the kimcore command on the store at *url*."""
    return subprocess.run(
        [sys.executable, "-m", "kimcore", "--store", url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def caught_up(base: str, timeout: float = 60, token: str = READER) -> dict[str, Any]:
    """Wait until every read model of the service at *base* is at the head; its ``/api``.

    It asks with *token* (``read``), for a service whose reads are private.
    """
    deadline = time.monotonic() + timeout
    while True:
        index: dict[str, Any] = httpx.get(f"{base}/api", headers=bearer(token), timeout=5).json()
        if all(m["behind"] == 0 for m in index["health"]["read_models"]):
            return index
        assert time.monotonic() < deadline, f"never caught up: {index['health']}"
        time.sleep(0.1)


def serve_command(url: str, port: int, tokens: Path, *extra: str) -> list[str]:
    """The command line of ``kimcore serve`` on *url* at *port*, trusting *tokens*."""
    command = [sys.executable, "-m", "kimcore", "--store", url, "serve", "--port", str(port)]
    return [*command, "--tokens", str(tokens), *extra]


@contextmanager
def serving(
    url: str,
    tokens: Path,
    *extra: str,
    port: int | None = None,
    wait: bool = True,
    logs: Path | None = None,
) -> Iterator[str]:
    """``kimcore serve`` on *url*, until the block ends; yields its base URL.

    It answers at once; with *wait*, the block begins once its read models are at the head.
    It logs at ``warning`` unless *extra* says otherwise; with *logs*, its stderr goes to that
    file (read it after the block: the process has ended and flushed it).
    """
    port = port or free_port()
    log_file = logs.open("w", encoding="utf-8") if logs is not None else None
    process = subprocess.Popen(
        serve_command(url, port, tokens, "--log-level", "warning", *extra),
        stdout=subprocess.PIPE if log_file is None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log_file is None else log_file,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                if logs is not None:
                    output = logs.read_text(encoding="utf-8")
                raise AssertionError(f"kimcore serve exited {process.returncode}: {output}")
            try:
                httpx.get(f"{base}/api", headers=bearer(READER), timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        if wait:
            caught_up(base)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if log_file is not None:
            log_file.close()
