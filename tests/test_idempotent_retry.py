"""Sending a command again with the same command_id returns what the first recorded."""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from tests.builders import GROUP_ID, activity, forget, form, member

import kimcore as k
from kimcore.domain.errors import AlreadyMember, InvalidValue

ROOT = Path(__file__).parent.parent


def join(n: int) -> k.JoinGroup:
    return k.JoinGroup(group_id=GROUP_ID, member=member(n), joined_on=form().formed_on)


@pytest.fixture
def app() -> k.Application:
    application = k.Application(k.MemoryStore())
    application.handle(form())
    return application


def test_a_resent_command_returns_the_first_recording(app: k.Application) -> None:
    command_id = uuid.uuid4()
    first = app.handle(join(7), command_id=command_id)
    again = app.handle(join(7), command_id=command_id)
    assert [r.event_id for r in again] == [r.event_id for r in first]
    assert again[0].event == first[0].event  # personal data opened as the first time
    assert app.store.head_position() == 2
    with pytest.raises(AlreadyMember):
        app.handle(join(7), command_id=uuid.uuid4())  # another command: decided as usual


def test_a_resent_activity_is_its_first_record_not_a_refusal(app: k.Application) -> None:
    command_id = uuid.uuid4()
    hold = activity()
    first = app.handle(hold, command_id=command_id)
    assert app.handle(hold, command_id=command_id) == first
    assert app.store.head_position() == 2
    with pytest.raises(k.DomainError, match="already"):
        app.handle(hold)  # without the command id it is another command, and refused


def test_a_resent_erasure_returns_its_first_record(app: k.Application) -> None:
    command_id = uuid.uuid4()
    first = app.forget(forget(member(1).member_id), command_id=command_id)
    again = app.forget(forget(member(1).member_id), command_id=command_id)
    assert [r.event_id for r in again] == [r.event_id for r in first]


class _Unindexed:
    """A store written before the port had ``recorded_by``: everything but the index."""

    def __init__(self, store: k.MemoryStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name == "recorded_by":
            raise AttributeError(name)
        return getattr(self._store, name)


def test_a_resent_command_is_recognised_after_any_number_of_later_events(
    app: k.Application,
) -> None:
    command_id = uuid.uuid4()
    first = app.handle(join(7), command_id=command_id)
    assert first.new
    for n in range(150):  # 150 later events on the stream, past the old window of 100
        app.handle(activity(f"topik {n}"))
    again = app.handle(join(7), command_id=command_id)
    assert again == first
    assert not again.new
    assert again.events == tuple(first)


def test_without_the_stores_index_the_window_is_the_streams_last_events() -> None:
    app = k.Application(_Unindexed(k.MemoryStore()), idempotency_window=2)  # type: ignore[arg-type]
    app.handle(form())
    command_id = uuid.uuid4()
    app.handle(join(7), command_id=command_id)
    app.handle(join(8))
    assert len(app.handle(join(7), command_id=command_id)) == 1  # still among the last 2
    app.handle(join(9))
    with pytest.raises(AlreadyMember):  # out of the window: decided again, and refused
        app.handle(join(7), command_id=command_id)
    with pytest.raises(InvalidValue, match="idempotency_window"):
        k.Application(k.MemoryStore(), idempotency_window=-1)


def test_a_window_of_0_turns_the_check_off() -> None:
    app = k.Application(k.MemoryStore(), idempotency_window=0)
    app.handle(form())
    command_id = uuid.uuid4()
    app.handle(join(7), command_id=command_id)
    with pytest.raises(AlreadyMember):
        app.handle(join(7), command_id=command_id)


def test_handle_says_whether_it_recorded_now(app: k.Application) -> None:
    command_id = uuid.uuid4()
    first = app.handle(join(7), command_id=command_id)
    assert first.new
    assert isinstance(first, tuple)
    assert len(first) == 1
    assert not app.handle(join(7), command_id=command_id).new
    assert pickle.loads(pickle.dumps(first)) == first
    assert pickle.loads(pickle.dumps(first)).new


# A client that records a command, then is killed before it can learn that it committed.
CLIENT = """
import os, signal, sys, uuid
import kimcore as k
from tests.builders import GROUP_ID, form, member
app = k.Application(k.open_store(sys.argv[1]))
command = k.JoinGroup(group_id=GROUP_ID, member=member(7), joined_on=form().formed_on)
app.handle(command, command_id=uuid.UUID(sys.argv[2]))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_client_killed_after_its_append_can_resend_safely(url: str) -> None:
    with k.open_store(url) as store:
        k.Application(store).handle(form())
    command_id = uuid.uuid4()
    killed = subprocess.run(
        [sys.executable, "-c", CLIENT, url, str(command_id)], cwd=ROOT, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    with k.open_store(url) as store:
        app = k.Application(store)
        recorded = app.handle(join(7), command_id=command_id)  # the resend
        assert [r.event_type for r in recorded] == ["MemberJoined"]
        joined = [
            s for s in store.read_stream(recorded[0].stream_id) if s.event_type == "MemberJoined"
        ]
        assert [s.event_id for s in joined] == [recorded[0].event_id]
