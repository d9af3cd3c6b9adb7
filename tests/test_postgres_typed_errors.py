"""PostgreSQL's reads end in kimcore's typed errors, never a bare driver error (sync and async).

A payload damaged after it was stored (by hand, by a disk) is an ``EventDecodeError`` naming its
stream, version and position; a bad argument is an ``InvalidStoreArgument``. The rows written
before schema version 3 (``subjects`` NULL) have their tokens searched on the server: that search
must not choke on the bytes either.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import attrs
import pytest
from tests.builders import GROUP, form
from tests.services import postgres_schema

import kimcore as k
from kimcore.testing.store_machine import new_events

psycopg = pytest.importorskip("psycopg", reason="install the test extra: pip install -e '.[test]'")

DAMAGED = [b'{"member": "\x00"}', b'{"name": "\xff\xfe"}', b"pd1.\x00."]


@pytest.fixture
def url() -> Iterator[str]:
    with postgres_schema("kim_typed") as (schema_url, _):
        yield schema_url


def _damage(store: k.PostgresStore, data: bytes) -> int:
    """A group whose stream ends in a damaged ``MemberJoined``, stored as an old row."""
    k.Application(store).handle(form())
    (event,) = new_events(1)
    (stored,) = store.append(
        "group-" + str(GROUP.id), [attrs.evolve(event, event_type="MemberJoined", data=data)], 1
    )
    with store.connection() as conn:
        conn.execute(
            f'UPDATE "{store.schema}".kimcore_events SET subjects = NULL, causation_id = NULL'
            " WHERE position = %s",
            (stored.position,),
        )
    return stored.position


@pytest.mark.parametrize("data", DAMAGED, ids=["nul", "not-utf8", "nul-token"])
def test_loading_a_group_with_a_damaged_payload_names_where_it_is(url: str, data: bytes) -> None:
    with k.open_store(url) as store:
        assert isinstance(store, k.PostgresStore)
        position = _damage(store, data)
        where = rf"stream 'group-{GROUP.id}' version 2 position {position}"
        with pytest.raises(k.errors.EventDecodeError, match=where):
            k.Application(store).group(GROUP.id)
        _, tail, _ = store.read_with_keys(f"group-{GROUP.id}")
        assert tail[-1].data == data

        async def in_async() -> None:
            async with await k.open_async_store(url) as aio:
                _, again, _ = await aio.read_with_keys(f"group-{GROUP.id}")
                assert again[-1].data == data
                with pytest.raises(k.errors.EventDecodeError, match=where):
                    await k.AsyncApplication(aio).group(GROUP.id)

        asyncio.run(in_async())


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.load_snapshot("x\x00"),
        lambda s: s.read_with_keys("group-\x00"),
        lambda s: s.recorded_by("group-\x00", uuid.uuid4()),
        lambda s: s.read_all(2**63),
    ],
)
def test_a_bad_argument_is_typed_on_both_stores(url: str, call: object) -> None:
    with k.open_store(url) as store:
        with pytest.raises(k.errors.InvalidStoreArgument):
            call(store)  # type: ignore[operator]

        async def in_async() -> None:
            async with await k.open_async_store(url) as aio:
                with pytest.raises(k.errors.InvalidStoreArgument):
                    await call(aio)  # type: ignore[operator]

        asyncio.run(in_async())
