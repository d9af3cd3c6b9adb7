"""A portal's page on another origin calls the service in headless Chromium: reads, writes, streams.

``kimcore serve --cors ORIGIN`` on one port; the portal's page served from another (another
origin to the browser). The page's ``fetch`` with a bearer token (a preflight), its ``POST``
of a command (a preflight with ``Content-Type`` and ``Idempotency-Key``), a refusal's problem
details, and its ``EventSource`` on the live log all work as the portal guide says.
"""

from __future__ import annotations

import functools
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.test_web_page import browser  # noqa: F401 - the headless Chromium fixture
from tests.web_server import PORTAL, READER, form_body, free_port, kimcore, serving, write_tokens

from kimcore.register import template_table

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal</title></head><body>
<p id="fetched"></p><p id="written"></p><p id="refused"></p><p id="streamed"></p>
<script>
const base = BASE, reader = READER, portal = PORTAL;
const show = (id, text) => { document.getElementById(id).textContent = text; };
// Read first, then write: the KIM the page forms must not be in what it fetched.
const fetched = fetch(base + "/api/kims", {headers: {Authorization: "Bearer " + reader}})
  .then(r => r.json()).then(j => show("fetched", j.rows.map(r => r.name).join(",")))
  .catch(e => show("fetched", "failed: " + e));
const events = new EventSource(base + "/api/log/stream");
events.addEventListener("GroupFormed", e => {
  document.getElementById("streamed").textContent += JSON.parse(e.data).data.name + ";";
});
const write = (name, body) => fetch(base + "/api/commands/" + name, {
  method: "POST",
  headers: {Authorization: "Bearer " + portal, "Content-Type": "application/json",
            "Idempotency-Key": KEY},
  body: JSON.stringify(body)});
fetched.then(() => write("FormGroup", BODY))
  .then(r => show("written", String(r.status)))
  .catch(e => show("written", "failed: " + e));
fetch(base + "/api/commands/HoldActivity", {
  method: "POST", headers: {Authorization: "Bearer " + portal, "Content-Type": "application/json"},
  body: JSON.stringify({party: 5})})
  .then(r => r.json().then(j => show("refused", r.status + " " + j.rule + " " + j.errors[0].field)))
  .catch(e => show("refused", "failed: " + e));
</script></body></html>
"""


@pytest.fixture
def portal_page(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served as the portal's site on a port of its own: its origin."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_a_page_on_another_origin_fetches_writes_and_streams(
    browser: Any,  # noqa: F811 - the fixture imported above
    portal_page: tuple[Path, str],
    tmp_path: Path,
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    folder, origin = portal_page
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    headings, rows = template_table()
    register = tmp_path / "register.csv"
    register.write_text("\n".join(",".join(line) for line in [headings, *rows]), encoding="utf-8")
    assert kimcore(url, "import", str(register)).returncode == 0
    with serving(url, write_tokens(tmp_path / "tokens.json"), "--cors", origin) as base:
        page = PAGE
        for name, value in {
            "BASE": base,
            "READER": READER,
            "PORTAL": PORTAL,
            "KEY": str(uuid.uuid4()),
            "BODY": form_body(uuid.uuid4()),
        }.items():
            page = page.replace(name, json.dumps(value), 1)
        (folder / "index.html").write_text(page, encoding="utf-8")
        browser.get(f"{origin}/index.html")

        def text(element: str) -> str:
            found: str = browser.find_element("id", element).text
            return found

        wait = WebDriverWait(browser, 60)
        wait.until(lambda _: text("fetched") and text("written") and text("refused"))
        assert text("fetched") == "KIM Sukamaju"
        assert text("written") == "201"
        assert text("refused") == "422 invalid-value party"
        # The stream sends the log from the start, then the KIM the page just formed.
        wait.until(lambda _: "KIM Maju Bersama" in text("streamed"))
        assert text("streamed") == "KIM Sukamaju;KIM Maju Bersama;"


def test_the_docs_page_renders_the_api_in_chromium(
    browser: Any,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """Swagger UI from its package, under the page's own CSP, lists the routes."""
    from selenium.webdriver.support.ui import WebDriverWait

    url = f"sqlite:///{tmp_path / 'kim.db'}"
    with serving(url, write_tokens(tmp_path / "tokens.json"), wait=False) as base:
        browser.get(f"{base}/docs")
        WebDriverWait(browser, 60).until(
            lambda d: d.find_elements("css selector", ".opblock-summary-path")
        )
        paths = {e.text for e in browser.find_elements("css selector", ".opblock-summary-path")}
        assert "/api/commands/{name}" in {p.replace("\u200b", "") for p in paths}
        title = browser.find_element("css selector", ".info .title").text
        assert title.startswith("kimcore")
        errors = [
            entry
            for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and "Content Security Policy" in entry["message"]
        ]
        assert errors == []
