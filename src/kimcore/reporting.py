"""Reports as of any date or log position, from the log alone, and the files an office uses.

```python
table = kimcore.reporting.build_report(store, "kims", level="district", as_of=date(2024, 12, 31))
kimcore.reporting.write_csv(table, sys.stdout, lang="id")
```

*as_of* is a date (the events recorded on or before that day, UTC: what the
office's records held at its end) or a log position (the events up to and
including it). The facts are projected afresh from the log for each report,
so a report of any past moment is the report of that moment, never of a
read model that has moved on since.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import attrs

from kimcore.adapters.models_memory import MemoryModels
from kimcore.application.ports.store import EventStore
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, Technique
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.reports import REPORTS, Report, region_at
from kimcore.events.codec import Codec
from kimcore.spreadsheets import write_xlsx as _write_sheet
from kimcore.vocabulary.errors import InvalidValue

__all__ = [
    "ReportTable",
    "build_report",
    "parse_as_of",
    "report_named",
    "write_csv",
    "write_json",
    "write_xlsx",
]

AsOf = dt.date | int | None


@attrs.frozen
class ReportTable:
    """A report's rows as of a moment, with what it was computed from."""

    report: Report
    level: str
    as_of: AsOf
    events_read: int  # the events the facts were projected from
    rows: list[dict[str, Any]]

    def headings(self, lang: str = "en") -> list[str]:
        """The column headings: the column names, or the Indonesian headings (``lang="id"``)."""
        if lang not in ("en", "id"):
            raise InvalidValue("lang", f"must be 'en' or 'id', got {lang!r}")
        return [c.heading_id if lang == "id" else c.name for c in self.report.columns]


def parse_as_of(text: str | None) -> AsOf:
    """``YYYY-MM-DD`` as a date, digits as a log position, nothing as now."""
    if text is None or text == "":
        return None
    if text.isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            "as_of", f"must be a date (YYYY-MM-DD) or a position, got {text!r}"
        ) from None


def _included(as_of: AsOf) -> Callable[[int, dt.datetime], bool]:
    if as_of is None:
        return lambda _position, _at: True
    if isinstance(as_of, int) and not isinstance(as_of, bool):
        if as_of < 0:
            raise InvalidValue("as_of", f"a position must be >= 0, got {as_of}")
        return lambda position, _at: position <= as_of
    if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
        end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        return lambda _position, at: at < end
    raise InvalidValue("as_of", f"must be a date, a position or None, got {as_of!r}")


def project_facts(
    store: EventStore,
    *,
    as_of: AsOf = None,
    codec: Codec | None = None,
    techniques: tuple[Technique, ...] = BUILTIN_TECHNIQUES,
    page_size: int = 1000,
    on_page: Callable[[int], None] | None = None,
) -> tuple[MemoryModels, int]:
    """The report facts of the events *as_of* includes, and how many events that was."""
    included = _included(as_of)
    codec = codec or Codec()
    facts = ReportFacts(techniques)
    models = MemoryModels()
    models.prepare(facts.name, facts.version, facts.tables)
    after, count = 0, 0
    while page := store.read_all(after, page_size):
        with models.transaction(facts.name) as tx:
            for stored in page:
                if included(stored.position, stored.recorded_at):
                    facts.apply(tx, codec.decode(stored, None))
                    count += 1
            tx.advance(page[-1].position)
        after = page[-1].position
        if on_page is not None:
            on_page(after)
        if isinstance(as_of, int) and after >= as_of:
            break
    return models, count


def report_named(name: str) -> Report:
    """The report called *name*, or ``InvalidValue`` naming ``report`` and the known ones."""
    report = REPORTS.get(name)
    if report is None:
        raise InvalidValue("report", f"must be one of {', '.join(REPORTS)}, got {name!r}")
    return report


def build_report(
    store: EventStore,
    name: str,
    *,
    level: str = "regency",
    as_of: AsOf = None,
    codec: Codec | None = None,
    techniques: tuple[Technique, ...] = BUILTIN_TECHNIQUES,
    on_page: Callable[[int], None] | None = None,
) -> ReportTable:
    """The report *name* at *level* as of *as_of* (see the module), from the log alone."""
    report = report_named(name)
    region_at("", level)
    models, count = project_facts(
        store, as_of=as_of, codec=codec, techniques=techniques, on_page=on_page
    )
    rows = report.rows(models.rows, level)
    models.close()
    return ReportTable(report=report, level=level, as_of=as_of, events_read=count, rows=rows)


def write_csv(table: ReportTable, out: IO[str], *, lang: str = "en") -> None:
    """The report as CSV: one heading row, then a row per line of the report."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headings(lang))
    names = [c.name for c in table.report.columns]
    for row in table.rows:
        writer.writerow([row[name] for name in names])


def write_json(table: ReportTable, out: IO[str], *, lang: str = "en") -> None:
    """The report as one JSON document: what it is, as of when, its columns and rows."""
    as_of = table.as_of.isoformat() if isinstance(table.as_of, dt.date) else table.as_of
    document = {
        "report": table.report.name,
        "title": table.report.title_id if lang == "id" else table.report.title,
        "level": table.level,
        "as_of": as_of,
        "events_read": table.events_read,
        "columns": [
            {
                "name": c.name,
                "type": c.type,
                "heading": heading,
                "meaning": c.meaning,
            }
            for c, heading in zip(table.report.columns, table.headings(lang), strict=True)
        ],
        "rows": table.rows,
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_xlsx(table: ReportTable, out: Path | IO[bytes], *, lang: str = "en") -> None:
    """The report as an XLSX workbook of one sheet named after it; counts stay numbers."""
    names = [c.name for c in table.report.columns]
    title = table.report.title_id if lang == "id" else table.report.title
    _write_sheet(out, title, table.headings(lang), ([row[n] for n in names] for row in table.rows))
