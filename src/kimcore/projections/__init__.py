"""Projections: read models in tables, sinks to other apps, and the runner for both."""

from __future__ import annotations

from kimcore.projections.errors import DeliveryFailed, ProjectionError, ReadModelError
from kimcore.projections.memory import MemoryModels
from kimcore.projections.port import Column, ModelStore, ReadModel, Row, Sink, Table, Tables
from kimcore.projections.read_models import (
    ActivityReport,
    ForumDirectory,
    GroupRegistry,
    PartnershipRegistry,
    portal_models,
)
from kimcore.projections.runner import Projector
from kimcore.projections.sql import PostgresModels, SqliteModels

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
