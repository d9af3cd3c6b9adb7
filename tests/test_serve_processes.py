"""Three ``kimcore serve`` processes on one store, as behind a load balancer.

Started together on a fresh store, with writes going on, the process projecting the KIM
registry is killed with SIGKILL; another takes its read models over, every process keeps
serving, and at the end every read model equals a rebuild from the log: no page was applied
twice, none was lost. On PostgreSQL and on SQLite.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.builders import activity, form
from tests.services import durable_store
from tests.web_server import free_port, serve_command, write_tokens

import kimcore as k
from kimcore.adapters.beside import models_beside
from kimcore.domain.views import ACTIVITY_REPORT, GROUPS, MEMBERS
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.projections import MemoryModels, ModelStore, Projector, portal_models

SERVERS = 3


def every_model() -> list[Any]:
    return [*portal_models(), ReportFacts()]


def tables_of(models: ModelStore) -> dict[str, list[dict[str, Any]]]:
    return {t.name: models.rows(t) for m in every_model() for t in m.tables}


class Writer(threading.Thread):
    """Forms KIMs of five members and holds an activity in each, until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.app = k.Application(k.open_store(url))
        self.groups = 0
        self.halt = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.halt.is_set():
                self.write_one()
        except BaseException as exc:
            self.failure = exc

    def write_one(self) -> None:
        group_id = uuid.uuid4()
        founders = tuple(
            k.MemberDetails(
                member_id=uuid.uuid4(), name=f"Warga {i}", category=k.MemberCategory.FARMER
            )
            for i in range(5)
        )
        self.app.handle(form(group_id=group_id, name=f"KIM {self.groups}", founders=founders))
        party = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
        self.app.handle(
            activity(party=party, activity_id=uuid.uuid4(), held_on=dt.date(2024, 3, 1))
        )
        self.groups += 1

    def finish(self) -> int:
        self.halt.set()
        self.join(60)
        assert self.failure is None, self.failure
        self.app.store.close()
        return self.groups


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with durable_store(request.param, tmp_path, "serve3") as url:
        yield url  # nothing made yet: the servers, started together, make it all


def _start(url: str, tokens: Path, log: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    output = log.open("w")  # a file, not a pipe nobody reads: a chatty server never blocks
    process = subprocess.Popen(
        serve_command(url, port, tokens, "--log-level", "info"),
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output.close()
    return process, f"http://127.0.0.1:{port}"


def _index(base: str) -> dict[str, Any]:
    found: dict[str, Any] = httpx.get(f"{base}/api", timeout=10).raise_for_status().json()
    return found


def _answering(process: subprocess.Popen[str], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise AssertionError(f"kimcore serve exited {process.returncode}: {log.read_text()}")
        try:
            _index(base)
            return
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "never answered"
            time.sleep(0.1)


def _states(base: str) -> dict[str, str]:
    return {m["name"]: m["state"] for m in _index(base)["health"]["read_models"]}


def _projector_of(bases: list[str], name: str, logs: list[Path], timeout: float = 60) -> int:
    """The index of the one server projecting *name* (and check no other does)."""
    deadline = time.monotonic() + timeout
    while True:
        holders = [i for i, base in enumerate(bases) if _states(base)[name] == "projecting"]
        assert len(holders) <= 1, f"{name} projected by {holders}"
        if holders:
            return holders[0]
        if time.monotonic() > deadline:
            health = [_index(base)["health"] for base in bases]
            said = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
            raise AssertionError(f"nobody projects {name}: {health}\n{said}")
        time.sleep(0.1)


def test_three_servers_one_killed_mid_stream_leave_the_read_models_a_rebuild_gives(
    store_url: str, tmp_path: Path
) -> None:
    tokens = write_tokens(tmp_path / "tokens.json")
    logs = [tmp_path / f"server-{n}.log" for n in range(SERVERS)]
    started = [_start(store_url, tokens, log) for log in logs]  # all at once, fresh store
    processes = [p for p, _ in started]
    bases = [b for _, b in started]
    writer = Writer(store_url)
    try:
        for (process, base), log in zip(started, logs, strict=True):
            _answering(process, base, log)
        writer.start()
        victim = _projector_of(bases, "group_registry", logs)
        watched = k.open_store(store_url)
        models = models_beside(watched)
        watched.close()  # the read models have a connection of their own
        deadline = time.monotonic() + 60
        while models.checkpoint("group_registry") == 0 or writer.groups < 20:
            assert time.monotonic() < deadline, "no progress before the kill"
            time.sleep(0.05)
        os.kill(processes[victim].pid, signal.SIGKILL)  # mid-stream: writes go on
        processes[victim].wait(30)
        survivors = [b for i, b in enumerate(bases) if i != victim]
        alive = [log for i, log in enumerate(logs) if i != victim]
        heir = _projector_of(survivors, "group_registry", alive)  # taken over within seconds
        for base in survivors:  # every process serves reads meanwhile
            assert httpx.get(f"{base}/api/kims?limit=5", timeout=10).status_code == 200
        time.sleep(1.0)  # more writes under the heir
        written = writer.finish()
        store = k.open_store(store_url)
        deadline = time.monotonic() + 120
        # PostgreSQL shows the last commits once no older transaction of the cluster runs.
        while any(m["behind"] for m in _index(survivors[heir])["health"]["read_models"]) or {
            models.checkpoint(m.name) for m in every_model()
        } != {store.head_position()}:
            assert time.monotonic() < deadline, "the survivors never caught up"
            time.sleep(0.2)
        rebuilt = MemoryModels()
        for model in every_model():
            Projector(store, model, rebuilt).run()
        assert tables_of(models) == tables_of(rebuilt)
        # Counted once each: a page applied twice would count its members and activities twice.
        assert sum(r["member_count"] for r in models.rows(GROUPS)) == 5 * written
        assert len(models.rows(MEMBERS)) == 5 * written
        assert sum(r["activities"] for r in models.rows(ACTIVITY_REPORT)) == written
        report = httpx.get(f"{survivors[0]}/api/reports/kims?level=province", timeout=30).json()
        assert sum(r["kims"] for r in report["rows"]) == written
        models.close()
        store.close()
    finally:
        writer.halt.set()
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
