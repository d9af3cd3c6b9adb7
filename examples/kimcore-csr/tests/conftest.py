"""Fixtures the plugin's tests share: an application, and a registered KIM in it."""

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
    """The demo story's KIM, recorded in *app*: registered with its communication office."""
    group_id, _ = run_story(app)
    return k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
