"""Operating kimcore: resources close with ``with``, logs are silent unless configured."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.builders import form

import kimcore as k
from kimcore.adapters.sinks import JsonLinesSink, WebhookSink
from kimcore.projections import MemoryModels, SqliteModels

ROOT = Path(__file__).parent.parent


def test_stores_model_stores_and_sinks_close_at_the_end_of_a_with_block(tmp_path: Path) -> None:
    with k.open_store(f"sqlite:///{tmp_path / 'kim.db'}") as store:
        k.Application(store).handle(form())
    with pytest.raises(k.StoreError, match="closed"):
        store.read_all()
    store.close()  # twice does no harm
    with k.open_store("memory://") as memory:
        assert memory.head_position() == 0
    with SqliteModels(str(tmp_path / "models.db")) as models:
        assert models.checkpoint("x") == 0
    with MemoryModels() as in_memory:
        assert in_memory.checkpoint("x") == 0
    with JsonLinesSink(tmp_path / "out.jsonl") as sink:
        sink.deliver([])
    with WebhookSink("http://127.0.0.1:9/", secret=b"k") as hook:
        assert hook.attempts == 5


def test_loggers_are_silent_until_the_user_configures_logging(tmp_path: Path) -> None:
    # A webhook that cannot be reached retries and dead-letters: warnings and an
    # error on kimcore.sink, none of which may reach the terminal unasked.
    script = f"""
import kimcore as k
from kimcore.demo import run_story
from kimcore.projections import MemoryModels, Projector
from kimcore.adapters.sinks import WebhookSink
store = k.MemoryStore()
run_story(k.Application(store))
sink = WebhookSink("http://127.0.0.1:9/", secret=b"k", attempts=2, backoff=0,
                   dead_letter={str(tmp_path / "dead.jsonl")!r})
Projector(store, sink, MemoryModels()).run()
"""
    quiet = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert quiet.stderr == b""
    configured = "import logging; logging.basicConfig(level=logging.DEBUG)\n" + script
    loud = subprocess.run([sys.executable, "-c", configured], capture_output=True, check=True)
    text = loud.stderr.decode()
    for logger in ("kimcore.sink", "kimcore.projection"):
        assert logger in text, text[:2000]
    assert "dead-lettered" in text


def test_erasures_and_refused_appends_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    from tests.builders import forget

    app = k.Application(k.MemoryStore())
    app.handle(form())
    with caplog.at_level("INFO", logger="kimcore"):
        app.forget(forget(form().founders[0].member_id))
    assert "forgotten: key destroyed with MemberForgotten" in caplog.text
    assert form().founders[0].name not in caplog.text


def test_the_package_declares_its_licence_and_where_it_lives() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "Apache-2.0"
    assert "Apache License" in (ROOT / "LICENSE").read_text()
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(project["urls"])


def test_readme_links_work_on_the_package_index() -> None:
    # The index shows README.md without the repository: a relative link is dead there.
    links = re.findall(r"\]\(([^)]+)\)", (ROOT / "README.md").read_text())
    assert links
    relative = [link for link in links if not link.startswith(("https://", "#"))]
    assert relative == []
