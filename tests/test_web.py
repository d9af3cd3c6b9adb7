"""The HTTP service, started for real on 127.0.0.1 and spoken to over HTTP: SQLite, PostgreSQL."""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from tests.services import durable_store
from tests.web_server import (
    OFFICE,
    PORTAL,
    READER,
    bearer,
    form_body,
    kimcore,
    serving,
    write_tokens,
)

from kimcore.register import group_id_of, member_id_of, template_table

KIM = group_id_of("KIM-6271-001")
CHAIR = member_id_of("KIM-6271-001", "1")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store holding the register template's KIM, imported with the command an office runs."""
    with durable_store(request.param, tmp_path_factory.mktemp("web"), "web") as url:
        yield _seeded(url, tmp_path_factory)


def _seeded(url: str, tmp: pytest.TempPathFactory) -> str:
    template = tmp.mktemp("register") / "register.csv"
    assert kimcore(url, "import", "--template", str(template)).returncode == 0
    done = kimcore(url, "import", str(template))
    assert done.returncode == 0, done.stderr
    return url


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tokens(tmp_path_factory.mktemp("tokens") / "tokens.json")


@pytest.fixture(scope="module")
def base(store_url: str, tokens: Path) -> Iterator[str]:
    with serving(store_url, tokens) as url:
        yield url


def _caught_up(base: str, table: str, position: int) -> None:
    """Wait until the read model holding *table* has reached *position*."""
    deadline = time.monotonic() + 20
    while httpx.get(f"{base}/api/models/{table}?limit=1").json()["checkpoint"] < position:
        assert time.monotonic() < deadline, f"{table} never reached {position}"
        time.sleep(0.1)


def _head(base: str) -> int:
    head: int = httpx.get(f"{base}/api/log?limit=1").json()["head"]
    return head


def _form(group_id: uuid.UUID, founders: int = 3, **changes: Any) -> dict[str, Any]:
    return form_body(group_id, founders=founders, **changes)


# -- reads ------------------------------------------------------------------------


def test_the_registry_filters_pages_and_downloads(base: str) -> None:
    kims = httpx.get(f"{base}/api/kims", params={"region": "62.71.01"}).json()
    assert [r["group_id"] for r in kims["rows"]] == [str(KIM)]
    assert kims["rows"][0]["stage"] == "registered"
    assert httpx.get(f"{base}/api/kims", params={"region": "62.03"}).json()["total"] == 0
    assert (
        httpx.get(f"{base}/api/kims", params={"stage": "formed", "region": "62.71.01"}).json()[
            "rows"
        ]
        == []
    )
    members = httpx.get(f"{base}/api/models/kim_members", params={"limit": 2}).json()
    assert (members["total"], len(members["rows"])) == (4, 2)
    following = httpx.get(members["next"]).json()
    assert {r["member_id"] for r in members["rows"]}.isdisjoint(
        r["member_id"] for r in following["rows"]
    )
    download = httpx.get(f"{base}/api/kims", params={"format": "csv", "region": "62.71.01"})
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [r["name"] for r in rows] == ["KIM Sukamaju"]


def test_every_read_says_how_far_behind_its_model_is_and_api_says_how_each_fares(
    base: str,
) -> None:
    index = httpx.get(f"{base}/api").json()
    health = index["health"]
    assert health["status"] == "ok"
    head = health["head"]
    by_name = {m["name"]: m for m in health["read_models"]}
    assert {"group_registry", "report_facts"} <= set(by_name)
    for model in by_name.values():
        assert (model["state"], model["behind"], model["error"]) == ("projecting", 0, None)
        assert model["checkpoint"] == model["head"] == head
    for path in (
        "/api/kims?limit=1",
        f"/api/kims/{KIM}",
        "/api/models/kim_members?limit=1",
        "/api/reports/kims",
        "/api/reports/kims?format=csv",
        "/",
    ):
        answer = httpx.get(f"{base}{path}")
        assert answer.status_code == 200, path
        assert answer.headers["Kimcore-Behind"] == "0", path
        assert answer.headers["Kimcore-Head"] == str(head), path
        assert int(answer.headers["Kimcore-Checkpoint"]) == head, path
        if answer.headers["content-type"].startswith("application/json"):
            body = answer.json()
            assert (body["checkpoint"], body["head"], body["behind"]) == (head, head, 0), path
    tables = httpx.get(f"{base}/api/models").json()["tables"]
    assert {t["behind"] for t in tables} == {0}


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/kims?limit=0", 400, "limit"),
        ("/api/kims?colour=red", 400, "colour"),
        ("/api/models/nothing", 404, None),
        ("/api/reports/nothing", 404, None),
        ("/api/reports/kims?as_of=yesterday", 400, "as_of"),
        ("/api/reports/kims?level=hamlet", 400, "level"),
        (f"/api/kims/{uuid.UUID(int=0)}", 404, None),
        ("/api/kims/not-a-uuid", 400, "group_id"),
        ("/api/log/stream", 400, "Last-Event-ID"),
    ],
)
def test_a_bad_read_is_one_json_error_naming_what(
    base: str, path: str, status: int, field: str | None
) -> None:
    headers = {"Last-Event-ID": "soon"} if path.endswith("stream") else {}
    answer = httpx.get(f"{base}{path}", headers=headers)
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["field"] == field
    assert error["message"]
    assert error["message_id"]


def test_reports_now_and_as_of_a_past_day(base: str) -> None:
    now = httpx.get(f"{base}/api/reports/kims", params={"level": "district"}).json()
    assert [(r["region_code"], r["kims"], r["members"]) for r in now["rows"]] == [
        ("62.71.01", 1, 4)
    ]
    before = httpx.get(f"{base}/api/reports/kims", params={"as_of": "2000-01-01"}).json()
    assert before["rows"] == []
    assert before["as_of"] == "2000-01-01"
    first = httpx.get(f"{base}/api/log", params={"limit": 1}).json()["events"][0]["position"]
    by_position = httpx.get(f"{base}/api/reports/kims", params={"as_of": str(first)}).json()
    assert by_position["position"] == first
    assert (by_position["behind"], by_position["head"]) == (0, now["head"])
    spreadsheet = httpx.get(f"{base}/api/reports/members", params={"format": "xlsx", "lang": "id"})
    assert spreadsheet.content[:2] == b"PK"  # a zip: an XLSX workbook
    table = httpx.get(f"{base}/api/reports/members", params={"format": "csv", "lang": "id"})
    assert table.text.startswith("Kode wilayah,")


# -- writes and tokens --------------------------------------------------------------


def test_no_write_without_a_token_of_the_write_scope(base: str) -> None:
    body = _form(uuid.uuid4())
    url = f"{base}/api/commands/FormGroup"
    assert httpx.post(url, json=body).status_code == 401
    unknown = httpx.post(url, json=body, headers=bearer("not-a-token-at-all-000"))
    assert unknown.status_code == 401
    assert unknown.json()["error"]["rule"] == "unauthenticated"
    reader = httpx.post(url, json=body, headers=bearer(READER))
    assert reader.status_code == 403
    # A token nobody issued is refused even where no token is needed: a client learns its mistake.
    assert (
        httpx.get(f"{base}/api/kims", headers=bearer("not-a-token-at-all-000")).status_code == 401
    )
    assert httpx.get(f"{base}/", headers=bearer("not-a-token-at-all-000")).status_code == 401
    assert reader.json()["error"]["rule"] == "forbidden"


def test_a_command_is_recorded_refused_or_sent_again_safely(base: str) -> None:
    group_id = uuid.uuid4()
    url = f"{base}/api/commands/FormGroup"
    key = str(uuid.uuid4())
    headers = {**bearer(PORTAL), "Idempotency-Key": key}
    made = httpx.post(url, json=_form(group_id), headers=headers)
    assert made.status_code == 201, made.text
    (recorded,) = made.json()["recorded"]
    assert recorded["event_type"] == "GroupFormed"
    assert {f["name"] for f in recorded["data"]["founders"]} == {"[redacted]"}
    again = httpx.post(url, json=_form(group_id), headers=headers)
    assert again.status_code == 200
    assert again.json()["recorded"][0]["event_id"] == recorded["event_id"]
    refused = httpx.post(url, json=_form(uuid.uuid4(), founders=2), headers=bearer(PORTAL))
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["rule"] == "min-founders"
    assert "paling sedikit" in error["message_id"]
    malformed = _form(uuid.uuid4())
    malformed["founders"][1]["category"] = "king"
    shape = httpx.post(url, json=malformed, headers=bearer(PORTAL))
    assert shape.status_code == 422
    assert shape.json()["error"]["field"] == "founders[1].category"
    not_json = httpx.post(url, content=b"{", headers=bearer(PORTAL))
    assert (not_json.status_code, not_json.json()["error"]["field"]) == (400, "body")
    unknown = httpx.post(f"{base}/api/commands/Conquer", json={}, headers=bearer(PORTAL))
    assert unknown.status_code == 404


def test_a_key_sent_again_with_another_command_is_refused_and_records_nothing(
    base: str,
) -> None:
    group_id = uuid.uuid4()
    headers = {**bearer(PORTAL), "Idempotency-Key": str(uuid.uuid4())}
    made = httpx.post(f"{base}/api/commands/FormGroup", json=_form(group_id), headers=headers)
    assert made.status_code == 201, made.text
    head = _head(base)
    dissolve = {"group_id": str(group_id), "reason": "bubar", "dissolved_on": "2024-12-01"}
    reused = httpx.post(f"{base}/api/commands/DissolveGroup", json=dissolve, headers=headers)
    assert reused.status_code == 422, reused.text
    problem = reused.json()
    assert (problem["rule"], problem["field"]) == ("idempotency-key-reused", "Idempotency-Key")
    assert "FormGroup" in problem["detail"]
    assert _head(base) == head
    again = httpx.post(f"{base}/api/commands/FormGroup", json=_form(group_id), headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["recorded"] == made.json()["recorded"]


def test_personal_data_only_to_its_scope_and_never_after_forgetting(base: str) -> None:
    def names(token: str | None) -> set[str]:
        headers = bearer(token) if token else {}
        rows = httpx.get(f"{base}/api/kims/{KIM}", headers=headers).json()["members"]
        return {r["name"] for r in rows if r["member_id"] == str(CHAIR)}

    assert names(None) == {"[redacted]"}
    assert names(PORTAL) == {"[redacted]"}
    assert names(OFFICE) == {"Siti Rahma"}
    log = httpx.get(f"{base}/api/log", params={"limit": 1000}, headers=bearer(OFFICE)).json()
    assert "Siti Rahma" in str(log["events"])
    assert "Siti Rahma" not in httpx.get(f"{base}/api/log", params={"limit": 1000}).text
    forget = {
        "subject_id": str(CHAIR),
        "requested_by": "data_subject",
        "basis": "consent_withdrawn",
        "requested_on": "2024-05-01",
    }
    done = httpx.post(f"{base}/api/commands/ForgetSubject", json=forget, headers=bearer(OFFICE))
    assert done.status_code == 201, done.text
    # At once, whatever the read models have reached: the key is gone.
    assert names(OFFICE) == {"[redacted]"}
    table = httpx.get(f"{base}/api/models/kim_members", headers=bearer(OFFICE)).json()["rows"]
    assert {r["name"] for r in table if r["member_id"] == str(CHAIR)} == {"[redacted]"}
    after = httpx.get(f"{base}/api/log", params={"limit": 1000}, headers=bearer(OFFICE)).text
    assert "Siti Rahma" not in after


def test_a_register_imports_over_http(base: str) -> None:
    template = httpx.get(f"{base}/api/import/template.csv")
    assert template.status_code == 200
    headings, _rows = template_table()
    assert template.text.splitlines()[0] == ",".join(headings)
    sheet = template.text.replace("KIM-6271-001", "KIM-6271-077").replace(
        "Forum KIM Kecamatan Pahandut", "Forum KIM Kecamatan Pahandut"
    )
    url = f"{base}/api/import"
    csv_type = {"Content-Type": "text/csv"}
    assert httpx.post(url, content=sheet, headers=csv_type).status_code == 401
    dry = httpx.post(
        f"{url}?dry_run=true", content=sheet, headers={**csv_type, **bearer(PORTAL)}
    ).json()
    assert (dry["dry_run"], dry["recorded"], dry["refused"]) == (True, 7, 0)
    head = _head(base)
    for query in ("dry_run=on", "dry_run=True1", "dryrun=true"):
        misspelt = httpx.post(
            f"{url}?{query}", content=sheet, headers={**csv_type, **bearer(PORTAL)}
        )
        assert misspelt.status_code == 400, (query, misspelt.text)
    assert _head(base) == head
    one = httpx.post(f"{url}?dry_run=1", content=sheet, headers={**csv_type, **bearer(PORTAL)})
    assert one.json()["dry_run"] is True
    # What a client library writes for a boolean (requests: params={"dry_run": True}).
    cased = httpx.post(f"{url}?dry_run=True", content=sheet, headers={**csv_type, **bearer(PORTAL)})
    assert cased.json()["dry_run"] is True
    assert _head(base) == head
    shouted = {"Content-Type": "TEXT/CSV; charset=utf-8", **bearer(PORTAL)}
    loud = httpx.post(f"{url}?dry_run=true", content=sheet, headers=shouted)
    assert loud.status_code == 200, loud.text
    assert loud.json()["dry_run"] is True
    done = httpx.post(url, content=sheet, headers={**csv_type, **bearer(PORTAL)}).json()
    assert (done["recorded"], done["unchanged"]) == (7, 1)  # the forum was there already
    again = httpx.post(url, content=sheet, headers={**csv_type, **bearer(PORTAL)}).json()
    assert again["recorded"] == 0
    workbook = httpx.get(f"{base}/api/import/template.xlsx", params={"lang": "id"}).content
    xlsx = {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        **bearer(PORTAL),
    }
    tried = httpx.post(f"{url}?dry_run=true", content=workbook, headers=xlsx).json()
    assert (tried["unchanged"], tried["refused"]) == (8, 0)  # the template's KIM is recorded
    wrong = httpx.post(url, content=b"x", headers={"Content-Type": "text/plain", **bearer(PORTAL)})
    assert wrong.status_code == 415


# -- JSON Schema --------------------------------------------------------------------


def test_every_command_and_event_has_a_schema_the_data_meets(base: str) -> None:
    index = httpx.get(f"{base}/api/schema").json()
    assert {"FormGroup", "JoinGroup", "SignPartnership", "ForgetSubject"} <= set(index["commands"])
    schemas = {name: httpx.get(url).json() for name, url in index["events"].items()}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for event in httpx.get(f"{base}/api/log", params={"limit": 1000}).json()["events"]:
        validator = jsonschema.Draft202012Validator(
            schemas[event["event_type"]], format_checker=checker
        )
        validator.validate(event["data"])
    form = httpx.get(index["commands"]["FormGroup"]).json()
    validator = jsonschema.Draft202012Validator(form, format_checker=checker)
    validator.validate(_form(uuid.uuid4()))
    assert not validator.is_valid(_form(uuid.uuid4(), formed_on="01/03/2024"))
    assert not validator.is_valid(_form(uuid.uuid4(), name=""))
    assert not validator.is_valid({**_form(uuid.uuid4()), "colour": "red"})


# -- a live report kept between requests ------------------------------------------


def test_a_live_report_kept_between_requests_counts_a_kim_formed_since(base: str) -> None:
    url = f"{base}/api/reports/kims"
    plain = {"Accept-Encoding": "identity"}
    before = httpx.get(url, params={"level": "regency"})
    assert before.headers["content-encoding"] == "gzip"  # compressed by the route, kept
    assert httpx.get(url, params={"level": "regency"}, headers=plain).json() == before.json()
    made = httpx.post(
        f"{base}/api/commands/FormGroup", json=_form(uuid.uuid4()), headers=bearer(PORTAL)
    )
    assert made.status_code == 201, made.text
    _caught_up(base, "kim_fact_groups", made.json()["recorded"][-1]["position"])
    after = httpx.get(url, params={"level": "regency"}).json()
    assert (
        sum(r["kims"] for r in after["rows"]) == sum(r["kims"] for r in before.json()["rows"]) + 1
    )
    assert after["position"] > before.json()["position"]
    assert httpx.get(url, params={"level": "regency"}, headers=plain).json() == after
