"""The read path's fast UUID constructors build the same UUIDs and refuse malformed text."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimcore._uuid import uuid7, uuid_from_bytes, uuid_from_hex, uuid_from_text


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


def test_time_ordered_ids_are_random_below_their_millisecond() -> None:
    made = [uuid7(1_700_000_000_000_000_000) for _ in range(2000)]
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
