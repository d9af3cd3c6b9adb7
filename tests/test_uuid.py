"""The read path's fast UUID constructors build the same UUIDs and refuse malformed text."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimcore._uuid import uuid7, uuid7_many, uuid_from_bytes, uuid_from_hex, uuid_from_text


@given(st.uuids())
def test_same_uuid_from_every_form(u: uuid.UUID) -> None:
    for made in (uuid_from_text(str(u)), uuid_from_bytes(u.bytes), uuid_from_hex(u.hex)):
        assert made == u
        assert hash(made) == hash(u)
        assert str(made) == str(u)
        assert made.version == u.version


@pytest.mark.parametrize(
    "text",
    [
        "6a0e3f5e_2b0c-5d55-9a2e-4b494d434f52",
        "6a0e3f5e-2b0c-5d55-9a2e-4b494d434f5g",
        "6a0e3f5e-2b0c-5d55-9a2e-4b494d434f5 ",
        "  0e3f5e-2b0c-5d55-9a2e-4b494d434f52",
        "6a0e3f5e-2b0c-5d55-9a2e-4b494d434f",
        "",
    ],
)
def test_malformed_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is uuid's own
        uuid_from_text(text)


def test_other_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        uuid_from_bytes(b"short")
    with pytest.raises(ValueError, match="badly formed"):
        uuid_from_hex("abcd")
    assert uuid_from_text("{6a0e3f5e-2b0c-5d55-9a2e-4b494d434f52}") == uuid.UUID(
        "6a0e3f5e-2b0c-5d55-9a2e-4b494d434f52"
    )


@pytest.mark.parametrize("make", ["one at a time", "in one batch"])
def test_time_ordered_ids_are_random_below_their_millisecond(make: str) -> None:
    now_ns = 1_700_000_000_000_000_000
    made = (
        [uuid7(now_ns) for _ in range(2000)]
        if make == "one at a time"
        else uuid7_many(2000, now_ns)
    )
    assert len(set(made)) == len(made)
    for value in made:
        assert (value.version, value.variant) == (7, uuid.RFC_4122)
        twin = uuid.UUID(str(value))
        assert twin == value
        assert hash(twin) == hash(value)
        assert twin.bytes == value.bytes
    # Every one of the 74 random bits varies; the millisecond, version and variant do not.
    varying = 0
    for value in made:
        varying |= value.int ^ made[0].int
    assert varying == ((1 << 76) - 1) & ~(0xF000 << 64) & ~(0xC000 << 48)


@pytest.mark.parametrize(
    "text",
    [
        "0x0e3f5e-2b0c-5d55-9a2e-4b494d434f52",
        "+a0e3f5e-2b0c-5d55-9a2e-4b494d434f52",
        "6a0e3f5e-2b0c-5d55-9a2e-4b494d434f5\u0661",
        "6a0e3f5e-2b0c-5d55-9a2e--b494d434f52",
    ],
)
def test_what_int_would_take_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="badly formed"):
        uuid_from_text(text)


@given(st.integers(min_value=0, max_value=2**48 * 1_000_000 - 1))
def test_time_ordered_ids_are_version_7_and_sort_by_their_millisecond(now_ns: int) -> None:
    from kimcore._uuid import uuid7

    made = uuid7(now_ns)
    assert made.version == 7
    assert made.variant == uuid.RFC_4122
    assert made.int >> 80 == now_ns // 1_000_000
    assert uuid.UUID(str(made)) == made
    later = uuid7(now_ns + 1_000_000)
    assert later > made


_RANDOM_BITS = ((1 << 76) - 1) & ~(0xF000 << 64) & ~(0xC000 << 48)


@given(
    st.integers(min_value=0, max_value=2**48 * 1_000_000 - 1),
    st.integers(min_value=0, max_value=300),
)
def test_a_batch_of_ids_is_what_one_at_a_time_makes(now_ns: int, count: int) -> None:
    # The batch twin against the plain one: the same millisecond, version and variant, only the
    # random bits differ; each id as uuid.UUID would parse it back.
    plain = uuid7(now_ns)
    batch = uuid7_many(count, now_ns)
    assert len(batch) == count
    assert len(set(batch)) == count
    for made in batch:
        assert type(made) is uuid.UUID
        assert made.int & ~_RANDOM_BITS == plain.int & ~_RANDOM_BITS
        assert (made.version, made.variant) == (7, uuid.RFC_4122)
        assert uuid.UUID(str(made)) == made
        assert hash(made) == hash(uuid.UUID(made.hex))
