"""The peer side: the same workloads written the way `eventsourcing` 9.5 asks.

An ``Aggregate`` with ``@event`` methods, an ``Application`` on the library's own
SQLite or PostgreSQL persistence module, ``repository.get`` to load, and the
notification log with ``mapper.to_domain_event`` to read everything. The group
keeps the same rules kimcore's W1 checks on every join (no member twice, at most
30), and members carry the same fields as kimcore's ``MemberDetails``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import workloads as w
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import JSONTranscoder, Transcoding

MAXIMUM = 30


class DateAsISO(Transcoding):
    """A ``date`` as its ISO text: eventsourcing ships a datetime transcoding, not a date one."""

    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


def member(group: int, n: int) -> dict[str, Any]:
    """The member kimcore's workload records, as the plain dict an eventsourcing user would keep."""
    details = w.person(group, n)
    return {
        "member_id": details.member_id,
        "name": details.name,
        "contact": details.contact,
        "category": details.category.value,
        "kind": details.kind.value,
    }


class Group(Aggregate):
    """A KIM: formed with its founders, joined one member at a time."""

    @staticmethod
    def create_id(group_id: uuid.UUID, **_: Any) -> uuid.UUID:  # type: ignore[override]
        return group_id

    @event("Formed")
    def __init__(
        self,
        group_id: uuid.UUID,
        name: str,
        region_code: str,
        region_name: str,
        founders: list[dict[str, Any]],
        formed_on: dt.date,
    ) -> None:
        self.name = name
        self.region_code = region_code
        self.region_name = region_name
        self.formed_on = formed_on
        self.members = {m["member_id"]: m for m in founders}

    def join(self, details: dict[str, Any], joined_on: dt.date) -> None:
        if details["member_id"] in self.members:
            raise ValueError("already a member")
        if len(self.members) >= MAXIMUM:
            raise ValueError("the group is full")
        self._joined(details, joined_on)

    @event("MemberJoined")
    def _joined(self, details: dict[str, Any], joined_on: dt.date) -> None:
        self.members[details["member_id"]] = details


class KimApplication(Application[uuid.UUID]):
    """The command handlers: form, and join (load, decide, save)."""

    log_section_size = 1000

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    @staticmethod
    def formed(group: int) -> Group:
        """The group as its founder forms it, not yet saved."""
        region = w.VILLAGES[group % len(w.VILLAGES)]
        return Group(
            group_id=w.group_id(group),
            name=f"KIM {group}",
            region_code=region.code,
            region_name=region.name,
            founders=[member(group, 0)],
            formed_on=w.D0,
        )

    def form(self, group: int) -> None:
        self.save(self.formed(group))

    def join(self, group: int, n: int) -> None:
        aggregate = self.repository.get(w.group_id(group))
        aggregate.join(member(group, n), w.D0)
        self.save(aggregate)

    def whole_group(self, group: int) -> Group:
        """W2's unit of work: a group formed and joined by nine, saved at once."""
        aggregate = self.formed(group)
        for n in range(1, 10):
            aggregate.join(member(group, n), w.D0)
        return aggregate


def application(url: str) -> KimApplication:
    """The application on eventsourcing's SQLite or PostgreSQL module, from a benchmark URL."""
    base, _, query = url.partition("?")
    if base.startswith("sqlite"):
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": base.removeprefix("sqlite:///"),
        }
    else:
        params = dict(p.split("=") for p in query.split("&") if p)
        rest = base.removeprefix("postgresql://")
        user, _, hostdb = rest.partition("@")
        host, _, dbname = hostdb.partition("/")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": host.partition(":")[0],
            "POSTGRES_PORT": host.partition(":")[2] or "5432",
            "POSTGRES_USER": user,
            "POSTGRES_PASSWORD": "",
            "POSTGRES_SCHEMA": params["schema"],
        }
    return KimApplication(env=env)


def _open(url: str) -> KimApplication:
    """The application, its schema and tables made first; W5's writers take turns at that."""
    base, _, query = url.partition("?")
    if base.startswith("sqlite"):
        return application(url)
    import psycopg  # noqa: PLC0415

    schema = dict(p.split("=") for p in query.split("&") if p)["schema"]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (schema,))
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        return application(url)


def run(workload: str, url: str, groups: range) -> int:
    """One workload on the peer; returns what it counted."""
    app = _open(url)
    count = 0
    if workload in ("W1", "W5"):
        for g in groups:
            app.form(g)
            for n in range(1, 10):
                app.join(g, n)
            count += 10
    elif workload == "W2":
        for g in groups:
            app.save(app.whole_group(g))
            count += 10
    elif workload == "W3":
        for g in groups:
            aggregate = app.repository.get(w.group_id(g))
            assert len(aggregate.members) == 10
            count += 1
    else:
        per_village: Counter[str] = Counter()
        village_of: dict[uuid.UUID, str] = {}
        start = 1
        while notifications := app.notification_log.select(start, 1000):
            for notification in notifications:
                domain_event = app.mapper.to_domain_event(notification)
                if isinstance(domain_event, Group.Formed):
                    village_of[domain_event.originator_id] = domain_event.region_code  # type: ignore[attr-defined]
                    per_village[domain_event.region_code] += len(domain_event.founders)  # type: ignore[attr-defined]
                else:
                    per_village[village_of[domain_event.originator_id]] += 1
                count += 1
            start = notifications[-1].id + 1
        assert sum(per_village.values()) == count
    app.close()
    return count
