"""A KIM's profile over HTTP (``/api/kims``, its page); the list of KIMs (``/api/daftar-kim``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.asgi_server import served
from tests.builders import GROUP_ID, PROFILE, form

import kimcore as k
from kimcore.register import import_register
from kimcore.spreadsheets import read_table
from kimcore.web import Tokens, create_app

PERSONAL = "personal-token-0123456789"
READER = "reader-token-0123456789"


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
    tokens = Tokens.of({PERSONAL: ["read", "personal"], READER: ["read"]})
    with served(create_app(store, tokens=tokens)) as client:
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


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "en"), ("xlsx", "id")])
def test_the_list_of_kims_downloads_and_imports_back(
    client: httpx.Client, tmp_path: Path, fmt: str, lang: str
) -> None:
    got = client.get(
        f"/api/daftar-kim.{fmt}",
        params={"lang": lang},
        headers={"Authorization": f"Bearer {PERSONAL}"},
    )
    assert got.status_code == 200, got.text
    assert f'filename="daftar-kim.{fmt}"' in got.headers["content-disposition"]
    path = tmp_path / f"daftar-kim.{fmt}"
    path.write_bytes(got.content)
    headings, _rows = read_table(path)
    assert headings[:2] == (
        ["jenis_baris", "no_register_kim"] if lang == "id" else ["record", "kim_ref"]
    )
    copy = k.Application(k.MemoryStore())
    assert import_register(copy, path).refused == ()
    state = copy.group(GROUP_ID)
    assert state is not None
    assert state.profile == PROFILE


def test_the_list_of_kims_needs_the_personal_scope(client: httpx.Client) -> None:
    assert client.get("/api/daftar-kim.csv").status_code == 401
    refused = client.get("/api/daftar-kim.csv", headers={"Authorization": f"Bearer {READER}"})
    assert refused.status_code == 403
    assert refused.json()["rule"] == "forbidden"
    other = client.get("/api/daftar-kim.ods", headers={"Authorization": f"Bearer {PERSONAL}"})
    assert other.status_code == 404
