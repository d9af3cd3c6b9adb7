"""HTTP as other apps expect it: OpenAPI 3.1 and its docs page, problem details, CORS, gzip, ETag.

One service over a SQLite store holding the register template's KIM, on uvicorn in a thread
(``tests.asgi_server``), spoken to over HTTP.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from starlette.routing import Route
from tests.asgi_server import served
from tests.web_server import OFFICE, PORTAL, READER, bearer, form_body, kimcore, write_tokens

import kimcore as k
from kimcore.register import group_id_of, template_table
from kimcore.web import Tokens, create_app
from kimcore.web.app import ROUTES
from kimcore.web.headers import SECURITY_HEADERS

PORTAL_ORIGIN = "http://portal.example:8080"


def _seeded(folder: Path) -> str:
    url = f"sqlite:///{folder / 'kim.db'}"
    headings, rows = template_table()
    register = folder / "register.csv"
    register.write_text("\n".join(",".join(line) for line in [headings, *rows]), encoding="utf-8")
    done = kimcore(url, "import", str(register))
    assert done.returncode == 0, done.stderr
    return url


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("http")
    tokens = Tokens.from_file(write_tokens(folder / "tokens.json"))
    return create_app(k.open_store(_seeded(folder)), tokens=tokens, cors=[PORTAL_ORIGIN])


@pytest.fixture(scope="module")
def client(app: Any) -> Iterator[httpx.Client]:
    with served(app) as client:
        yield client


@pytest.fixture(scope="module")
def document(client: httpx.Client) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


# -- OpenAPI and the docs page -----------------------------------------------------


def test_the_openapi_document_is_valid_3_1_and_covers_every_route(
    app: Any, document: dict[str, Any]
) -> None:
    validator = pytest.importorskip("openapi_spec_validator", reason="needs the test extra")
    validator.validate(document)
    assert document["openapi"] == "3.1.0"
    routes = [r for r in app.routes if isinstance(r, Route)]
    assert len(routes) >= 20
    for route in routes:
        path = route.path.replace(":str}", "}")
        assert path in document["paths"], path
        for method in (route.methods or {"GET"}) - {"HEAD"}:
            operation = document["paths"][path][method.lower()]
            assert operation["summary"], path
            assert "404" in operation["responses"]
    schemas = document["components"]["schemas"]
    # Commands and events come from their attrs classes: the same as /api/schema serves.
    assert schemas["FormGroup"]["required"] == [
        "group_id",
        "name",
        "seat",
        "founders",
        "formed_on",
    ]
    assert "event.GroupFormed" in schemas
    # What the catalogue names is an enum there; the activity's cross-field rules are said.
    hold = schemas["HoldActivity"]
    assert "sarasehan" in hold["properties"]["technique"]["enum"]
    place = hold["allOf"][0]
    assert place["if"]["properties"]["delivery"]["enum"] == ["in_person", "hybrid"]
    assert place["then"]["required"] == ["place"]
    assert schemas["Channel"]["properties"]["name"]["enum"]
    command = document["paths"]["/api/commands/{name}"]["post"]
    refs = command["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert {"$ref": "#/components/schemas/HoldActivity"} in refs
    assert "422" in command["responses"]
    # Every built-in route says what it answers, not only "The answer." (a plugin's may).
    built_in = {r.name for r in ROUTES if isinstance(r, Route)}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if operation["operationId"].split("_get")[0] in built_in:
                assert operation["responses"]["200"]["description"] != "The answer.", path


def test_the_charts_answer_as_their_schemas_say(
    client: httpx.Client, document: dict[str, Any]
) -> None:
    schemas = document["components"]["schemas"]
    registry = {f"#/components/schemas/{n}": s for n, s in schemas.items()}

    def valid(body: Any, name: str) -> None:
        jsonschema.validate(body, {**schemas[name], "$defs": registry})

    index = client.get("/api/charts").json()
    valid(index, "Charts")
    for chart in index["charts"]:
        valid(client.get(chart["url"]).json(), "Chart")
        image = client.get(chart["image"])
        assert image.headers["content-type"].startswith("image/svg+xml")
    chart = document["paths"]["/api/charts/{name}"]["get"]
    assert {p["name"] for p in chart["parameters"]} == {"name", "region"}


def test_command_schemas_in_openapi_are_those_of_api_schema(
    client: httpx.Client, document: dict[str, Any]
) -> None:
    served_schema = client.get("/api/schema/commands/JoinGroup").json()
    component = document["components"]["schemas"]["JoinGroup"]
    assert component["properties"].keys() == served_schema["properties"].keys()
    assert component["required"] == served_schema["required"]


def test_the_docs_page_runs_swagger_ui_from_the_package(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text
    assert "https://" not in page.text  # no CDN
    assert "<script>" not in page.text  # no inline script
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        answer = client.get(f"/docs/static/{asset}")
        assert answer.status_code == 200, asset
        assert len(answer.content) > 10_000
    assert '"/openapi.json"' in client.get("/docs/init.js").text
    assert client.get("/docs/static/index.html").status_code == 404


def test_the_catalogue_and_the_rules_are_routes(client: httpx.Client) -> None:
    catalogue = client.get("/api/catalogue").json()
    assert "sarasehan" in {t["name"] for t in catalogue["techniques"]}
    assert catalogue["channels"]
    assert catalogue["partnership_types"][0]["terms"]["type"] == "object"
    rules = {r["rule"]: r for r in client.get("/api/rules").json()["rules"]}
    assert rules["activity-delivery"]["title_id"]
    assert rules["min-founders"]["title"]
    marked = [r["rule"] for r in rules.values() if "`" in r["title"] or "][" in r["title"]]
    assert marked == []  # titles are plain text, not the documentation's markup
    assert client.get("/api/rules/min-founders").json()["rule"] == "min-founders"


# -- problem details ---------------------------------------------------------------

_GROUP = str(uuid.uuid4())
ERRORS = [
    ("GET", "/api/kims?limit=0", {}, 400, "invalid-value", "limit"),
    ("GET", "/api/kims?nope=1", {}, 400, "invalid-value", "nope"),
    ("GET", "/api/kims?limit=1&limit=5", {}, 400, "invalid-value", "limit"),
    ("GET", "/api/kims?region=xyz", {}, 400, "invalid-value", "region"),
    ("GET", "/api/kims?stage=a&stage=b", {}, 400, "invalid-value", "stage"),
    ("GET", "/api/models/kim_groups?format=csv&format=json", {}, 400, "invalid-value", "format"),
    *(
        ("GET", path, {}, 400, "invalid-value", field)
        for path, field in [
            ("/api/log?foo=1", "foo"),
            ("/api/models?foo=1", "foo"),
            ("/api/reports?foo=1", "foo"),
            ("/api/reports/kims?foo=1", "foo"),
            ("/api/reports/kims?region=xyz%00", "region"),
            ("/api/reports/kims?lang=fr", "lang"),
            ("/api/reports/kims?format=xml", "format"),
            ("/api/charts?foo=1", "foo"),
            ("/api/charts/stages?region=62.71&foo=1", "foo"),
            ("/api/charts/stages.svg?foo=1", "foo"),
            (f"/api/kims/{group_id_of('KIM-6271-001')}?foo=1", "foo"),
            ("/api/kims?format=xml", "format"),
            ("/api/import/template.csv?lang=fr", "lang"),
            ("/api/import/template.xlsx?foo=1", "foo"),
            ("/api/schema?foo=1", "foo"),
            ("/api/schema/commands/FormGroup?foo=1", "foo"),
            ("/api/schema/events/GroupFormed?foo=1", "foo"),
            ("/api/catalogue?foo=1", "foo"),
            ("/api/rules?foo=1", "foo"),
            ("/api/rules/conflict?foo=1", "foo"),
            ("/openapi.json?foo=1", "foo"),
        ]
    ),
    ("GET", "/api/reports/kims?level=planet", {}, 400, "invalid-value", "level"),
    ("GET", "/api/log/stream", {"headers": {"Last-Event-ID": "x"}}, 400, "invalid-value", None),
    ("GET", "/api/kims/not-a-uuid", {}, 400, "invalid-value", "group_id"),
    ("POST", "/api/commands/FormGroup", {"json": {}}, 401, "unauthenticated", None),
    ("POST", "/api/commands/FormGroup", {"headers": bearer("nobody-knows-me")}, 401, None, None),
    ("POST", "/api/commands/FormGroup", {"headers": bearer(READER)}, 403, "forbidden", None),
    ("GET", "/api/models/nothing", {}, 404, "not-found", None),
    ("GET", "/api/reports/nothing", {}, 404, "not-found", None),
    ("GET", f"/api/kims/{_GROUP}", {}, 404, "not-found", None),
    ("GET", "/api/schema/commands/Nothing", {}, 404, "not-found", None),
    ("GET", "/api/rules/nothing", {}, 404, "not-found", None),
    ("GET", "/api/nothing", {}, 404, "not-found", None),
    ("POST", "/api/commands/Nothing", {"headers": bearer(PORTAL)}, 404, "not-found", None),
    ("DELETE", "/api/kims", {}, 405, "method-not-allowed", None),
    ("POST", "/api/log", {}, 405, "method-not-allowed", None),
    (
        "POST",
        "/api/commands/FormGroup",
        {"headers": bearer(PORTAL), "content": b"{not json"},
        400,
        "invalid-value",
        "body",
    ),
    (
        "POST",
        "/api/commands/FormGroup",
        {"headers": {**bearer(PORTAL), "Idempotency-Key": "x"}, "json": {}},
        400,
        "invalid-value",
        "Idempotency-Key",
    ),
    (
        "POST",
        "/api/commands/FormGroup",
        {"headers": bearer(PORTAL), "content": iter([b" " * 2**20] * 11)},
        413,
        "too-large",
        "body",
    ),
    (
        "POST",
        "/api/import",
        {"headers": {**bearer(PORTAL), "Content-Type": "text/plain"}, "content": b"x"},
        415,
        "unsupported-media-type",
        None,
    ),
    *(
        (
            "POST",
            f"/api/import?{query}",
            {"headers": {**bearer(PORTAL), "Content-Type": "text/csv"}, "content": b"x"},
            400,
            "invalid-value",
            field,
        )
        for query, field in [
            ("dry_run=on", "dry_run"),
            ("dry_run=tru", "dry_run"),
            ("dry_run=True1", "dry_run"),
            ("dry_run=", "dry_run"),
            ("dry_run=true&dry_run=false", "dry_run"),
            ("dryrun=true", "dryrun"),
        ]
    ),
    (
        "POST",
        "/api/commands/FormGroup?dry_run=true",
        {"headers": bearer(PORTAL), "json": form_body(uuid.uuid4())},
        400,
        "invalid-value",
        "dry_run",
    ),
    (
        "POST",
        "/api/commands/HoldActivity",
        {"headers": bearer(PORTAL), "json": {"party": 5}},
        422,
        "invalid-value",
        "party",
    ),
    (
        "POST",
        "/api/commands/FormGroup",
        {"headers": bearer(PORTAL), "json": form_body(uuid.uuid4(), founders=0)},
        422,
        "min-founders",
        None,
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "sent", "status", "rule", "field"),
    ERRORS,
    ids=[f"{e[3]}-{e[1]}" for e in ERRORS],
)
def test_every_error_is_a_problem_details_body(
    client: httpx.Client,
    document: dict[str, Any],
    method: str,
    path: str,
    sent: dict[str, Any],
    status: int,
    rule: str | None,
    field: str | None,
) -> None:
    answer = client.request(method, path, **sent)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    jsonschema.validate(problem, document["components"]["schemas"]["Problem"])
    assert problem["status"] == status
    assert problem["instance"] == path.split("?")[0]
    assert problem["type"] == f"{client.base_url}/api/rules/{problem['rule']}"
    assert client.get(problem["type"]).json()["title"] == problem["title"]
    if rule is not None:
        assert problem["rule"] == rule
    if field is not None:
        assert problem["field"] == field
        assert problem["errors"][0]["field"] == field
    assert problem["message_id"]
    # Never a Python internal: no class names, no attribute errors.
    assert "object has no attribute" not in answer.text
    assert "Traceback" not in answer.text
    if status == 405:
        assert answer.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    ["/?foo=1", f"/kim/{group_id_of('KIM-6271-001')}?foo=1", "/docs?foo=1", "/docs/init.js?x=1"],
)
def test_the_pages_name_an_unknown_parameter_in_a_400(client: httpx.Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400, answer.text
    assert "is not a parameter of this route" in answer.text


def test_the_page_refuses_a_region_that_is_no_code(client: httpx.Client) -> None:
    answer = client.get("/?region=62.71%3B")
    assert answer.status_code == 400, answer.text
    assert "must be a Kemendagri code like 62.71" in answer.text


def test_the_live_stream_names_an_unknown_parameter_in_a_400(client: httpx.Client) -> None:
    # Streamed, so that a stream answered 200 fails the test instead of following the log.
    with client.stream("GET", "/api/log/stream?foo=1") as answer:
        assert answer.status_code == 400
        answer.read()
    assert answer.json()["field"] == "foo"


def test_the_list_of_kims_takes_lang_en_or_id_only(client: httpx.Client) -> None:
    answer = client.get("/api/daftar-kim.csv?lang=fr", headers=bearer(OFFICE))
    assert answer.status_code == 400, answer.text
    assert answer.json()["field"] == "lang"
    assert client.get("/api/daftar-kim.csv?lang=id", headers=bearer(OFFICE)).status_code == 200


def test_a_client_that_drops_mid_upload_is_not_logged_as_a_failure(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    head = client.get("/api/log?limit=1").json()["head"]
    caplog.set_level(logging.DEBUG, logger="kimcore.web")
    url = httpx.URL(str(client.base_url))
    with socket.create_connection((url.host, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/commands/FormGroup HTTP/1.1\r\n"
            + f"Host: {url.host}\r\nAuthorization: Bearer {PORTAL}\r\n".encode()
            + b'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"gro'
        )
    deadline = time.monotonic() + 10
    while not any("left before its body ended" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
        time.sleep(0.02)
    failures = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert failures == [], [r.getMessage() for r in failures]
    assert client.get("/api/log?limit=1").json()["head"] == head


def test_every_bad_field_of_a_command_is_listed_by_its_path(client: httpx.Client) -> None:
    body = form_body(uuid.uuid4()) | {"formed_on": "yesterday", "nickname": "x"}
    body["founders"][1]["category"] = "pirate"
    body["seat"]["area"] = 3
    answer = client.post("/api/commands/FormGroup", json=body, headers=bearer(PORTAL))
    assert answer.status_code == 422
    problem = answer.json()
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert fields.keys() == {"nickname", "formed_on", "founders[1].category", "seat.area"}
    assert fields["formed_on"] == "must be a date (YYYY-MM-DD)"
    assert fields["nickname"] == "is not a field of FormGroup"
    assert all(e["rule"] == "invalid-value" for e in problem["errors"])
    assert problem["detail"].startswith("4 fields are not valid")
    assert problem["message_id"].startswith("[invalid-value] Isian tidak sah")


def test_a_wrong_shape_says_what_fits(client: httpx.Client) -> None:
    answer = client.post("/api/commands/HoldActivity", json={"party": 5}, headers=bearer(PORTAL))
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert errors["party"] == "must be a JSON object"
    assert errors["activity_id"] == "is required"


# -- CORS, gzip, ETag --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/api/commands/FormGroup", "POST", "authorization, content-type, idempotency-key"),
        ("/api/log/stream", "GET", "last-event-id, authorization"),
        ("/api/kims", "GET", "authorization"),
    ],
)
def test_a_page_on_the_portals_origin_may_call(
    client: httpx.Client, path: str, method: str, headers: str
) -> None:
    preflight = client.options(
        path,
        headers={
            "Origin": PORTAL_ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["access-control-allow-origin"] == PORTAL_ORIGIN
    assert method in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers


def test_cors_answers_name_the_origin_and_expose_the_freshness(client: httpx.Client) -> None:
    answer = client.get("/api/kims", headers={"Origin": PORTAL_ORIGIN})
    assert answer.headers["access-control-allow-origin"] == PORTAL_ORIGIN
    exposed = answer.headers["access-control-expose-headers"]
    assert {"ETag", "Kimcore-Checkpoint", "Link"} <= set(exposed.replace(" ", "").split(","))
    other = client.get("/api/kims", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    refused = client.post("/api/commands/FormGroup", headers={"Origin": PORTAL_ORIGIN})
    assert refused.headers["access-control-allow-origin"] == PORTAL_ORIGIN  # errors too


def test_a_preflight_from_another_origin_is_refused_as_a_problem(client: httpx.Client) -> None:
    refused = client.options(
        "/api/kims",
        headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert (problem["rule"], problem["field"]) == ("invalid-value", "origin")
    assert (problem["instance"], problem["type"].rsplit("/", 1)[-1]) == (
        "/api/kims",
        "invalid-value",
    )
    assert "access-control-allow-origin" not in refused.headers


def test_without_cors_a_preflight_is_a_405_with_allow(tmp_path: Path) -> None:
    with served(create_app(k.open_store(f"sqlite:///{tmp_path / 'kim.db'}"))) as plain:
        answer = plain.options(
            "/api/kims",
            headers={"Origin": PORTAL_ORIGIN, "Access-Control-Request-Method": "GET"},
        )
        assert answer.status_code == 405
        assert answer.headers["allow"] == "GET, HEAD"
        assert "access-control-allow-origin" not in answer.headers


def test_with_cors_the_lifespan_starts_and_stops_the_service(tmp_path: Path) -> None:
    # CORS wraps the lifespan too: a scope without headers must pass it untouched, or the
    # server finds no lifespan and the service never starts its projections nor closes.
    app = create_app(k.open_store(f"sqlite:///{tmp_path / 'kim.db'}"), cors=[PORTAL_ORIGIN])
    said: list[str] = []
    asked = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> dict[str, Any]:
        return asked.pop(0)

    async def send(message: dict[str, Any]) -> None:
        said.append(message["type"])

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    assert said == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_a_wrong_origin_is_refused_on_the_command_line(tmp_path: Path) -> None:
    done = kimcore(f"sqlite:///{tmp_path / 'kim.db'}", "serve", "--cors", "portal.example/x")
    assert done.returncode != 0
    assert "cors" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("starting", [False, True])
def test_a_port_in_use_is_refused_in_one_line_before_anything_starts(
    tmp_path: Path, starting: bool
) -> None:
    # *starting*: the port held by a service that has bound it and is still opening its store.
    from kimcore.cli.serve import _listen

    with _listen("127.0.0.1", 0) if starting else socket.socket() as taken:
        if not starting:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
        port = taken.getsockname()[1]
        done = kimcore(f"sqlite:///{tmp_path / 'kim.db'}", "serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: InvalidValue: [invalid-value] port: cannot listen on 127.0.0.1:{port}:"
        " Address already in use"
    ]
    assert "serving" not in done.stdout
    assert not (tmp_path / "kim.db").exists()  # the store was never opened


def test_big_answers_are_gzipped_and_the_stream_is_not(client: httpx.Client) -> None:
    raw = client.get("/api/log?limit=1000", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/api/log?limit=1000", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert len(raw.content) > 1000
    assert zipped.json() == raw.json()  # httpx undid the gzip
    assert int(zipped.headers["content-length"]) < len(gzip.compress(raw.content)) + 100
    with client.stream(
        "GET", "/api/log/stream", headers={"Accept-Encoding": "gzip"}, timeout=10
    ) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in stream.headers
        first = next(stream.iter_lines())
        assert first == "retry: 2000"


@pytest.mark.parametrize(
    "path",
    [
        "/api/kims",
        "/api/models/kim_members?format=csv",
        "/api/reports/kims",
        "/api/charts/stages",
        "/api/charts/map.svg?region=62.71",
    ],
)
def test_reads_carry_an_etag_and_answer_304_while_current(client: httpx.Client, path: str) -> None:
    first = client.get(path)
    tag = first.headers["etag"]
    assert tag.startswith('W/"')
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    # Who asks is part of it: a token with the personal scope sees other columns.
    assert client.get(path, headers=bearer(OFFICE)).headers["etag"] != tag


@pytest.mark.parametrize(
    ("path", "token", "status"),
    [
        ("/api/kims", "bogus", 401),
        ("/api/reports/doesnotexist", None, 404),
        ("/api/reports/kims?level=planet", None, 400),
        ("/api/reports/kims?as_of=tomorrow", None, 400),
        ("/api/kims?limit=abc&foo=bar", None, 400),
        ("/api/kims/not-a-uuid", None, 400),
        (f"/api/kims/{uuid.UUID(int=7)}", None, 404),
        ("/api/models/kim_members?name=Ani", None, 400),
        ("/api/charts/nope", None, 404),
        ("/api/charts/stages.svg?region=nowhere", None, 400),
        ("/api/kims?format=xml", None, 400),
        ("/api/models/kim_groups?format=xml", None, 400),
        ("/api/kims?limit=1&limit=5", None, 400),
    ],
)
def test_a_304_only_for_what_would_be_a_200(
    client: httpx.Client, path: str, token: str | None, status: int
) -> None:
    headers = {"If-None-Match": "*", **(bearer(token) if token else {})}
    answer = client.get(path, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_with_reads_private_a_304_needs_the_read_scope(tmp_path: Path) -> None:
    tokens = Tokens.from_file(write_tokens(tmp_path / "tokens.json"))
    app = create_app(k.open_store(_seeded(tmp_path)), tokens=tokens, private_reads=True)
    paths = ["/api/kims", "/api/models/kim_members", "/api/reports/kims", "/api/charts/stages"]
    with served(app) as private:
        for path in paths:
            refused = private.get(path, headers={"If-None-Match": "*"})
            assert refused.status_code == 401, path
            held = private.get(path, headers={"If-None-Match": "*", **bearer(READER)})
            assert held.status_code == 304, path


def test_a_write_makes_the_etag_stale(client: httpx.Client) -> None:
    tag = client.get("/api/kims").headers["etag"]
    group = uuid.uuid4()
    made = client.post("/api/commands/FormGroup", json=form_body(group), headers=bearer(PORTAL))
    assert made.status_code == 201, made.text
    answer = client.get("/api/kims", headers={"If-None-Match": tag})
    assert answer.status_code == 200
    assert answer.headers["etag"] != tag


def test_a_bug_is_a_500_problem_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(request: Any) -> Any:
        raise RuntimeError("secret internals")

    app = create_app(k.open_store(f"sqlite:///{tmp_path / 'kim.db'}"), cors=[PORTAL_ORIGIN])
    app.router.routes.append(Route("/api/boom", boom, name="boom"))
    with served(app) as plain:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            answer = plain.get("/api/boom", headers={"Origin": PORTAL_ORIGIN})
            page = plain.get("/api/kims")  # the service goes on
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["rule"] == "internal"
    assert "secret internals" not in answer.text
    # Answered as every answer is: the security headers, and CORS for the portal's page.
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    assert answer.headers["access-control-allow-origin"] == PORTAL_ORIGIN
    assert page.status_code == 200
    # Logged once, with its traceback, and not raised again to uvicorn (which logs it too).
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [(r.name, r.getMessage()) for r in errors] == [("kimcore.web", "GET /api/boom failed")]
    assert errors[0].exc_info is not None
