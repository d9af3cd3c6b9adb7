"""kimcore mounted under ``/kim`` in a FastAPI app and in a Starlette app (examples/embed/).

The host enters ``kimcore.web.lifespan`` (the examples), or does not and the first request
starts the read models; either way every route answers under the prefix, errors are problem
details, and the page's links stay within the mount. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import re
import runpy
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from tests.asgi_server import served
from tests.services import durable_store
from tests.web_server import kimcore as run_kimcore

import kimcore
import kimcore.web
from kimcore.register import template_table

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "embed"


def _example(name: str) -> Callable[..., Any]:
    build: Callable[..., Any] = runpy.run_path(str(EXAMPLES / f"{name}.py"))["build"]
    return build


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store holding the register template's KIM."""
    with durable_store(request.param, tmp_path_factory.mktemp("mount"), "mount") as url:
        headings, rows = template_table()
        register = tmp_path_factory.mktemp("register") / "register.csv"
        register.write_text(
            "\n".join(",".join(line) for line in [headings, *rows]), encoding="utf-8"
        )
        done = run_kimcore(url, "import", str(register))
        assert done.returncode == 0, done.stderr
        yield url


def _caught_up(client: httpx.Client) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        index: dict[str, Any] = client.get("/kim/api").json()
        if all(m["behind"] == 0 for m in index["health"]["read_models"]):
            return index
        assert time.monotonic() < deadline, index["health"]
        time.sleep(0.1)


def _answers_under_the_mount(client: httpx.Client) -> None:
    index = _caught_up(client)
    assert index["kims"] == f"{client.base_url}/kim/api/kims"
    assert client.get("/hello").json()["portal"] == "hello"  # the host's own route
    kims = client.get("/kim/api/kims")
    assert kims.status_code == 200, kims.text
    assert [g["name"] for g in kims.json()["rows"]] == ["KIM Sukamaju"]
    assert kims.headers["etag"]
    # Errors are problem details under the prefix too, their type the rule's route there.
    missing = client.get("/kim/api/models/nothing")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    problem = missing.json()
    assert problem["instance"] == "/kim/api/models/nothing"
    assert problem["type"] == f"{client.base_url}/kim/api/rules/not-found"
    assert client.get(problem["type"]).json()["rule"] == "not-found"
    # The page's links, the form and the docs stay within the mount.
    page = client.get("/kim/")
    assert page.status_code == 200
    links = re.findall(r'(?:href|action)="([^"#]*)"', page.text)
    assert links
    assert all(link.startswith("/kim/") for link in links), links
    group = next(link for link in links if link.startswith("/kim/kim/"))
    timeline = client.get(group)
    assert timeline.status_code == 200
    assert 'href="/kim/"' in timeline.text
    assert client.get("/kim/openapi.json").json()["servers"] == [{"url": "/kim"}]
    docs = client.get("/kim/docs").text
    assert "/kim/docs/static/swagger-ui-bundle.js" in docs
    assert client.get("/kim/docs/init.js").text.count('"/kim/openapi.json"') == 1


@pytest.mark.parametrize("host", ["fastapi_app", "starlette_app"])
def test_the_examples_mount_kimcore_under_kim(store_url: str, host: str) -> None:
    if host == "fastapi_app":
        pytest.importorskip("fastapi", reason="needs the test extra")
    app = _example(host)(store_url)
    with served(app) as client:  # the host's lifespan enters kimcore.web.lifespan
        kim = next(r.app for r in app.routes if isinstance(r, Mount))
        assert kim.state.lifecycle.started
        _answers_under_the_mount(client)
    assert kim.state.lifecycle.stopped  # the host stopped: kimcore's store is closed


def test_without_the_hosts_lifespan_the_first_request_starts_it(store_url: str) -> None:
    kim = kimcore.web.create_app(kimcore.open_store(store_url))
    host = Starlette(routes=[Mount("/kim", app=kim)])
    with served(host) as client:
        assert not kim.state.lifecycle.started
        assert client.get("/kim/api/kims").status_code == 200  # the tables are made first
        assert kim.state.lifecycle.started
        assert _caught_up(client)["kims"].endswith("/kim/api/kims")

    async def stop() -> None:
        async with kimcore.web.lifespan(kim):
            pass

    asyncio.run(stop())  # a host may still close it (here: at the test's end)
    assert kim.state.lifecycle.stopped
