"""Projections, as a user meets them: read models in tables, sinks to other apps, the runner.

This package only gathers them under one name. They live where the layers put them: the read models
and the tables they declare are the domain's views
([`kimcore.domain.views`][kimcore.domain.views]); the [`Projector`][kimcore.projections.Projector]
that runs them, and the ports it runs on, are application code (`kimcore.application.projector`,
`kimcore.application.ports.models`); model stores and sinks are adapters
(`kimcore.adapters.models_memory`, `kimcore.adapters.models_sql`, `kimcore.adapters.sinks`).
"""

from __future__ import annotations

from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_sql import PostgresModels, SqliteModels
from kimcore.application.ports.models import ModelStore, Sink
from kimcore.application.projector import Projector
from kimcore.domain.views import (
    ActivityReport,
    ForumDirectory,
    GroupRegistry,
    PartnershipRegistry,
    portal_models,
)
from kimcore.domain.views.tables import Column, ReadModel, Row, Table, Tables
from kimcore.vocabulary.errors import DeliveryFailed, ProjectionError, ReadModelError

__all__ = [
    "ActivityReport",
    "Column",
    "DeliveryFailed",
    "ForumDirectory",
    "GroupRegistry",
    "MemoryModels",
    "ModelStore",
    "PartnershipRegistry",
    "PostgresModels",
    "ProjectionError",
    "Projector",
    "ReadModel",
    "ReadModelError",
    "Row",
    "Sink",
    "SqliteModels",
    "Table",
    "Tables",
    "portal_models",
]
