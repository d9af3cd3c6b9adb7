"""Fixtures the plugin's test modules share."""

from __future__ import annotations

import pytest

import kimcore as k
from kimcore.demo import run_story


@pytest.fixture
def app() -> k.Application:
    # No policy given: the catalogue comes from every installed plugin.
    return k.Application(k.MemoryStore())


@pytest.fixture
def kim(app: k.Application) -> k.PartyRef:
    """The demo story's KIM, registered with its office, in *app*."""
    group_id, _ = run_story(app)
    return k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
