"""Tokens and scopes, conflicts answered 409, and commands read from JSON by field."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from tests.web_server import form_body, free_port

import kimcore as k
from kimcore.application.defaults import defaults
from kimcore.web import Tokens, create_app
from kimcore.wire import command_types, structure_command

TOKEN = "write-token-0123456789"
HASHED = hashlib.sha256(TOKEN.encode()).hexdigest()


def test_a_token_matches_its_grant_only() -> None:
    tokens = Tokens.from_mapping(
        {
            "tokens": [
                {
                    "name": "a",
                    "sha256": hashlib.sha256(b"a-token-0123456789").hexdigest(),
                    "scopes": ["write"],
                },
                {
                    "name": "b",
                    "sha256": hashlib.sha256(b"b-token-0123456789").hexdigest(),
                    "scopes": ["personal", "read"],
                },
            ]
        }
    )
    found = tokens.grant_for("b-token-0123456789")
    assert found is not None
    assert (found.name, found.scopes) == ("b", frozenset({"personal", "read"}))
    assert tokens.grant_for("b-token-012345678") is None
    assert tokens.grant_for(None) is None
    assert "b-token" not in repr(tokens)


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({}, "tokens"),
        ({"tokens": [{"name": "a", "token": TOKEN, "scopes": ["write"]}]}, "tokens[0].token"),
        ({"tokens": [{"name": "a", "sha256": "zz", "scopes": ["write"]}]}, "tokens[0].sha256"),
        ({"tokens": [{"name": "a", "scopes": ["write"]}]}, "tokens[0].sha256"),
        ({"tokens": [{"name": "a", "sha256": HASHED, "scopes": ["admin"]}]}, "tokens[0].scopes"),
        ({"tokens": [{"sha256": HASHED, "scopes": ["write"]}]}, "tokens[0].name"),
        (
            {
                "tokens": [
                    {"name": "a", "sha256": HASHED, "scopes": ["write"]},
                    {"name": "b", "sha256": HASHED.upper(), "scopes": ["read"]},
                ]
            },
            "tokens",
        ),
    ],
)
def test_a_bad_token_file_is_refused_naming_the_entry(config: dict[str, Any], field: str) -> None:
    with pytest.raises(k.errors.InvalidValue) as caught:
        Tokens.from_mapping(config)
    assert caught.value.field == field


def test_commands_from_json_name_the_field_that_is_wrong() -> None:
    types = command_types(defaults().deciders)
    body = {
        "group_id": str(uuid.uuid4()),
        "member": {"member_id": str(uuid.uuid4()), "name": "Ani", "category": "pupil"},
        "joined_on": "2024-02-02",
    }
    made = structure_command("JoinGroup", body, types)
    assert isinstance(made, k.JoinGroup)
    assert made.member.category is k.MemberCategory.PUPIL
    cases = {
        "member.category": {**body, "member": {**body["member"], "category": "king"}},
        "joined_on": {**body, "joined_on": "soon"},
        "member": {k_: v for k_, v in body.items() if k_ != "member"},
        "colour": {**body, "colour": "red"},
        "member.name": {**body, "member": {**body["member"], "name": " "}},
    }
    for field, bad in cases.items():
        with pytest.raises(k.errors.InvalidValue) as caught:
            structure_command("JoinGroup", bad, types)
        assert caught.value.field == field, bad
    with pytest.raises(k.errors.InvalidValue, match="unknown command"):
        structure_command("Conquer", body, types)


class _AlwaysConflicting(k.MemoryStore):
    """A store another writer always beats: every append finds a newer version."""

    def append(self, stream_id: str, events: Any, expected_version: int, **kwargs: Any) -> Any:
        raise k.errors.WrongExpectedVersion(stream_id, expected_version, expected_version + 1)


@contextmanager
def _in_process(app: Any) -> Iterator[str]:
    """*app* on uvicorn on 127.0.0.1, in a thread of this process (for a store made here)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture
def conflicting() -> Iterator[str]:
    with _in_process(create_app(_AlwaysConflicting(), tokens=Tokens.of({TOKEN: ["write"]}))) as url:
        yield url


def test_private_reads_need_the_read_scope() -> None:
    tokens = Tokens.of({TOKEN: ["write"], "reader-token-0123456789": ["read"]})
    with _in_process(create_app(k.MemoryStore(), tokens=tokens, private_reads=True)) as url:
        assert httpx.get(f"{url}/api/kims").status_code == 401
        assert httpx.get(f"{url}/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
        reader = {"Authorization": "Bearer reader-token-0123456789"}
        assert httpx.get(f"{url}/api/kims", headers=reader).json()["total"] == 0
        assert httpx.get(f"{url}/api/log/stream?after=x", headers=reader).status_code == 400


def test_a_conflict_that_retries_cannot_settle_is_409(conflicting: str) -> None:
    body = form_body(uuid.uuid4(), name="KIM Rebutan")
    answer = httpx.post(
        f"{conflicting}/api/commands/FormGroup",
        json=body,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["rule"] == "conflict"
