"""What the office's page shows besides its tables: the charts, the reports, when it was updated.

The page only calls these; each returns HTML to put in it. The charts are inline SVG drawn by
[`kimcore.web.charts`][kimcore.web.charts] (no script, no external file), each with links to
its picture and its data; the reports are links to ``/api/reports/{name}`` in every format.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import urlencode

from kimcore.domain.views.reports import REPORTS
from kimcore.web.charts import CHARTS, LEVEL_OF, chart_data, draw, region_names
from kimcore.web.service import Freshness, Service

__all__ = ["charts_section", "reports_section", "updated"]


def _query(region: str, **more: str) -> str:
    params = {**more, **({"region": region} if region else {})}
    return f"?{urlencode(params)}" if params else ""


def charts_section(service: Service, region: str = "", root: str = "") -> str:
    """The four charts for *region* (everywhere if empty), each a figure with its links.

    *root*: the prefix the app is mounted under, for the links (nothing at the root).
    """
    figures = []
    names = region_names(service)
    for name, (title_id, title, _) in CHARTS.items():
        data = chart_data(service, name, region, names)
        query = escape(_query(region))
        figures.append(
            f'<figure aria-labelledby="chart-{name}">{draw(data)}'
            f'<figcaption id="chart-{name}">{escape(title_id)}'
            f' <span class="en" lang="en">({escape(title)})</span> ·'
            f' <a href="{root}/api/charts/{name}.svg{query}">gambar <span lang="en">(SVG)</span>'
            f'</a> · <a href="{root}/api/charts/{name}{query}">data <span lang="en">(JSON)</span>'
            "</a>"
            "</figcaption></figure>"
        )
    return (
        '<section aria-labelledby="charts-h"><h2 id="charts-h">Sekilas'
        ' <span class="en" lang="en">(at a glance)</span></h2>'
        f'<div class="charts">{"".join(figures)}</div></section>'
    )


def reports_section(region: str = "", root: str = "") -> str:
    """Links to every report, counted one level below *region*, as XLSX, CSV and JSON.

    *root*: the prefix the app is mounted under, as for `charts_section`.
    """
    parts = region.count(".") + 2 if region else 2
    level = LEVEL_OF[min(parts, 4)]
    items = []
    for report in REPORTS.values():
        href = f"{root}/api/reports/{report.name}"
        links = " · ".join(
            f'<a href="{href}{escape(_query(region, level=level, format=fmt, lang="id"))}">'
            f"{fmt.upper()}</a>"
            for fmt in ("xlsx", "csv", "json")
        )
        items.append(
            f"<li>{escape(report.title_id)} <span class=en lang=en>({escape(report.title)})"
            f"</span>: {links}</li>"
        )
    return (
        '<section aria-labelledby="reports-h"><h2 id="reports-h">Laporan'
        ' <span class="en" lang="en">(reports)</span></h2>'
        f'<ul class="reports">{"".join(items)}</ul></section>'
    )


def updated(service: Service, fresh: Freshness) -> str:
    """When the data shown was last updated, and how many events are still to come, in words.

    A log position means nothing to an office (on PostgreSQL it carries a transaction id):
    the page says the time the last event it shows was recorded instead.
    """
    if fresh.checkpoint == 0:
        return "Belum ada data <span lang=en>(no data yet)</span>"
    last = service.store.read_all(fresh.checkpoint - 1, 1)
    when = "—"
    if last and last[0].position == fresh.checkpoint:
        when = last[0].recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    words = f"Data diperbarui {when} <span lang=en>(updated {when})</span>"
    if fresh.behind:
        count = f"{fresh.behind:,}".replace(",", ".")
        words += (
            f" · {count} peristiwa belum tampil <span lang=en>({count} events not yet shown)</span>"
        )
    return words
