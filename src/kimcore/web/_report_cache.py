"""A live report's table and compressed answer, kept while nothing they are made of moves.

The plain twin is counting the report anew on every request (`tally_report`) and letting the
gzip middleware compress its JSON; ``tests/test_report_cache.py`` shows both give the same
answers. At 100,000 KIMs the regency report (608 rows) took about 15 ms of CPU to arrange and
13 ms to compress at gzip's level 9, each request, for an answer that changes only when the
report facts or the region names move (`docs/performance.md`).

A table is kept with the marks it was counted at: the facts' checkpoint and where the region
names last moved (`kimcore.reporting.region_names_mark`, which a write moves only when it
names a region: a forum established, a KIM formed, a seat recoded). Marks are read before
the table is counted, so a table kept may be newer than its marks say, never older; the next
request at newer marks counts anew. Only one table a report and level is kept, and none of
more than `MOST_ROWS` rows (a village report would hold the nation's 84,000 rows in memory
for one request's gain).

Requests run in the server's threads: a lookup and a replacement are each one dictionary
operation, atomic in CPython, so two requests may count the same table at once, never read
half of one.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Hashable

from kimcore.reporting import ReportTable

__all__ = ["GZIP_FROM", "GZIP_LEVEL", "MOST_ANSWERS", "MOST_ROWS", "ReportCache", "gzipped"]

# The smallest answer worth compressing, here and in the gzip middleware (`kimcore.web.mount`).
GZIP_FROM = 1000
MOST_ROWS = 10_000
# Answers are kept by report, level, language and region asked: a bound, whatever is asked.
MOST_ANSWERS = 16
# zlib's default, here and in the gzip middleware: 4 ms of CPU for the regency report's 152 kB
# where level 9 (the middleware's own default) took 13 ms, for an answer 9 % larger (17.4 kB
# against 15.9 kB).
GZIP_LEVEL = 6


def gzipped(body: bytes) -> bytes:
    """*body* compressed as a ``Content-Encoding: gzip`` answer carries it."""
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush()


class ReportCache:
    """The last table of each live report and level, and the last compressed answer of each."""

    def __init__(self, most_rows: int = MOST_ROWS) -> None:
        self.most_rows = most_rows
        self._tables: dict[Hashable, tuple[Hashable, ReportTable]] = {}
        self._answers: dict[Hashable, tuple[bytes, bytes]] = {}

    def table(
        self, report: Hashable, marks: Hashable, count: Callable[[], ReportTable]
    ) -> ReportTable:
        """The table of *report* counted at *marks*: kept from before, or *count*'s."""
        held = self._tables.get(report)
        if held is not None and held[0] == marks:
            return held[1]
        table = count()
        if len(table.rows) <= self.most_rows:
            self._tables[report] = (marks, table)
        else:
            self._tables.pop(report, None)
        return table

    def gzipped(self, answer: Hashable, body: bytes) -> bytes:
        """*body* gzipped, compressed again only when it differs from *answer*'s last body."""
        held = self._answers.get(answer)
        if held is not None and held[0] == body:
            return held[1]
        packed = gzipped(body)
        if held is None and len(self._answers) >= MOST_ANSWERS:
            self._answers.clear()
        self._answers[answer] = (body, packed)
        return packed
