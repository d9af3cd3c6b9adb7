"""``handle_many``: several commands decided in turn on one stream, recorded in one append."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from tests.builders import GROUP_ID, activity, form, member

import kimcore as k
from kimcore.domain.errors import AlreadyMember, InvalidValue


def join(n: int) -> k.JoinGroup:
    return k.JoinGroup(group_id=GROUP_ID, member=member(n), joined_on=form().formed_on)


def test_commands_are_decided_in_turn_and_appended_once() -> None:
    app = k.Application(k.MemoryStore())
    recorded = app.handle_many([form(), join(7), join(8)], extra={"source": "test"})
    assert recorded.new
    assert [r.event_type for r in recorded] == ["GroupFormed", "MemberJoined", "MemberJoined"]
    assert [r.stream_version for r in recorded] == [1, 2, 3]
    assert len({r.metadata.causation_id for r in recorded}) == 1  # one write, one cause
    assert recorded[0].metadata.extra == {"source": "test"}
    group = app.group(GROUP_ID)
    assert group is not None
    assert member(8).member_id in group.members
    assert app.handle(join(9)).new  # the cache moved on with it: decided on version 3


def test_a_refused_command_records_none_of_them() -> None:
    app = k.Application(k.MemoryStore())
    with pytest.raises(AlreadyMember) as refused:
        app.handle_many([form(), join(7), join(7)])
    assert "commands[2] of 3" in "".join(refused.value.__notes__)
    assert app.store.head_position() == 0


@pytest.mark.parametrize(
    ("commands", "field"),
    [
        ([], "commands"),
        ("FormGroup", "commands"),
        ([form(), "JoinGroup"], r"commands\[1\]"),
        ([form(), form(group_id=uuid.uuid4())], r"commands\[1\]"),
    ],
)
def test_what_is_not_commands_of_one_stream_is_refused(commands: object, field: str) -> None:
    app = k.Application(k.MemoryStore())
    with pytest.raises(InvalidValue, match=field):
        app.handle_many(commands)  # type: ignore[arg-type]
    assert app.store.head_position() == 0


def test_sent_again_it_answers_the_first_recording() -> None:
    app = k.Application(k.MemoryStore())
    command_id = uuid.uuid4()
    first = app.handle_many([form(), join(7)], command_id=command_id)
    app.handle_many([activity(f"topik {n}") for n in range(1000)])
    again = app.handle_many([form(), join(7)], command_id=command_id)
    assert again == first
    assert not again.new


def test_the_async_application_does_the_same() -> None:
    async def body() -> None:
        async with k.stores.AsyncMemoryStore() as store:
            app = k.AsyncApplication(store)
            command_id = uuid.uuid4()
            first = await app.handle_many([form(), join(7)], command_id=command_id)
            assert first.new
            await app.handle_many([activity(f"topik {n}") for n in range(1000)])
            again = await app.handle_many([form(), join(7)], command_id=command_id)
            assert again == first
            assert not again.new
            assert not (await app.handle(join(7), command_id=first[0].metadata.causation_id)).new

    asyncio.run(body())


def test_a_retry_after_1000_later_events_is_the_first_recording(url: str) -> None:
    with k.open_store(url) as store:
        app = k.Application(store)
        app.handle(form())
        command_id = uuid.uuid4()
        first = app.handle(join(7), command_id=command_id)
        app.handle_many([activity(f"topik {n}") for n in range(1000)])
        again = k.Application(store).handle(join(7), command_id=command_id)  # no cache
        assert again == first
        assert not again.new
        assert store.stream_version(first[0].stream_id) == 1002

    async def in_async() -> None:
        async with await k.open_async_store(url) as store:
            again = await k.AsyncApplication(store).handle(join(7), command_id=command_id)
            assert again == first
            assert not again.new

    asyncio.run(in_async())
