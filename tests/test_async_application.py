"""AsyncApplication: Application's behaviour, awaited; and one Application shared by threads."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from tests.builders import GROUP, GROUP_ID, D, form, member

import kimcore as k
from kimcore.application.flow import run_async


def _run(case: Callable[[k.AsyncApplication], Awaitable[None]], **options: Any) -> None:
    async def body() -> None:
        async with k.stores.AsyncMemoryStore() as store:
            await case(k.AsyncApplication(store, **options))

    asyncio.run(body())


def test_it_records_what_the_sync_application_records() -> None:
    sync = k.Application(k.MemoryStore())
    sync_recorded = sync.handle(form())

    async def case(app: k.AsyncApplication) -> None:
        recorded = await app.handle(form())
        assert [r.event for r in recorded] == [r.event for r in sync_recorded]
        assert await app.group(GROUP_ID) == sync.group(GROUP_ID)
        assert await app.load(GROUP) == sync.load(GROUP)
        assert [r.event for r in await app.history(GROUP)] == [r.event for r in sync.history(GROUP)]
        join = k.JoinGroup(group_id=GROUP_ID, member=member(9), joined_on=D(2024, 2, 1))
        assert await app.decide(join) == sync.decide(join)
        assert await app.forum(uuid.uuid4()) is None

    _run(case)


def test_a_command_sent_again_is_recognised() -> None:
    async def case(app: k.AsyncApplication) -> None:
        key = uuid.uuid4()
        first = await app.handle(form(), command_id=key)
        again = await app.handle(form(), command_id=key)
        assert again == first
        assert [r.metadata.causation_id for r in first] == [key]
        assert await app.store.head_position() == 1

    _run(case)


def test_refusals_and_bad_input_record_nothing() -> None:
    async def case(app: k.AsyncApplication) -> None:
        await app.handle(form())
        with pytest.raises(k.errors.DomainError):
            await app.handle(form())  # formed already
        with pytest.raises(k.errors.InvalidValue, match="command"):
            await app.handle("FormGroup")  # type: ignore[arg-type]
        with pytest.raises(k.errors.InvalidValue, match="command_id"):
            await app.handle(form(), command_id="x")  # type: ignore[arg-type]
        with pytest.raises(k.errors.InvalidValue, match="party"):
            await app.load("group")  # type: ignore[arg-type]
        assert await app.store.head_position() == 1

    _run(case)


def test_concurrent_writers_on_one_stream_decide_again_and_lose_nothing() -> None:
    async def case(app: k.AsyncApplication) -> None:
        await app.handle(form())
        joins = [
            k.JoinGroup(group_id=GROUP_ID, member=member(100 + n), joined_on=D(2024, 2, 1))
            for n in range(20)
        ]
        await asyncio.gather(*(app.handle(join) for join in joins))
        group = await app.group(GROUP_ID)
        assert group is not None
        assert {member(100 + n).member_id for n in range(20)} <= set(group.members)

    async def body() -> None:
        # Coroutines on a store in threads interleave their reads and appends: real conflicts.
        async with k.stores.AsyncThreadedStore(k.MemoryStore(), workers=4) as store:
            await case(k.AsyncApplication(store, retries=100))

    asyncio.run(body())


def test_retries_spent_raise_and_record_nothing() -> None:
    class Conflicting(k.MemoryStore):
        def append(self, stream_id: str, events: Any, expected_version: int, **kw: Any) -> Any:
            raise k.errors.WrongExpectedVersion(stream_id, expected_version, expected_version + 1)

    async def body() -> None:
        async with k.stores.AsyncMemoryStore(Conflicting()) as store:
            app = k.AsyncApplication(store, retries=2)
            with pytest.raises(k.errors.ConflictRetriesExhausted) as raised:
                await app.handle(form())
            assert raised.value.attempts == 3

    asyncio.run(body())


def test_a_decider_reading_another_aggregate_is_asked_again_once_it_is_read() -> None:
    async def case(app: k.AsyncApplication) -> None:
        other = uuid.uuid4()
        await app.handle(form(group_id=other, name="KIM Tetangga"))
        calls: list[Any] = []

        def decide(context: k.domain.DecisionContext) -> Any:
            calls.append(1)
            return context.load(k.domain.AggregateRef(kind="group", id=other))

        state = await run_async(app._decided(decide), app.store)
        assert state.name == "KIM Tetangga"
        assert len(calls) == 2  # asked, the state read, asked again

    _run(case)


def test_forgetting_returns_an_awaitable_erasure() -> None:
    async def case(app: k.AsyncApplication) -> None:
        await app.handle(form())
        forget = k.ForgetSubject(
            subject_id=member(0).member_id,
            requested_by=k.values.ErasureRequester.DATA_SUBJECT,
            basis=k.values.ErasureBasis.CONSENT_WITHDRAWN,
            requested_on=D(2024, 9, 2),
        )
        erasure = await app.handle(forget)
        assert isinstance(erasure, k.personal.AsyncErasure)
        assert erasure.subject_id == member(0).member_id
        assert [r.event_type for r in erasure] == ["MemberForgotten"]
        assert await erasure.wait(5) is True
        assert not erasure.pending
        assert "purged" in repr(erasure)
        assert await app.forget(forget) == ()  # twice: nothing more, no error
        with pytest.raises(k.errors.InvalidValue, match="extra"):
            await app.handle(forget, extra={"ui": "x"})
        with pytest.raises(k.domain.errors.UnknownSubject):
            await app.forget(
                k.ForgetSubject(
                    subject_id=uuid.uuid4(),
                    requested_by=k.values.ErasureRequester.DATA_SUBJECT,
                    basis=k.values.ErasureBasis.CONSENT_WITHDRAWN,
                    requested_on=D(2024, 9, 2),
                )
            )
        (formed,) = await app.history(GROUP)
        assert k.personal.is_redacted(formed.event.founders[0].name)

    _run(case)


def test_the_log_decoded_with_or_without_personal_data() -> None:
    async def case(app: k.AsyncApplication) -> None:
        await app.handle(form())
        await app.handle(k.JoinGroup(group_id=GROUP_ID, member=member(7), joined_on=D(2024, 2, 1)))
        opened = [r async for r in app.read_all_decoded(page_size=1)]
        sealed = [r async for r in app.read_all_decoded(personal_data=False)]
        assert [r.event_type for r in opened] == ["GroupFormed", "MemberJoined"]
        assert opened[1].event.member.name == member(7).name
        assert k.personal.is_redacted(sealed[1].event.member.name)
        assert [r async for r in app.read_all_decoded(after=opened[-1].position)] == []

    _run(case)


def test_snapshots_and_encode_as_the_sync_application() -> None:
    async def case(app: k.AsyncApplication) -> None:
        await app.handle(form())
        snapshot = await app.snapshot(GROUP)
        assert snapshot is not None
        assert snapshot.stream_version == 1
        assert await app.store.load_snapshot(snapshot.stream_id) == snapshot
        assert await app.snapshot(k.PartyRef(kind=k.PartyKind.GROUP, id=uuid.uuid4())) is None
        (new,) = await app.encode([(await app.history(GROUP))[0].event])
        assert new.event_type == "GroupFormed"
        assert not new.keys  # the founders' keys are stored: none made anew

    _run(case)


def test_a_cancelled_write_leaves_the_application_usable() -> None:
    class Slow(k.MemoryStore):
        def append(self, *args: Any, **kwargs: Any) -> Any:
            gate.wait(10)
            return super().append(*args, **kwargs)

    gate = threading.Event()

    async def body() -> None:
        async with k.stores.AsyncThreadedStore(Slow(), workers=2) as store:
            app = k.AsyncApplication(store)
            writing = asyncio.create_task(app.handle(form(), command_id=uuid.uuid4()))
            await asyncio.sleep(0.1)
            writing.cancel()
            with pytest.raises(asyncio.CancelledError):
                await writing
            gate.set()  # the append the cancelled task began may still be recorded
            other = uuid.uuid4()
            assert len(await app.handle(form(group_id=other))) == 1
            assert await app.group(other) is not None

    asyncio.run(body())


def test_one_application_is_shared_by_threads(tmp_path: Path) -> None:
    store = k.SqliteStore(tmp_path / "kim.db")
    app = k.Application(store, cache_size=3)  # a small cache: evictions race with reads
    groups = [uuid.uuid4() for _ in range(12)]
    for group_id in groups:
        app.handle(form(group_id=group_id))
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                group_id = groups[(n + i) % len(groups)]
                joined = k.JoinGroup(
                    group_id=group_id, member=member(10_000 + 1000 * n + i), joined_on=D(2024, 2, 1)
                )
                app.handle(joined)
        except BaseException as exc:
            errors.append(exc)

    app.retries = 100
    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not errors, errors
        total = sum(len(app.group(g).members) for g in groups)  # type: ignore[union-attr]
        assert total == 12 * 3 + 8 * 10
    finally:
        store.close()
