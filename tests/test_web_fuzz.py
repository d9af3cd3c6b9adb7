"""No request is a 500: every route driven with generated parameters, headers and bodies.

A real ``kimcore serve``, over a SQLite and a PostgreSQL store holding a KIM; each request
is answered below 500, and the store's events are what they were before.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.services import durable_store
from tests.web_server import OFFICE, PORTAL, READER, form_body, serving, write_tokens

import kimcore as k
from kimcore.web.app import ROUTES
from kimcore.wire import command_types, structure_command

UNKNOWN = "nobody-knows-this-token-0123"
GROUP = uuid.UUID("1afa8820-86f6-5e62-9659-70d602075758")

# Values a client may put anywhere: numbers past 64 bits, the last day, odd text.
_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["2**63", "9223372036854775808", "-1", "1e3", "0x10", "١٢", "²", " 5", ""]),
)
_DAYS = st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-30", "2024-12-31", "today"])
_TEXT = st.text(max_size=30)
_VALUES = st.one_of(_NUMBERS, _DAYS, _TEXT, st.just(str(GROUP)))
_PARAMS = st.sampled_from(
    [
        "limit", "offset", "after", "as_of", "format", "level", "lang", "region", "dry_run",
        "name", "stage", "kind", "q", "group_id", "unknown",
    ]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
_BODIES = st.one_of(
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.builds(lambda d: ("[" * d + "]" * d).encode(), st.integers(0, 200_000)),
    st.builds(lambda v: json.dumps({**form_body(GROUP), **v}).encode(), st.dictionaries(
        st.sampled_from(["name", "founders", "formed_on", "seat", "group_id"]), _JSON
    )),
    st.binary(max_size=200),
    st.just(b"PK\x03\x04"),
    st.sampled_from(["record,name\nkim,Kéren\n".encode("latin-1"), b"record\n" * 50]),
)  # fmt: skip
_TOKENS = st.sampled_from([None, UNKNOWN, PORTAL, OFFICE, READER, "Bearer", "Basic x"])
_HEADER = st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=40)
_KINDS = st.sampled_from(
    ["application/json", "text/csv", "application/octet-stream", "", XLSX := (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )]
)  # fmt: skip


def _paths(route: Any) -> st.SearchStrategy[str]:
    """The route's path with each parameter a plausible value or any text."""
    known = {
        "group_id": st.sampled_from([str(GROUP), str(uuid.uuid4())]),
        "table": st.sampled_from(["kim_groups", "kim_members", "nothing"]),
        "name": st.sampled_from(["kims", "FormGroup", "JoinGroup", "GroupFormed", "nothing"]),
        "format": st.sampled_from(["csv", "xlsx", "exe", "CSV"]),
        "rule": st.sampled_from(["not-found", "min-founders", "nothing"]),
        "file": st.sampled_from(["swagger-ui.css", "index.html", "../pyproject.toml"]),
    }
    names = re.findall(r"\{(\w+)(?::\w+)?\}", route.path)
    parts = st.fixed_dictionaries(
        {
            n: st.one_of(
                known[n], st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12)
            )
            for n in names
        }
    )
    return parts.map(
        lambda chosen: re.sub(
            r"\{(\w+)(?::\w+)?\}",
            lambda m: quote(chosen[m.group(1)], safe=""),
            route.path,
        )
    )


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """One request to one of the app's routes."""
    # The writes thrice over: their bodies are where most of the variety is.
    routes = [r for r in ROUTES if r.name != "log_stream"]
    routes += [r for r in routes if "POST" in (r.methods or ())] * 2
    route = draw(st.sampled_from(routes))
    method = sorted((route.methods or {"GET"}) - {"HEAD"})[0]
    params = draw(st.dictionaries(_PARAMS, _VALUES, max_size=4))
    if route.name == "import":
        params["dry_run"] = "true"  # a body that happens to be a register records nothing
    token = draw(st.one_of(_TOKENS, st.just(PORTAL)) if method == "POST" else _TOKENS)
    headers = {}
    if token is not None:
        headers["Authorization"] = token if token.startswith(("B", "b")) else f"Bearer {token}"
    if draw(st.booleans()):
        headers["Idempotency-Key"] = draw(st.one_of(_HEADER, st.just(str(uuid.uuid4()))))
    request: dict[str, Any] = {
        "method": method,
        "url": draw(_paths(route)),
        "params": params,
        "headers": headers,
    }
    if method == "POST":
        request["content"] = draw(_BODIES)
        headers["Content-Type"] = draw(
            st.one_of(
                _KINDS, st.just("application/json" if route.name == "command" else "text/csv")
            )
        )
    return request


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, Any]]:
    """A real ``kimcore serve`` over a store holding a KIM, and that store."""
    folder: Path = tmp_path_factory.mktemp("fuzz")
    with durable_store(request.param, folder, "kim_h21a_fuzz") as url:
        seeded = k.open_store(url)
        app = k.Application(seeded)
        app.handle(structure_command("FormGroup", form_body(GROUP), command_types(app.deciders)))
        seeded.close()
        with (
            serving(url, write_tokens(folder / "tokens.json")) as base,
            httpx.Client(base_url=base, timeout=60) as http,
        ):
            store = k.open_store(url)
            try:
                yield http, store
            finally:
                store.close()


def _events(store: Any) -> list[tuple[int, str, str]]:
    return [(s.position, s.stream_id, s.event_type) for s in store.read_all(0, 10_000)]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_no_request_is_a_500_and_none_touches_the_store(
    client: tuple[httpx.Client, Any], request: dict[str, Any]
) -> None:
    test_client, store = client
    before = _events(store)
    answer = test_client.request(**request)
    event(f"{request['method']} answered {answer.status_code}")
    assert answer.status_code < 500, (request, answer.text)
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
    assert _events(store) == before


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/reports/kims?as_of=9999-12-31", 200),
        ("/api/reports/kims?as_of=9223372036854775808", 400),
        ("/api/kims?offset=9223372036854775808", 400),
        ("/api/log?after=99999999999999999999", 400),
        ("/api/log/stream?after=9223372036854775808", 400),
        ("/api/import/template.exe", 404),
        ("/api/import/template.CSV", 404),
    ],
)
def test_the_requests_that_were_500s_are_answered(
    client: tuple[httpx.Client, Any], url: str, status: int
) -> None:
    answer = client[0].get(url)
    assert answer.status_code == status, answer.text


def test_json_nested_past_the_parser_is_a_400(client: tuple[httpx.Client, Any]) -> None:
    answer = client[0].post(
        "/api/commands/FormGroup",
        content=b"[" * 100_000,
        headers={"Authorization": f"Bearer {PORTAL}", "Content-Type": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == "body"
