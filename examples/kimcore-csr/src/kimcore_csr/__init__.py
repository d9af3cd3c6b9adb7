"""A kimcore plugin: companies' CSR programmes for KIMs.

It registers, through kimcore's hooks only:

- the ``csr`` partnership type (:data:`CSR`), with its terms and rules;
- a kind of aggregate of its own, the CSR programme (:data:`PROGRAMME`): the
  commands :class:`OpenCsrProgramme`, :class:`DisburseCsrFunds` and
  :class:`CloseCsrProgramme`, their events, and the decider that turns one
  into the other;
- a read model of its programmes (:class:`CsrProgrammes`, table ``csr_programmes``),
  which ``kimcore serve`` and ``kimcore project`` keep like kimcore's own;
- an HTTP route, ``GET /api/csr/totals`` (:mod:`kimcore_csr.routes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kimcore import hookimpl
from kimcore.domain.deciders import Decider
from kimcore.domain.partnership_types import PartnershipType
from kimcore.events.base import Event
from kimcore.projections import ReadModel
from kimcore_csr import partnership, programme, read_model
from kimcore_csr.partnership import *  # noqa: F403 - the partnership type, as its module lists it
from kimcore_csr.partnership import CSR
from kimcore_csr.programme import *  # noqa: F403 - the programme, as its module lists it
from kimcore_csr.programme import EVENTS, PROGRAMME
from kimcore_csr.read_model import *  # noqa: F403 - the read model, as its module lists it
from kimcore_csr.read_model import CsrProgrammes

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

__all__ = [
    "kimcore_deciders",
    "kimcore_event_types",
    "kimcore_partnership_types",
    "kimcore_read_models",
    "kimcore_routes",
]
__all__ += partnership.__all__
__all__ += programme.__all__
__all__ += read_model.__all__


@hookimpl
def kimcore_partnership_types() -> Iterator[PartnershipType]:
    """The csr partnership type."""
    yield CSR


@hookimpl
def kimcore_event_types() -> Iterator[type[Event]]:
    """The CSR programme's events."""
    yield from EVENTS


@hookimpl
def kimcore_deciders() -> Iterator[Decider]:
    """The CSR programme's decider."""
    yield PROGRAMME


@hookimpl
def kimcore_read_models() -> Iterator[ReadModel]:
    """The CSR programmes' read model."""
    yield CsrProgrammes()


@hookimpl
def kimcore_routes() -> Iterator[BaseRoute]:
    """``GET /api/csr/totals`` (Starlette only now: the web extra is needed only to serve)."""
    from kimcore_csr.routes import ROUTES  # noqa: PLC0415

    yield from ROUTES
