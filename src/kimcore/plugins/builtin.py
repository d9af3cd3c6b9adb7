"""kimcore's own plugin: what kimcore ships, registered through the public hooks.

Nothing here is special to the manager: a third-party plugin implements the
same hooks the same way (see ``docs/plugins.md`` and ``examples/kimcore-csr``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kimcore.adapters.kek import DEFAULT_ENV, Keyring, KeyWrapper, kek_from_env, kek_from_file
from kimcore.adapters.url import (
    open_async_memory,
    open_async_postgres,
    open_async_sqlite,
    open_memory,
    open_postgres,
    open_sqlite,
)
from kimcore.domain.builtin import BUILTIN_DECIDERS
from kimcore.domain.catalogue import BUILTIN_CHANNELS, BUILTIN_TECHNIQUES, Catalogue, Technique
from kimcore.domain.deciders import Decider
from kimcore.domain.partnership_types import BUILTIN_PARTNERSHIP_TYPES, PartnershipType
from kimcore.domain.views import portal_models
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.tables import ReadModel
from kimcore.events.base import Event
from kimcore.events.registry import BUILTIN_EVENT_TYPES
from kimcore.events.upcasting import BUILTIN_UPCASTERS
from kimcore.plugins.hookspecs import hookimpl
from kimcore.plugins.records import KekProvider, SinkType, StoreType, UpcasterStep
from kimcore.vocabulary.channels import Channel
from kimcore.vocabulary.errors import StoreError

if TYPE_CHECKING:
    from kimcore.application.ports.models import Sink

__all__: list[str] = []


@hookimpl
def kimcore_partnership_types() -> Iterator[PartnershipType]:
    """Analog-, regulation- and experience-based partnerships (the seed's three)."""
    yield from BUILTIN_PARTNERSHIP_TYPES


@hookimpl
def kimcore_techniques() -> Iterator[Technique]:
    """The seed's twelve techniques, from workshop to counselling."""
    yield from BUILTIN_TECHNIQUES


@hookimpl
def kimcore_channels() -> Iterator[Channel]:
    """The seed's analog and digital channels."""
    yield from BUILTIN_CHANNELS


@hookimpl
def kimcore_event_types() -> Iterator[type[Event]]:
    """Kimcore's own events."""
    yield from BUILTIN_EVENT_TYPES


@hookimpl
def kimcore_upcasters() -> Iterator[UpcasterStep]:
    """Steps from older schema versions of kimcore's own events."""
    for type_name, from_version, step in BUILTIN_UPCASTERS:
        yield UpcasterStep(type_name=type_name, from_version=from_version, step=step)


@hookimpl
def kimcore_store_types() -> Iterator[StoreType]:
    """The memory, SQLite and PostgreSQL stores."""
    yield StoreType(
        name="memory",
        schemes=("memory",),
        description="In this process's memory; for tests and demos.",
        open=open_memory,
        open_async=open_async_memory,
        wraps_keys=True,
    )
    yield StoreType(
        name="sqlite",
        schemes=("sqlite",),
        description="One SQLite file (WAL); the embedded default.",
        open=open_sqlite,
        open_async=open_async_sqlite,
        wraps_keys=True,
    )
    yield StoreType(
        name="postgresql",
        schemes=("postgresql", "postgres"),
        description="PostgreSQL 13+ via psycopg 3 (pip install 'kimcore[postgres]').",
        open=open_postgres,
        open_async=open_async_postgres,
        wraps_keys=True,
    )


# The sinks' modules (asyncio, urllib) load only when a sink is made.
def _jsonl(**options: Any) -> Sink:
    from kimcore.adapters.sinks.jsonl import JsonLinesSink  # noqa: PLC0415

    return JsonLinesSink(**options)


def _webhook(**options: Any) -> Sink:
    from kimcore.adapters.sinks.webhook import WebhookSink  # noqa: PLC0415

    return WebhookSink(**options)


def _nats(**options: Any) -> Sink:
    from kimcore.adapters.sinks.nats import NatsSink  # noqa: PLC0415

    return NatsSink(**options)


@hookimpl
def kimcore_sink_types() -> Iterator[SinkType]:
    """JSON Lines files, webhooks and NATS JetStream."""
    yield SinkType(
        name="jsonl",
        description="Appends each event to a JSON Lines file (path=...).",
        create=_jsonl,
    )
    yield SinkType(
        name="webhook",
        description="POSTs each event, HMAC-SHA256 signed, retried, dead-lettered (url=, secret=).",
        create=_webhook,
    )
    yield SinkType(
        name="nats",
        description="Publishes to NATS JetStream, de-duplicated by event id"
        " (pip install 'kimcore[nats]').",
        create=_nats,
    )


def _env_kek(name: str) -> KeyWrapper:
    variable = name or DEFAULT_ENV
    current = kek_from_env(variable)
    earlier = f"{variable}_PREVIOUS"
    if os.environ.get(earlier):
        return Keyring(current, [kek_from_env(earlier)])
    return current


def _file_kek(path: str) -> KeyWrapper:
    if not path:
        raise StoreError("kek=file:PATH names no file")
    return kek_from_file(path)


@hookimpl
def kimcore_kek_providers() -> Iterator[KekProvider]:
    """Key-encryption keys from an environment variable or a file."""
    yield KekProvider(
        name="env",
        description="kek=env:NAME: the KEK in environment variable NAME (default KIMCORE_KEK);"
        " NAME_PREVIOUS, if set, still unwraps during a rotation.",
        open=_env_kek,
    )
    yield KekProvider(
        name="file",
        description="kek=file:PATH: the KEK in a file only the service may read.",
        open=_file_kek,
    )


@hookimpl
def kimcore_deciders() -> Iterator[Decider]:
    """The group's and the forum's deciders."""
    yield from BUILTIN_DECIDERS


@hookimpl
def kimcore_read_models(catalogue: Catalogue) -> Iterator[ReadModel]:
    """The portal's read models, and the report facts counted by every known technique."""
    yield from portal_models()
    yield ReportFacts(tuple(catalogue.techniques.values()))
