"""The service as an attacker meets it, on a real ``kimcore serve``: every door checked.

Formula cells planted through a write token come out of every CSV and XLSX as text (read
back by LibreOffice, headless); a zip bomb and a million-row CSV are refused with the
server's memory bounded; every route refuses an unknown token; every answer carries the
security headers.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.services import durable_store, require_program
from tests.web_server import (
    OFFICE,
    PORTAL,
    READER,
    bearer,
    caught_up,
    form_body,
    free_port,
    kimcore,
    serving,
    write_tokens,
)

from kimcore.spreadsheets import DANGEROUS, write_xlsx
from kimcore.web.app import ROUTES

openpyxl = pytest.importorskip("openpyxl", reason="needs the xlsx extra: pip install -e .[xlsx]")

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-1+1"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNKNOWN = "nobody-knows-this-token-0123"


def _plant(base: str) -> None:
    """KIMs, villages and members named as formulas, sent as any portal with a token can."""
    for n, formula in enumerate(FORMULAS):
        body = form_body(
            uuid.uuid4(), region=(f"62.71.0{n + 1}.100{n + 1}", f"{formula} desa"), name=formula
        )
        body["founders"][0]["name"] = f"{formula} warga"
        answer = httpx.post(f"{base}/api/commands/FormGroup", json=body, headers=bearer(OFFICE))
        assert answer.status_code == 201, answer.text


@pytest.fixture(params=["sqlite", "postgres"])
def planted(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``(store URL, base URL)`` of a service whose store holds formula-named KIMs."""
    with (
        durable_store(request.param, tmp_path, "kim_h21a_sec") as url,
        serving(url, write_tokens(tmp_path / "tokens.json")) as base,
    ):
        _plant(base)
        caught_up(base)
        yield url, base


def _downloads(base: str, store: str, folder: Path) -> list[Path]:
    """Every CSV and XLSX the service and ``kimcore report`` write, saved in *folder*."""
    folder.mkdir()
    urls = {"kims.csv": "/api/kims?format=csv"}
    for table in httpx.get(f"{base}/api/models").json()["tables"]:
        urls[f"table-{table['name']}.csv"] = f"/api/models/{table['name']}?format=csv"
    for report in httpx.get(f"{base}/api/reports").json()["reports"]:
        for fmt in ("csv", "xlsx"):
            urls[f"report-{report['name']}.{fmt}"] = (
                f"/api/reports/{report['name']}?format={fmt}&level=village&lang=id"
            )
    urls |= {
        "template.csv": "/api/import/template.csv",
        "template.xlsx": "/api/import/template.xlsx",
    }
    saved = []
    for name, url in urls.items():
        answer = httpx.get(f"{base}{url}", headers=bearer(OFFICE), timeout=30)
        assert answer.status_code == 200, (url, answer.text)
        (folder / name).write_bytes(answer.content)
        saved.append(folder / name)
    for fmt in ("csv", "xlsx"):
        target = folder / f"cli-kims.{fmt}"
        done = kimcore(
            store, "report", "kims", "--level", "village", "--format", fmt, "-o", str(target)
        )
        assert done.returncode == 0, done.stderr
        saved.append(target)
    return saved


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_no_download_runs_a_formula_in_libreoffice(
    planted: tuple[str, str], tmp_path: Path
) -> None:
    soffice = require_program("soffice", "libreoffice-calc-nogui")
    store, base = planted
    files = _downloads(base, store, tmp_path / "in")
    shown: set[str] = set()
    for path in files:
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
                for cell in row:
                    assert not cell.startswith(DANGEROUS) or _number(cell), (path.name, cell)
                    shown.add(cell)
    assert {f"'{f}" for f in FORMULAS} <= shown  # the KIMs' names, made safe
    assert {f"'{f} warga" for f in FORMULAS} <= shown  # their members' (a personal token)
    # The reports' and the template's workbooks hold no text a client chose (codes, counts,
    # headings): a workbook written the same way shows what XLSX does with such text.
    names = tmp_path / "in" / "names.xlsx"
    write_xlsx(names, "names", ["name"], [[f] for f in FORMULAS])
    files.append(names)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    texts: set[str] = set()
    for path in files:
        converted = tmp_path / "out" / f"{path.stem}.xlsx"
        for sheet in openpyxl.load_workbook(converted).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        texts.add(cell.value)
    # LibreOffice shows a CSV's neutralised cell with its apostrophe, an XLSX's text as text.
    assert {f"'{f}" for f in FORMULAS} <= texts
    assert {f"'{f} desa" for f in FORMULAS} <= texts
    assert set(FORMULAS) <= texts


def _pid_listening(port: int) -> int:
    """The process of ``kimcore serve --port PORT`` (its command line names the port)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and str(port).encode() in args:
            return int(proc.name)
    raise AssertionError(f"no kimcore serve on port {port}")


def _peak_memory(pid: int) -> int:
    """The most memory the process has held (VmHWM), in bytes."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert found is not None
    return int(found.group(1)) * 1024


def _zip_bomb(path: Path, inflated: int) -> bytes:
    """A workbook-shaped zip whose sheet inflates to *inflated* bytes (600 kB per 600 MB)."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"<row/>" * (1024 * 1024 // 6)
        for _ in range(inflated // len(chunk)):
            member.write(chunk)
    return path.read_bytes()


def test_a_zip_bomb_and_a_million_rows_are_refused_with_memory_bounded(tmp_path: Path) -> None:
    port = free_port()
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    with serving(url, write_tokens(tmp_path / "tokens.json"), port=port) as base:
        pid = _pid_listening(port)
        before = _peak_memory(pid)
        write = bearer(PORTAL)
        bomb = _zip_bomb(tmp_path / "bomb.xlsx", 600 * 1024 * 1024)
        assert len(bomb) < 1024 * 1024
        rows = b"record,kim_ref,name\n" + b"kim,KIM-1,KIM Maju\n" * 1_000_000
        assert len(rows) < 20 * 1024 * 1024
        sent = [
            (bomb, XLSX, 413, "inflated"),
            (rows, "text/csv", 413, None),
            (b"record,kim_ref\nkim,x\n" * 20, XLSX, 422, "file"),
            (bomb, "text/csv", 422, "file"),
            ("record,name\nkim,Kéren\n".encode("latin-1"), "text/csv", 422, "file"),
        ]
        for body, kind, status, field in sent:
            answer = httpx.post(
                f"{base}/api/import",
                content=body,
                headers={**write, "Content-Type": kind},
                timeout=120,
            )
            assert answer.status_code == status, answer.text
            if field is not None:
                assert answer.json()["error"]["field"] == field
        # Under the body's bound, the rows' bound refuses it: a million rows is over 100,000.
        small = b"record,kim_ref,name\n" + b"kim,KIM-1,KIM Maju\n" * 200_000
        answer = httpx.post(
            f"{base}/api/import",
            content=small,
            headers={**write, "Content-Type": "text/csv"},
            timeout=120,
        )
        assert answer.status_code == 413
        assert answer.json()["error"]["field"] == "rows"
        grown = _peak_memory(pid) - before
        assert grown < 200 * 1024 * 1024, f"the service grew by {grown} bytes"
        assert httpx.get(f"{base}/api/log", headers=bearer(READER)).json()["events"] == []


def _route_urls() -> list[tuple[str, str]]:
    """Each route of the app as a request: its method and a path with its parameters filled."""
    filled = {
        "group_id": str(uuid.uuid4()),
        "table": "kim_groups",
        "name": "kims",
        "format": "csv",
        "rule": "not-found",
        "file": "swagger-ui.css",
    }
    found = []
    for route in ROUTES:
        path = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: filled[m.group(1)], route.path)
        if route.name in ("command_schema", "command"):
            path = path.replace("/kims", "/FormGroup")
        if route.name == "event_schema":
            path = path.replace("/kims", "/GroupFormed")
        found += [(m, path) for m in sorted(route.methods or {"GET"}) if m != "HEAD"]
    return found


def test_the_route_list_covers_every_route() -> None:
    assert {path for _, path in _route_urls()} >= {
        "/api",
        "/api/schema",
        "/api/import/template.csv",
    }
    assert len(_route_urls()) == len(ROUTES)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_every_route_refuses_an_unknown_token(kind: str, tmp_path: Path) -> None:
    with durable_store(kind, tmp_path, "kim_h21a_tok") as url:
        tokens = write_tokens(tmp_path / "tokens.json")
        with serving(url, tokens) as base:
            for method, path in _route_urls():
                answer = httpx.request(method, f"{base}{path}", headers=bearer(UNKNOWN))
                assert answer.status_code == 401, (method, path, answer.text)
                assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        with serving(url, tokens, "--private-reads") as base:
            for method, path in _route_urls():
                answer = httpx.request(method, f"{base}{path}")
                assert answer.status_code == 401, (method, path, answer.text)
                if method == "GET" and path != "/api/log/stream":
                    allowed = httpx.get(f"{base}{path}", headers=bearer(READER))
                    # The list of KIMs holds members' names: a reader is known, but refused.
                    wanted = (403,) if path.startswith("/api/daftar-kim") else (200, 404)
                    assert allowed.status_code in wanted, (path, allowed.text)


def test_a_token_file_holding_a_token_is_refused_in_one_line(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text(
        json.dumps({"tokens": [{"name": "portal", "token": PORTAL, "scopes": ["write"]}]}),
        encoding="utf-8",
    )
    done = kimcore(f"sqlite:///{tmp_path / 'kim.db'}", "serve", "--tokens", str(tokens))
    assert done.returncode == 1
    assert "sha256sum" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def _style_hash(page: str) -> str:
    found = re.search(r"<style>(.*?)</style>", page, re.S)
    assert found is not None
    digest = hashlib.sha256(found.group(1).encode()).digest()
    return base64.b64encode(digest).decode()


def test_every_answer_carries_the_security_headers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    with serving(url, write_tokens(tmp_path / "tokens.json")) as base:
        _plant(base)
        answers: dict[str, Any] = {
            path: httpx.get(f"{base}{path}")
            for path in (
                "/",
                "/api",
                "/api/kims?format=csv",
                "/nowhere",
                "/api/nowhere",
                "/api/kims?offset=x",
                "/api/import/template.exe",
            )
        }
        page = answers["/"].text
        for path, answer in answers.items():
            headers = answer.headers
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["X-Frame-Options"] == "DENY", path
            assert headers["Referrer-Policy"] == "no-referrer", path
            policy = headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in policy
            assert "default-src 'none'" in policy
            assert "unsafe-inline" not in policy
            assert f"'sha256-{_style_hash(page)}'" in policy  # the page's one style, by hash
        assert "<script" not in page
        assert " style=" not in page


def test_no_answer_that_may_show_personal_data_is_kept_by_a_cache(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    with serving(url, write_tokens(tmp_path / "tokens.json")) as base:
        _plant(base)
        for path in ("/api/models/kim_members", "/api/log", "/api/daftar-kim.csv"):
            shown = httpx.get(f"{base}{path}", headers=bearer(OFFICE), timeout=30)
            assert shown.status_code == 200, path
            assert shown.headers["Cache-Control"] == "private, no-store", path
        for path in ("/api/models/kim_members", "/api/log"):
            hidden = httpx.get(f"{base}{path}", headers=bearer(READER), timeout=30)
            assert "no-store" not in hidden.headers.get("Cache-Control", ""), path  # redacted


def test_a_report_as_of_the_last_day_is_answered(planted: tuple[str, str]) -> None:
    store, base = planted
    answer = httpx.get(f"{base}/api/reports/kims?as_of=9999-12-31&level=village")
    assert answer.status_code == 200, answer.text
    assert sum(r["kims"] for r in answer.json()["rows"]) == len(FORMULAS)
    done = kimcore(store, "report", "kims", "--as-of", "9999-12-31", "--format", "json")
    assert done.returncode == 0, done.stderr


def test_the_operator_sets_the_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIMCORE_IMPORT_MAX_COLUMNS", "2")
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    tokens = write_tokens(tmp_path / "tokens.json")
    with serving(url, tokens, "--import-max-rows", "3") as base:
        headers = {**bearer(PORTAL), "Content-Type": "text/csv"}
        for body, field in [
            (b"record,kim_ref\n" + b"kim,KIM-1\n" * 4, "rows"),
            (b"record,kim_ref,name\nkim,KIM-1,KIM Maju\n", "columns"),
        ]:
            answer = httpx.post(f"{base}/api/import?dry_run=true", content=body, headers=headers)
            assert answer.status_code == 413, answer.text
            assert answer.json()["error"]["field"] == field
            assert "KIMCORE_IMPORT_MAX_" in answer.json()["error"]["message"]
