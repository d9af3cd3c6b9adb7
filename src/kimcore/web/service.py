"""What the HTTP service runs on: the store, the application, the read models kept current.

A [`Service`][kimcore.web.service.Service] owns one store. While it runs, a
thread per portal read model follows the log (a live
[`Projector`][kimcore.projections.Projector]), so reads answer from tables
that are at most a poll behind the log; each answer says the position its
read model has reached (``checkpoint``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

from kimcore.adapters.beside import models_beside
from kimcore.adapters.export import stored_line
from kimcore.application.ports.store import EventStore
from kimcore.application.projector import Projector
from kimcore.application.service import Application
from kimcore.domain.views import portal_models
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.tables import ReadModel, Table
from kimcore.events.envelope import StoredEvent
from kimcore.plugins import get_plugins
from kimcore.reporting import AsOf, ReportTable, build_report, report_named
from kimcore.web.access import Tokens
from kimcore.wire import command_types

__all__ = ["Service"]

_log = logging.getLogger("kimcore.web")


class Service:
    """The store, its application and its read models, as the HTTP routes use them."""

    def __init__(
        self,
        store: EventStore,
        *,
        tokens: Tokens | None = None,
        private_reads: bool = False,
        poll: float = 0.5,
    ) -> None:
        plugins = get_plugins()
        self.store = store
        self.codec = plugins.codec()
        self.catalogue = plugins.catalogue()
        self.app = Application(store, codec=self.codec)
        self.tokens = tokens or Tokens()
        self.private_reads = private_reads
        self.poll = poll
        self.commands = command_types(self.app.deciders)
        self.models = models_beside(store)
        self.techniques = tuple(self.catalogue.techniques.values())
        self.facts = ReportFacts(self.techniques)
        self.read_models: dict[str, ReadModel] = {m.name: m for m in (*portal_models(), self.facts)}
        self.tables: dict[str, tuple[ReadModel, Table]] = {
            table.name: (model, table)
            for model in self.read_models.values()
            for table in model.tables
        }
        self._projectors: list[Projector] = []
        self._threads: list[threading.Thread] = []
        self._reports: OrderedDict[tuple[Any, ...], ReportTable] = OrderedDict()
        self._reports_lock = threading.Lock()

    # -- read models --------------------------------------------------------------

    def start(self) -> None:
        """Catch every read model up with the log, then follow it in the background."""
        for model in self.read_models.values():
            projector = Projector(self.store, model, self.models, codec=self.codec, poll=self.poll)
            projector.run(live=False)
            self._projectors.append(projector)
        for projector in self._projectors:
            thread = threading.Thread(
                target=self._follow,
                args=(projector,),
                name=f"kimcore-{projector.name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    @staticmethod
    def _follow(projector: Projector) -> None:
        try:
            projector.run(live=True)
        except Exception:  # a read model that fails stops; the service says so and goes on
            _log.exception("read model %r stopped following the log", projector.name)

    def stop(self) -> None:
        """Stop following the log, and close the read models and the store."""
        for projector in self._projectors:
            projector.stop()
        for thread in self._threads:
            thread.join(timeout=10)
        self.models.close()
        self.store.close()

    def checkpoint(self, table: str) -> int:
        """The log position the read model holding *table* has reached."""
        model, _ = self.tables[table]
        return self.models.checkpoint(model.name)

    def rows(self, table: str, where: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows of a read-model table (those whose columns hold *where*'s values)."""
        _, found = self.tables[table]
        return self.models.rows(found, where)

    def lines(self, stored: Sequence[StoredEvent], *, personal: bool) -> list[dict[str, Any]]:
        """*stored* decoded as the log's JSON lines; personal fields opened only if *personal*.

        The keys are fetched once for them all; a forgotten subject's fields read redacted.
        """
        keys = self.app.repository.prefetch_keys(stored) if personal else None
        return [stored_line(self.codec, s, keys) for s in stored]

    # -- reports ------------------------------------------------------------------

    def report(self, name: str, level: str, as_of: AsOf) -> ReportTable:
        """The report now, from the live report facts; or as of *as_of*, from the log.

        A past report is computed afresh from the log (and kept: the same question
        at the same head of the log is answered again from memory).
        """
        if as_of is None:
            found = report_named(name)
            checkpoint = self.models.checkpoint(self.facts.name)
            rows = found.rows(self.models.rows, level)
            return ReportTable(
                report=found, level=level, as_of=checkpoint, events_read=checkpoint, rows=rows
            )
        key = (name, level, as_of, self.store.head_position())
        with self._reports_lock:
            if key in self._reports:
                self._reports.move_to_end(key)
                return self._reports[key]
        table = build_report(
            self.store,
            name,
            level=level,
            as_of=as_of,
            codec=self.codec,
            techniques=self.techniques,
        )
        with self._reports_lock:
            self._reports[key] = table
            while len(self._reports) > 32:
                self._reports.popitem(last=False)
        return table
