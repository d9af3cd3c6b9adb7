"""Reports as of any date or log position, and the files an office uses.

```python
table = kimcore.reporting.build_report(store, "kims", level="district", as_of=date(2024, 12, 31))
kimcore.reporting.write_csv(table, sys.stdout, lang="id")
```

*as_of* is a date (what the office's records held at the end of that day, UTC: the log up to the
first event of the reports recorded after it) or a log position (the events up to and including
it). Two ways give the same report:

- [`build_report`][kimcore.reporting.build_report] replays the log up to the moment into fresh
  facts and counts them in Python: it needs nothing but the store (the plain way);
- [`tally_report`][kimcore.reporting.tally_report] counts the live report facts a service keeps
  (their versions true at the moment) in the model store, in SQL: a query, not a replay. Now,
  it reads the counts the facts keep up to date by region instead (the same rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from kimcore.adapters.models_memory import MemoryModels
from kimcore.application.one_pass import handled_types
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore
from kimcore.application.projector import Projector
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, Technique
from kimcore.domain.region_catalogue import RegionCatalogues
from kimcore.domain.views._names_moved import NAMES_MOVED_KEY
from kimcore.domain.views._report_counts import counted, counted_at, counted_on, kept
from kimcore.domain.views._report_days import remembered
from kimcore.domain.views.forums import FORUM_NAMES_MOVED, FORUMS, ForumDirectory
from kimcore.domain.views.groups import GROUP_NAMES_MOVED, GROUPS, GroupRegistry
from kimcore.domain.views.history import History
from kimcore.domain.views.report_facts import ReportFacts
from kimcore.domain.views.reports import REPORTS, Report, region_at
from kimcore.domain.views.tables import Row
from kimcore.domain.views.tally import Tally
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.reporting._files import (
    CHARTED,
    SHEETS_ID,
    chart_rows,
    report_document,
    write_csv,
    write_json,
    write_xlsx,
)
from kimcore.reporting._table import AsOf as AsOf  # the type of *as_of*, which callers name too
from kimcore.reporting._table import ReportTable
from kimcore.vocabulary.errors import InvalidValue

__all__ = [
    "CHARTED",
    "SHEETS_ID",
    "ReportTable",
    "build_report",
    "chart_rows",
    "parse_as_of",
    "project_facts",
    "region_names",
    "region_names_mark",
    "report_document",
    "report_named",
    "tally_report",
    "write_csv",
    "write_json",
    "write_xlsx",
]

# The last log position a store can hold (64 bits).
POSITION_MAX = 2**63 - 1


def parse_as_of(text: str | None) -> AsOf:
    """``YYYY-MM-DD`` as a date, digits as a log position, nothing as now."""
    if text is None or text == "":
        return None
    if text.isascii() and text.isdigit():
        position = int(text)
        if position > POSITION_MAX:
            raise InvalidValue("as_of", f"a position is at most {POSITION_MAX}, got {text}")
        return position
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            "as_of", f"must be a date (YYYY-MM-DD) or a position, got {text!r}"
        ) from None


def _checked(as_of: AsOf) -> AsOf:
    if as_of is None:
        return None
    if isinstance(as_of, int) and not isinstance(as_of, bool):
        if not 0 <= as_of <= POSITION_MAX:
            raise InvalidValue("as_of", f"a position must be from 0 to {POSITION_MAX}, got {as_of}")
        return as_of
    if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
        return as_of
    raise InvalidValue("as_of", f"must be a date, a position or None, got {as_of!r}")


def _stop_before(as_of: AsOf, facts: ReportFacts) -> Callable[[StoredEvent], bool] | None:
    """Where a replay as of *as_of* ends.

    After the position; or before the first event of the facts recorded after the day (the
    days of the facts' versions never go back).
    """
    as_of = _checked(as_of)
    if as_of is None:
        return None
    if isinstance(as_of, int):
        position = as_of
        return lambda stored: stored.position > position
    day = as_of
    names = handled_types(facts)
    return lambda stored: (
        (names is None or stored.event_type in names)
        and (stored.recorded_at.astimezone(dt.UTC).date() > day)
    )


def project_facts(
    store: EventStore,
    *,
    as_of: AsOf = None,
    codec: Codec | None = None,
    techniques: tuple[Technique, ...] = BUILTIN_TECHNIQUES,
    page_size: int = 1000,
    on_page: Callable[[int], None] | None = None,
) -> tuple[MemoryModels, int]:
    """The report facts of the log up to *as_of*, replayed afresh, and how many events that was.

    The facts' checkpoint (``models.checkpoint(ReportFacts.name)``) is the last position read.
    """
    facts = ReportFacts(techniques)
    stop = _stop_before(as_of, facts)
    models = MemoryModels()
    projector = Projector(store, facts, models, codec=codec, page_size=page_size, on_page=on_page)
    return models, projector.run(stop_before=stop)


def region_names(
    models: ModelStore | None = None,
    catalogues: RegionCatalogues | None = None,
    *,
    villages: bool = True,
) -> dict[str, str]:
    """Region names by code: a deployment's region catalogues', then the recorded ones.

    The recorded names are the portal's read models' (a forum's region and, with
    *villages*, each KIM's village: a report at village level needs them), where *models*
    keeps them; a read model not kept there names nothing.
    """
    names: dict[str, str] = {}
    for catalogue in catalogues.catalogues if catalogues is not None else ():
        names.update(catalogue.regions)
    if models is not None:
        kept = [(ForumDirectory.name, FORUMS)]
        if villages:
            kept.append((GroupRegistry.name, GROUPS))
        for model, table in kept:
            if models.checkpoint(model) == 0:
                continue  # never projected here: its table may not exist
            for row in models.rows(table):
                names.setdefault(str(row["region_code"]), str(row["region_name"]))
    return names


def region_names_mark(models: ModelStore, *, villages: bool = True) -> tuple[int | None, ...]:
    """Where the recorded names `region_names` reads last moved: equal marks, equal names.

    Each read model naming regions keeps the log position of the last event that wrote a
    region's code or name into its rows (`kimcore.domain.views._names_moved`); its checkpoint
    moves with every write, the mark only with a forum established, a KIM formed or its seat
    recoded. A model never projected here reads ``None``, as one that names nothing yet.
    """
    kept = [(ForumDirectory.name, FORUM_NAMES_MOVED)]
    if villages:
        kept.append((GroupRegistry.name, GROUP_NAMES_MOVED))
    marks: list[int | None] = []
    for model, table in kept:
        if models.checkpoint(model) == 0:
            marks.append(None)  # never projected here: its table may not exist
            continue
        rows = models.rows(table, {"what": NAMES_MOVED_KEY[0]})
        marks.append(int(rows[0]["position"]) if rows else None)
    return tuple(marks)


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
    names: Mapping[str, str] | None = None,
) -> ReportTable:
    """The report *name* at *level* as of *as_of* (see the module), from the log alone.

    *names* are region names by code, beside Kemendagri's province names.
    """
    report = report_named(name)
    region_at("", level)
    models, count = project_facts(
        store, as_of=as_of, codec=codec, techniques=techniques, on_page=on_page
    )

    def now(history: History) -> list[Row]:
        return models.rows(history.versions, {"valid_to": None})

    rows = report.rows(now, level, names)
    position = models.checkpoint(ReportFacts.name)
    models.close()
    return ReportTable(
        report=report, level=level, as_of=as_of, events_read=count, rows=rows, position=position
    )


def tally_report(
    models: ModelStore,
    name: str,
    *,
    level: str = "regency",
    as_of: AsOf = None,
    facts: str = ReportFacts.name,
    names: Mapping[str, str] | None = None,
    rolled_up: bool = True,
) -> ReportTable:
    """The report *name* at *level* as of *as_of*, counted in *models* from the live facts.

    *models* holds the read model *facts* (a `ReportFacts`), kept current by a projector.
    Counted as of a position or a day the facts have not reached yet, the report holds what
    they had: ``position`` says where they stood. The report now reads the counts the facts
    keep by region (a few rows a region), and as of a day adds up their changes by day,
    month and year (a few dozen rows a region), and as of a log position adds them up to the
    day of its last change and counts the versions that day changed before or after it (one
    day's changes; the versions true then where that day holds much of the log); with
    *rolled_up* false it counts the facts' versions true then (the same rows, slower).
    """
    report = report_named(name)
    region_at("", level)
    at = _checked(as_of)
    reached = models.checkpoint(facts)

    # The versions' lookups of a report as of a position, the same for its tallies of a table.
    find = remembered(models.query_many)

    def tallies(query: Tally, prefix: Mapping[str, int]) -> list[Row]:
        if rolled_up and kept(query, prefix):
            if at is None:
                return counted(models.rows, query, prefix)
            if isinstance(at, dt.date):
                return counted_on(models.tally, query, prefix, at)
            found = counted_at(models.tally, find, query, prefix, at)
            if found is not None:
                return found
        return models.tally(query, prefix=prefix, at=at)

    rows = report.tallied(tallies, level, names)
    position = min(reached, at) if isinstance(at, int) else reached
    return ReportTable(
        report=report, level=level, as_of=as_of, events_read=None, rows=rows, position=position
    )
