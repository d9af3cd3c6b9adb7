"""Errors of projections, read models and sinks.

::

    ProjectionError             a projection could not run
    ├── ReadModelError          a table, row or query does not fit the declared tables
    └── DeliveryFailed          a sink could not hand events over (they come again)
"""

from __future__ import annotations

__all__ = ["DeliveryFailed", "ProjectionError", "ReadModelError"]


class ProjectionError(Exception):
    """A projection could not run."""


class ReadModelError(ProjectionError, ValueError):
    """A table, row or query does not fit the declared tables (the message names it)."""


class DeliveryFailed(ProjectionError):
    """A sink could not hand events over; its checkpoint did not move, so they come again."""
