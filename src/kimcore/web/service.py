"""What the HTTP service runs on: the store, the application, the read models kept current.

A [`Service`][kimcore.web.service.Service] owns one store. It answers as soon as it starts: a
[`ProjectionRunner`][kimcore.projections.ProjectionRunner] makes the read models' tables and
follows the log in the background, in one pass, for the read models whose lease this process
holds (several processes on one store share the work; each read model is projected by one of
them). Reads answer from the tables as they are, and each answer says how far its read model is
behind the head of the log ([`Freshness`][kimcore.web.service.Freshness]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kimcore.adapters.beside import models_beside, own_connection
from kimcore.adapters.export import stored_line
from kimcore.application.one_pass import OnePassProjector
from kimcore.application.ports.store import EventStore
from kimcore.application.runner import ProjectionRunner
from kimcore.application.service import Application
from kimcore.domain.policy import Policy
from kimcore.domain.views.query import Page, Query
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.tables import ReadModel, Table
from kimcore.events.envelope import StoredEvent
from kimcore.plugins import Plugins, get_plugins
from kimcore.reporting import AsOf, ReportTable, region_names, region_names_mark, tally_report
from kimcore.spreadsheets import Limits
from kimcore.vocabulary.errors import InvalidValue
from kimcore.web._report_cache import ReportCache
from kimcore.web.access import Tokens
from kimcore.web.aio import AsyncSide
from kimcore.wire import command_types

__all__ = ["BEHIND_CAP", "Freshness", "Service"]

# Where the region names last moved (`region_names_mark`): names read at one are kept.
NameMarks = tuple[int | None, ...]

# Counting how far behind stops here: a read model rebuilding says "at least this many".
BEHIND_CAP = 10_000


@attrs.frozen
class Freshness:
    """How far a read model is behind the log.

    ``checkpoint``: the log position it has reached; ``head``: the log's last position;
    ``behind``: how many events it has still to project (0: current), counted up to
    `BEHIND_CAP`.
    """

    checkpoint: int
    head: int
    behind: int

    @classmethod
    def of(cls, store: EventStore, checkpoint: int) -> Freshness:
        """How far a read model at *checkpoint* is behind *store*'s log now."""
        head = store.head_position()
        behind = store.count_after(checkpoint, BEHIND_CAP) if head > checkpoint else 0
        return cls(checkpoint, head, behind)

    def fields(self) -> dict[str, int]:
        """As an answer's JSON fields."""
        return {"checkpoint": self.checkpoint, "head": self.head, "behind": self.behind}

    def headers(self) -> dict[str, str]:
        """As an answer's headers (``Kimcore-Checkpoint``, ``Kimcore-Head``, ``Kimcore-Behind``)."""
        return {
            "Kimcore-Checkpoint": str(self.checkpoint),
            "Kimcore-Head": str(self.head),
            "Kimcore-Behind": str(self.behind),
        }


class Service:
    """The store, its application and its read models, as the HTTP routes use them."""

    def __init__(
        self,
        store: EventStore,
        *,
        tokens: Tokens | None = None,
        private_reads: bool = False,
        poll: float = 0.5,
        limits: Limits | None = None,
        plugins: Plugins | None = None,
        policy: Policy | None = None,
    ) -> None:
        plugins = plugins or get_plugins()
        self.plugins = plugins
        # The bounds of an upload (docs/http.md#security).
        self.limits = limits or Limits.from_env()
        self.store = store
        self.codec = plugins.codec()
        self.catalogue = plugins.catalogue()
        self.app = Application(store, codec=self.codec, policy=policy)
        self.aio = AsyncSide(self.app, poll=poll)
        self.tokens = tokens or Tokens()
        self.private_reads = private_reads
        self.poll = poll
        self.commands = command_types(self.app.deciders)
        self.models = models_beside(store)
        self.techniques = tuple(self.catalogue.techniques.values())
        # kimcore's own read models come through the plugin hook as a plugin's do.
        self.read_models: dict[str, ReadModel] = {m.name: m for m in plugins.read_models()}
        facts = [m for m in self.read_models.values() if isinstance(m, ReportFacts)]
        self.facts = facts[0] if facts else None
        # The region names a report last read, with the mark they were read at.
        self._names: dict[bool, tuple[NameMarks, Mapping[str, str]]] = {}
        # The live reports last counted, and their last answers compressed.
        self.reports = ReportCache()
        self.tables: dict[str, tuple[ReadModel, Table]] = {
            table.name: (model, table)
            for model in self.read_models.values()
            for table in model.tables
        }
        self.runner = ProjectionRunner(
            OnePassProjector(
                store,
                self.read_models.values(),
                own_connection(self.models),
                codec=self.codec,
                poll=poll,
            )
        )

    # -- read models --------------------------------------------------------------

    def start(self) -> None:
        """Make the read models' tables and follow the log in the background; returns at once."""
        self.runner.start()

    def stop(self) -> None:
        """Stop following the log, and close the read models and the store."""
        self.runner.stop()
        if self.runner.models is not self.models:
            self.runner.models.close()
        self.models.close()
        self.store.close()

    def checkpoint(self, table: str | Table) -> int:
        """The log position the read model holding *table* (a `Table` or its name) has reached."""
        model, _ = self.tables[table.name if isinstance(table, Table) else table]
        return self.models.checkpoint(model.name)

    def freshness(self, table: str | Table) -> Freshness:
        """How far the read model holding *table* (a `Table` or its name) is behind the log."""
        return Freshness.of(self.store, self.checkpoint(table))

    def health(self) -> dict[str, Any]:
        """Every read model's checkpoint and lag, its state in this process, and its error.

        ``error`` is why it stopped, whichever process projects it (noted in the model
        store). ``status`` is ``degraded`` while a read model is stopped (it raised; it is
        retried), else ``ok``.
        """
        head = self.store.head_position()
        found = []
        for health in self.runner.health():
            fresh = Freshness.of(self.store, self.models.checkpoint(health.name))
            found.append(
                {
                    "name": health.name,
                    "state": health.state,
                    **fresh.fields(),
                    "error": health.error or self.models.failure(health.name),
                    "failures": health.failures,
                    "retry_in": None if health.retry_in is None else round(health.retry_in, 1),
                }
            )
        stopped = any(r["error"] is not None for r in found)
        return {"status": "degraded" if stopped else "ok", "head": head, "read_models": found}

    def rows(self, table: str, where: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows of a read-model table (those whose columns hold *where*'s values)."""
        _, found = self.tables[table]
        return self.models.rows(found, where)

    def query(self, query: Query) -> Page:
        """A page of a read-model table (`ModelStore.query`)."""
        return self.models.query(query)

    def lines(self, stored: Sequence[StoredEvent], *, personal: bool) -> list[dict[str, Any]]:
        """*stored* decoded as the log's JSON lines; personal fields opened only if *personal*.

        The keys are fetched once for them all; a forgotten subject's fields read redacted.
        """
        keys = self.app.repository.prefetch_keys(stored) if personal else None
        return [stored_line(self.codec, s, keys) for s in stored]

    # -- reports ------------------------------------------------------------------

    def report(self, name: str, level: str, as_of: AsOf) -> tuple[ReportTable, Freshness]:
        """The report now or as of *as_of*, counted in SQL from the live report facts.

        A report as of any past moment is a query over the facts' versions, not a replay;
        with the facts behind the log it counts what they hold (the freshness says so).
        """
        if self.facts is None:
            raise InvalidValue("report", "no report facts are kept (their plugin is disabled)")
        facts = self.facts.name
        villages = level == "village"
        name_marks = self._name_marks(villages=villages)

        def count() -> ReportTable:
            names = self._region_names(villages=villages, marks=name_marks)
            return tally_report(
                self.models, name, level=level, as_of=as_of, facts=facts, names=names
            )

        if as_of is not None:
            table = count()
        else:
            # The live report changes only when the facts or the names move (`_report_cache`).
            marks = (self.models.checkpoint(facts), name_marks)
            table = self.reports.table((name, level), marks, count)
        return table, self.freshness(self.facts.tables[0].name)

    def _region_names(self, *, villages: bool, marks: NameMarks) -> Mapping[str, str]:
        """`region_names`, read again only once a name may have changed (`region_names_mark`).

        *marks* are `_name_marks`' now. Reading the names is most of a live report's time
        (the nation's 9,000 forums), and a write seldom changes one.
        """
        held = self._names.get(villages)
        if held is not None and held[0] == marks:
            return held[1]
        names = region_names(self.models, self.catalogue.regions, villages=villages)
        self._names[villages] = (marks, names)
        return names

    def _name_marks(self, *, villages: bool) -> NameMarks:
        """Where the region names a report reads last moved (`region_names_mark`)."""
        return region_names_mark(self.models, villages=villages)
