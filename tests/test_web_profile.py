"""A KIM's profile over HTTP: in ``/api/kims`` and ``/api/kims/{id}``, and on the KIM's page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.asgi_server import served
from tests.builders import GROUP_ID, PROFILE, form

import kimcore as k
from kimcore.web import create_app


def _caught_up(client: httpx.Client) -> None:
    deadline = time.monotonic() + 30
    while True:
        index: dict[str, Any] = client.get("/api").json()
        if all(m["behind"] == 0 for m in index["health"]["read_models"]):
            return
        assert time.monotonic() < deadline, index["health"]
        time.sleep(0.05)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    store = k.MemoryStore()
    app = k.Application(store)
    app.handle(form(3, profile=PROFILE))
    with served(create_app(store)) as client:
        _caught_up(client)
        yield client


def test_the_registry_serves_the_profile(client: httpx.Client) -> None:
    [row] = client.get("/api/kims").json()["rows"]
    assert (row["street"], row["rt"], row["rw"]) == ("Jl. Tjilik Riwut Km 2 No. 14", "003", "05")
    assert row["public_email"] == "kim.langkai@palangkaraya.go.id"
    assert row["social_accounts"][0] == {"platform": "Instagram", "account": "@kimlangkai"}
    one = client.get(f"/api/kims/{GROUP_ID}").json()["group"]
    assert one["website"] == "https://langkai.kim.id"


def test_the_page_shows_the_profile_to_everyone(client: httpx.Client) -> None:
    page = client.get(f"/kim/{GROUP_ID}")
    assert page.status_code == 200
    text = page.text
    assert "Alamat sekretariat" in text
    assert "Jl. Tjilik Riwut Km 2 No. 14, RT 003 / RW 05, Langkai" in text
    assert 'href="mailto:kim.langkai@palangkaraya.go.id"' in text
    assert 'href="tel:+625363221234"' in text
    assert 'href="https://langkai.kim.id"' in text
    assert "Instagram: @kimlangkai" in text
    assert 'href="https://facebook.com/kimlangkai"' in text
    assert "Profil KIM diubah" in text  # the timeline's line for GroupProfileChanged
