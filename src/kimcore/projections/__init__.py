"""Projections, as a user meets them: read models in tables, sinks to other apps, the runner.

This package only gathers them under one name. They live where the layers put them: the read models
and the tables they declare are the domain's views
([`kimcore.domain.views`][kimcore.domain.views]); the projectors that run them (one projection:
[`Projector`][kimcore.projections.Projector]; many in one pass:
[`OnePassProjector`][kimcore.projections.OnePassProjector]; in the background, one process per
projection: [`ProjectionRunner`][kimcore.projections.ProjectionRunner]), and the ports they run
on, are application code (`kimcore.application.projector`, `kimcore.application.one_pass`,
`kimcore.application.runner`, `kimcore.application.ports.models`); model stores and sinks are
adapters (`kimcore.adapters.models_memory`, `models_sqlite`, `models_postgres`, `sinks`).
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_postgres import PostgresModels
from kimcore.adapters.models_sqlite import SqliteModels
from kimcore.application.one_pass import OnePassProjector, handled_types
from kimcore.application.ports.models import Lease, ModelStore, Sink
from kimcore.application.projector import Projector
from kimcore.application.runner import ProjectionHealth, ProjectionRunner
from kimcore.domain.views import (
    ActivityReport,
    ForumDirectory,
    GroupRegistry,
    PartnershipRegistry,
    portal_models,
)
from kimcore.domain.views.query import COUNT_CAP, Page, Query, facet_rows, query_rows
from kimcore.domain.views.tables import Column, ReadModel, Row, Table, Tables
from kimcore.domain.views.tally import Measure, Tally

__all__ = [
    "COUNT_CAP",
    "ActivityReport",
    "Column",
    "ForumDirectory",
    "GroupRegistry",
    "Lease",
    "Measure",
    "MemoryModels",
    "ModelStore",
    "OnePassProjector",
    "Page",
    "PartnershipRegistry",
    "PostgresModels",
    "ProjectionHealth",
    "ProjectionRunner",
    "Projector",
    "Query",
    "ReadModel",
    "Row",
    "Sink",
    "SqliteModels",
    "Table",
    "Tables",
    "Tally",
    "facet_rows",
    "handled_types",
    "portal_models",
    "query_rows",
]

# Names listed in another face since #24 answer from there, with a warning, until 0.3.
__getattr__ = _deprecated.old_names(__name__)
