"""Reading the log holds the cyclic collector off per page, and leaves it as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from tests.builders import GROUP_ID, form

import kimcore as k
from kimcore._gc import collector_held


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after(collector: None) -> None:
    gc.enable()
    with collector_held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_on_again(collector: None) -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_held():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(collector: None) -> None:
    gc.disable()
    with collector_held():
        assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_the_log_gives_the_same_events_and_leaves_the_collector_as_it_was(
    collector: None, enabled: bool
) -> None:
    with k.SqliteStore(":memory:") as store:
        app = k.Application(store)
        expected = [recorded.event for recorded in app.handle(form())]
        gc.enable() if enabled else gc.disable()
        seen = []
        for recorded in app.read_all_decoded(page_size=1):
            assert gc.isenabled() is enabled  # between pages, the caller's own setting
            seen.append(recorded.event)
        assert gc.isenabled() is enabled
    assert seen == expected
    assert seen
    assert seen[0].group_id == GROUP_ID
