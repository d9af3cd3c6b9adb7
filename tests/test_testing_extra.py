"""The lean ``testing`` extra: the whole kit for a downstream suite, on pytest and hypothesis."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DOWNSTREAM = textwrap.dedent(
    """
    import importlib.util

    import pytest
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import kimcore as k
    from kimcore.testing.conformance import EventStoreContract
    from kimcore.testing.machine import DomainMachine
    from kimcore.testing.scenario import given as scenario
    from kimcore.testing.strategies import accepted_commands

    TestDomain = DomainMachine.TestCase
    TestDomain.settings = settings(max_examples=5, stateful_step_count=5, deadline=None)


    class TestMemory(EventStoreContract):
        @pytest.fixture
        def new_store(self):
            return k.MemoryStore


    @settings(max_examples=10, deadline=None)
    @given(accepted_commands(max_size=6))
    def test_accepted(commands):
        app = k.Application(k.MemoryStore())
        for command in commands:
            assert app.handle(command)


    def test_fixture(kimcore_memory_store):
        assert kimcore_memory_store.head_position() == 0


    def test_nothing_else_came_along():
        for heavy in ("psycopg", "nats", "coverage", "click", "rich", "orjson"):
            assert importlib.util.find_spec(heavy) is None, heavy
    """
)


def test_a_downstream_suite_runs_on_the_testing_extra_alone(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run(
        [str(pip), "install", "-q", "-e", f"{ROOT}[testing]"],
        check=True,
        capture_output=True,
    )
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_downstream.py").write_text(DOWNSTREAM)
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        capture_output=True,
        text=True,
        cwd=suite,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
