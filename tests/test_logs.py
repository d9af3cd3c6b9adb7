"""Operable logs: a real ``kimcore serve`` and every command log at the chosen level and format."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from tests.web_server import PORTAL, bearer, form_body, kimcore, serving, write_tokens

from kimcore.cli.app import cli
from kimcore.cli.logs import JsonFormatter, configure

# 2024-05-01T09:30:00.125+07:00 WARNING kimcore.web: …
TEXT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"
    r" (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: .+$"
)


def _json_lines(text: str) -> list[dict[str, Any]]:
    """Every line of *text* as JSON: a line that does not parse fails the test."""
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    for entry in entries:
        assert {"time", "level", "logger", "message", "process", "thread"} <= entry.keys()
    return entries


def _wait_for_kim(base: str, group_id: uuid.UUID) -> None:
    deadline = time.monotonic() + 30
    while httpx.get(f"{base}/api/kims/{group_id}").status_code != 200:
        assert time.monotonic() < deadline, "the KIM never reached the read models"
        time.sleep(0.2)


def test_serve_at_debug_writes_kimcore_and_uvicorn_lines_as_json(tmp_path: Path) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    log = tmp_path / "serve.log"
    url = f"sqlite:///{tmp_path / 'kim.db'}"
    group_id = uuid.uuid4()
    options = ("--log-level", "debug", "--log-format", "json")
    with serving(url, tokens, *options, logs=log) as base:
        commands = f"{base}/api/commands/FormGroup"
        recorded = httpx.post(commands, json=form_body(group_id), headers=bearer(PORTAL))
        assert recorded.status_code == 201, recorded.text
        refused = httpx.post(
            commands, json=form_body(uuid.uuid4(), founders=2), headers=bearer(PORTAL)
        )
        assert refused.status_code == 422
        assert httpx.get(f"{base}/api/kims", headers=bearer("a-guess")).status_code == 401
        _wait_for_kim(base, group_id)
    text = log.read_text(encoding="utf-8")
    entries = _json_lines(text)

    def found(logger: str, level: str, words: str) -> list[dict[str, Any]]:
        return [
            e
            for e in entries
            if e["logger"] == logger and e["level"] == level and words in e["message"]
        ]

    assert found("uvicorn.error", "INFO", "Started server process")
    # The projection runner's lines, from its own thread, and each page it projects (DEBUG).
    assert found("kimcore.projection", "INFO", "projecting 'group_registry' in this process")
    assert found("kimcore.projection", "DEBUG", "to position")
    (refusal,) = [e for e in entries if e["logger"] == "kimcore.application" and "rule" in e]
    assert refusal["level"] == "DEBUG"
    assert "rule min-founders (TooFewFounders)" in refusal["message"]
    assert refusal["rule"] == "min-founders"
    assert found("kimcore.web", "DEBUG", "answered 422")
    assert found("kimcore.web", "WARNING", "a token no entry matches")
    (access,) = [e for e in entries if e["logger"] == "uvicorn.access" and e["status"] == 422]
    assert (access["method"], access["path"]) == ("POST", "/api/commands/FormGroup")
    # Lines say what happened to what, never whom: no founder's name, no token.
    assert "Warga" not in text
    assert PORTAL not in text
    assert "a-guess" not in text


def test_serve_at_warning_in_text_shows_warnings_only(tmp_path: Path) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    log = tmp_path / "serve.log"
    with serving(f"sqlite:///{tmp_path / 'kim.db'}", tokens, logs=log) as base:
        assert httpx.get(f"{base}/api").status_code == 200
        assert httpx.get(f"{base}/api/kims", headers=bearer("a-guess")).status_code == 401
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines, "the warning about the unknown token is missing"
    for line in lines:
        assert TEXT_LINE.match(line), line
        assert " WARNING " in line or " ERROR " in line, line
    assert any(
        "kimcore.web: GET /api/kims from 127.0.0.1: a token no entry matches" in x for x in lines
    )


def test_every_command_logs_at_the_chosen_level(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'a.db'}"
    template = tmp_path / "register.csv"
    assert kimcore(source, "import", "--template", str(template)).returncode == 0
    # The default is warning: an import that records and refuses nothing logs nothing.
    quiet = kimcore(source, "import", str(template))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    copied = subprocess.run(
        [
            *(sys.executable, "-m", "kimcore", "--log-level", "info", "--log-format", "json"),
            *("copy", "--from", source, "--to", f"sqlite:///{tmp_path / 'b.db'}"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert copied.returncode == 0, copied.stderr
    entries = _json_lines(copied.stderr)
    assert [e["logger"] for e in entries] == ["kimcore.copy"]
    assert entries[0]["message"].startswith("copy: ")
    # The environment chooses too, as a service's unit file would.
    env_run = subprocess.run(
        [sys.executable, "-m", "kimcore", "--store", source, "verify"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "KIMCORE_LOG_LEVEL": "debug", "KIMCORE_LOG_FORMAT": "json"},
    )
    assert env_run.returncode == 0, env_run.stderr
    _json_lines(env_run.stderr)


def test_an_unknown_level_or_format_is_a_usage_error() -> None:
    for option in (["--log-level", "loud"], ["--log-format", "xml"], ["serve", "--log-level", "x"]):
        done = CliRunner().invoke(cli, [*option, "plugins"] if option[0] != "serve" else option)
        assert done.exit_code == 2, done.output
        assert "is not one of" in done.output


def test_a_command_run_in_process_leaves_logging_as_it_found_it(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = (list(root.handlers), root.level, logging.getLogger("kimcore").level)
    done = CliRunner().invoke(cli, ["--log-level", "debug", "--log-format", "json", "plugins"])
    assert done.exit_code == 0, done.output
    after = (list(root.handlers), root.level, logging.getLogger("kimcore").level)
    assert after == before


def test_the_set_up_shows_kimcore_at_the_level_and_others_from_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    undo = configure("info", "json", quiet=["noisy.pool"])
    try:
        # A logger the library adds later (a projection runner) is under kimcore: it shows.
        logging.getLogger("kimcore.projection.runner").info("lease taken", extra={"model": "m"})
        logging.getLogger("kimcore.web").debug("below the level")
        logging.getLogger("some.library").info("chatter")
        logging.getLogger("some.library").warning("worth knowing")
        logging.getLogger("noisy.pool").error("said again by the command")
        try:
            raise ValueError("line one\nline two")
        except ValueError:
            logging.getLogger("kimcore.projection.runner").exception("read model %r stopped", "m")
    finally:
        undo()
    undo()  # a second time does nothing
    err = capsys.readouterr().err
    entries = _json_lines(err)
    assert [(e["logger"], e["message"]) for e in entries] == [
        ("kimcore.projection.runner", "lease taken"),
        ("some.library", "worth knowing"),
        ("kimcore.projection.runner", "read model 'm' stopped"),
    ]
    assert entries[0]["model"] == "m"
    assert entries[2]["level"] == "ERROR"
    assert "ValueError: line one\nline two" in entries[2]["exception"]
    assert len(err.splitlines()) == 3  # one event, one line, traceback and all
    logging.getLogger("kimcore").warning("after the undo")
    assert capsys.readouterr().err == ""


def test_the_json_formatter_keeps_uvicorns_access_fields() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/kims?limit=5", "1.1", 200),
        None,
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == '127.0.0.1:5000 - "GET /api/kims?limit=5 HTTP/1.1" 200'
    assert (entry["client"], entry["method"], entry["path"], entry["status"]) == (
        "127.0.0.1:5000",
        "GET",
        "/api/kims?limit=5",
        200,
    )


def test_configure_refuses_what_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="level must be one of"):
        configure("loud")
    with pytest.raises(ValueError, match="format must be one of"):
        configure("info", "xml")
