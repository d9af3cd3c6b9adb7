"""``GET /api/csr/totals``: each company's programmes, budget and disbursement, counted in SQL.

Registered through ``kimcore_routes``; Starlette is imported here, and this module only when
the HTTP service is made (``kimcore[web]``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kimcore.projections import Measure, Tally
from kimcore.web.http import json_response, reader
from kimcore_csr.read_model import PROGRAMMES

__all__ = ["ROUTES", "totals"]


def totals(request: Request) -> Response:
    """Each company's programmes, budget and disbursed rupiah (``?status=open|closed``)."""
    service = reader(request)  # the service, once the request may read
    status = request.query_params.get("status")
    query = Tally(
        table=PROGRAMMES,
        by=("company",),
        measures=(
            Measure.rows("programmes"),
            Measure.sum("budget_idr", "budget_idr"),
            Measure.sum("disbursed_idr", "disbursed_idr"),
        ),
        where={"status": status} if status else {},
    )
    rows = sorted(service.models.tally(query), key=lambda row: row["company"])
    fresh = service.freshness(PROGRAMMES.name)
    return json_response({**fresh.fields(), "companies": rows}, headers=fresh.headers())


ROUTES = [Route("/api/csr/totals", totals, name="csr_totals")]
