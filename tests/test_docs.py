"""The docs stay true: their Python samples run, the events reference covers every event, and
CI runs the README's commands."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from kimcore.events.registry import BUILTIN_EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SAMPLES = [
    pytest.param(block, id=f"{page.name}:{n}")
    for page in PAGES
    for n, block in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), re.S))
]


@pytest.mark.parametrize("code", SAMPLES)
def test_every_python_sample_runs(
    code: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A sample writes where a user would, beside them (sqlite:///kim.db): not in the repository.
    monkeypatch.chdir(tmp_path)
    # dont_inherit: run the sample as a user would, without this module's __future__ imports
    namespace: dict[str, Any] = {"__name__": "docs_sample"}
    exec(compile(code, "<docs>", "exec", dont_inherit=True), namespace)
    _stop_services(namespace)
    out = capsys.readouterr().out
    for comment in re.findall(r"print\(.*\)\s+# (.+)", code):
        assert comment.strip() in out


def test_the_events_reference_covers_every_event_and_field() -> None:
    text = (ROOT / "docs" / "events.md").read_text()
    for cls in BUILTIN_EVENT_TYPES:
        heading = f"### {cls.event_name} (v{cls.event_version})"
        assert heading in text, heading
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in section, (cls.event_name, field.name)


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^(python3 -m venv .*)$", readme, re.M)
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci
    assert commands[0].rsplit("&& ", 1)[1] in ci


def _stop_services(namespace: dict[str, Any]) -> None:
    """Run and end the lifespan of each kimcore app a sample made but never served.

    A sample that embeds ``create_app`` in a host leaves serving to the host: its store stays
    open until the host's lifespan ends, which in a sample it never does.
    """
    for value in list(namespace.values()):
        if getattr(getattr(value, "state", None), "lifecycle", None) is None:
            continue
        import kimcore.web

        async def served(app: Any = value) -> None:
            async with kimcore.web.lifespan(app):
                pass

        asyncio.run(served())
