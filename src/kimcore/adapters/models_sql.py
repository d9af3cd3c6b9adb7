"""Read models in SQL tables, checkpoints beside them: what SQLite and PostgreSQL share.

The SQL is made from the [`Table`][kimcore.projections.Table] declarations: identifiers are checked
when declared and quoted here, and every value travels as a parameter. A projection's row changes
and its checkpoint commit in one transaction.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from kimcore import _deprecated
from kimcore._closing import Closing
from kimcore.adapters import _pg_bulk
from kimcore.adapters._sql_dialects import SqliteDialect
from kimcore.adapters._sql_query import QuerySql, facet_sql, index_statements, query_sql
from kimcore.adapters._sql_tally import tally_index, tally_sql
from kimcore.adapters._sql_unit import CHECKPOINTS, Known, SqlTransaction, UnitOfWork
from kimcore.application.ports.models import check_checkpoint
from kimcore.domain.views.query import COUNT_CAP, FACET_LIMIT, Page, Query
from kimcore.domain.views.tables import Row, Table
from kimcore.domain.views.tally import At, Tallied, Tally

__all__ = ["SqlModels"]


class SqlModels(Closing):
    """The shared SQL of `SqliteModels` and `PostgresModels`."""

    dialect: SqliteDialect
    # A page's changes kept in memory and written at its end, a statement per table
    # (`UnitOfWork`); False: each change is its statement at once (`SqlTransaction`).
    write_behind = True
    # Rows of each table a projection's unit of work keeps from one page to the next (the
    # latest touched): true as long as its checkpoint is where that page left it.
    carry_rows = 5_000
    # A unit of work writes a page's rows of a table as one statement of arrays each way
    # (PostgreSQL, `kimcore.adapters._pg_bulk`); False: an ``executemany`` of single rows.
    bulk_writes = False

    def __init__(self) -> None:
        self._statements: dict[tuple[str, str], str] = {}
        self._carried: dict[str, tuple[int, Known]] = {}  # name -> (its checkpoint, known)

    @abc.abstractmethod
    def _cursor(self) -> AbstractContextManager[Any]:
        """One database transaction: commits when the block ends, rolls back on error."""

    def _reading(self) -> AbstractContextManager[Any]:
        """One transaction that only reads (it never waits for a writer)."""
        return self._cursor()

    @abc.abstractmethod
    def purge_erased(self) -> None:
        """Leave no old copy of scrubbed rows (see the ModelStore port)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # -- SQL from declarations ----------------------------------------------------------

    def _sql(self, table: Table, op: str) -> str:
        cached = self._statements.get((table.name, op))
        if cached is not None:
            return cached
        d = self.dialect
        name = d.name(table.name)
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        key_match = " AND ".join(f'"{k}" = {d.mark}' for k in table.key)
        if op == "get":
            sql = f"SELECT {columns} FROM {name} WHERE {key_match}"
        elif op == "put":
            marks = ", ".join(d.mark for _ in table.columns)
            others = [c for c in table.column_names if c not in table.key]
            keys = ", ".join(f'"{k}"' for k in table.key)
            action = (
                "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in others)
                if others
                else "DO NOTHING"
            )
            sql = f"INSERT INTO {name} ({columns}) VALUES ({marks}) ON CONFLICT ({keys}) {action}"
        elif op == "delete":
            sql = f"DELETE FROM {name} WHERE {key_match}"
        elif op == "bulk_put":
            sql = _pg_bulk.put_sql(table, name)
        elif op == "bulk_delete":
            sql = _pg_bulk.delete_sql(table, name)
        else:  # create
            cols = ", ".join(f'"{c.name}" {d.types[c.type]}' for c in table.columns)
            keys = ", ".join(f'"{k}"' for k in table.key)
            sql = f"CREATE TABLE IF NOT EXISTS {name} ({cols}, PRIMARY KEY ({keys}))"
            if table.clustered and not d.postgres:  # PostgreSQL keeps no table in order
                sql += " WITHOUT ROWID"
        self._statements[(table.name, op)] = sql
        return sql

    def _where(self, where: Mapping[str, Any] | None) -> tuple[str, tuple[Any, ...]]:
        """``WHERE`` for equality on *where* (``None`` is ``IS NULL``), and its parameters.

        Plain ``=`` where a value is given, so the indexes serve it (PostgreSQL's
        ``IS NOT DISTINCT FROM`` cannot use one).
        """
        if not where:
            return "", ()
        mark = self.dialect.mark
        parts = [f'"{c}" IS NULL' if v is None else f'"{c}" = {mark}' for c, v in where.items()]
        return " WHERE " + " AND ".join(parts), tuple(v for v in where.values() if v is not None)

    def _select(self, cursor: Any, table: Table, where: Mapping[str, Any] | None) -> list[Row]:
        if where:
            table.check_columns(where)
        columns = ", ".join(f'"{c}"' for c in table.column_names)
        order = ", ".join(f'"{k}"' for k in table.key)
        condition, params = self._where(where)
        sql = f"SELECT {columns} FROM {self.dialect.name(table.name)}{condition} ORDER BY {order}"
        names = table.column_names
        found = cursor.execute(sql, params).fetchall()
        return [dict(zip(names, row, strict=True)) for row in found]

    # -- the ModelStore port --------------------------------------------------------------

    def _create_checkpoints(self, cursor: Any) -> None:
        d = self.dialect
        d.lock_ddl(cursor)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {d.name(CHECKPOINTS)} (name TEXT PRIMARY KEY,"
            " version INTEGER NOT NULL, position BIGINT NOT NULL, failure TEXT)"
        )
        if not d.has_column(cursor, CHECKPOINTS, "failure"):  # made before failures were kept
            cursor.execute(f"ALTER TABLE {d.name(CHECKPOINTS)} ADD COLUMN failure TEXT")

    def prepare(
        self,
        name: str,
        version: int,
        tables: Sequence[Table],
        *,
        create_only: bool = False,
        tallies: Sequence[Tallied] = (),
    ) -> int:
        """Create what is missing; a changed *version* rebuilds from zero (not *create_only*).

        The covering indexes *tallies* need (SQLite) are made with the tables' indexes.
        """
        if create_only:
            # Nothing to make is found by reading, without the write lock a rebuild in
            # another process may hold for minutes: a service starting answers at once.
            with self._reading() as cursor:
                d = self.dialect
                made = d.exists(cursor, CHECKPOINTS) and d.has_column(
                    cursor, CHECKPOINTS, "failure"
                )
                row = self._checkpoint_row(cursor, name) if made else None
                if row is not None and all(d.exists(cursor, t.name) for t in tables):
                    return row[1]
        with self._cursor() as cursor:
            self._create_checkpoints(cursor)
            row = self._checkpoint_row(cursor, name)
            if row is not None and (row[0] == version or create_only):
                made = not all(self.dialect.exists(cursor, t.name) for t in tables)
                if made:
                    for table in tables:
                        cursor.execute(self._sql(table, "create"))
                # Tables made before they declared their indexes get them now, unless
                # *create_only*: on a nation's tables that takes a minute, and a service
                # starting answers at once; its projecting thread calls again and builds
                # them there.
                if made or not create_only:
                    for table in tables:
                        self._create_indexes(cursor, table)
                if not create_only:  # a service starting leaves them to its projecting thread
                    self._create_tally_indexes(cursor, tallies)
                return int(row[1])
            self._reset_in(cursor, name, version, tables)
            self._create_tally_indexes(cursor, tallies)
        self._carried[name] = (0, Known.emptied(tables))  # committed empty
        return 0

    def reset(
        self, name: str, version: int, tables: Sequence[Table], *, indexes: bool = True
    ) -> None:
        """Drop and recreate the tables (their indexes too unless not *indexes*); checkpoint 0.

        Without the indexes a rebuild's rows go in without their upkeep, and the next
        `prepare` makes them over the loaded rows (a rebuild of 5,000 KIMs wrote a fifth faster).
        """
        with self._cursor() as cursor:
            self._create_checkpoints(cursor)
            self._reset_in(cursor, name, version, tables, indexes=indexes)
        self._carried[name] = (0, Known.emptied(tables))  # committed empty

    def _reset_in(
        self,
        cursor: Any,
        name: str,
        version: int,
        tables: Sequence[Table],
        *,
        indexes: bool = True,
    ) -> None:
        d = self.dialect
        self._carried.pop(name, None)
        # The checkpoint row first (made if missing, then locked): a page of this projection
        # being applied meanwhile holds it, so the reset waits for that page before any table.
        cursor.execute(
            f"INSERT INTO {d.name(CHECKPOINTS)} (name, version, position)"
            f" VALUES ({d.mark}, {d.mark}, 0) ON CONFLICT (name) DO NOTHING",
            (name, version),
        )
        self._checkpoint_row(cursor, name, lock=True)
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {d.name(table.name)}")
            cursor.execute(self._sql(table, "create"))
            if indexes:
                self._create_indexes(cursor, table)
        cursor.execute(
            f"INSERT INTO {d.name(CHECKPOINTS)} (name, version, position)"
            f" VALUES ({d.mark}, {d.mark}, 0) ON CONFLICT (name) DO UPDATE"
            " SET version = excluded.version, position = 0, failure = NULL",
            (name, version),
        )

    def _create_indexes(self, cursor: Any, table: Table) -> None:
        d = self.dialect
        for statement in index_statements(table, d.name(table.name), postgres=d.postgres):
            cursor.execute(statement)

    def _create_tally_indexes(self, cursor: Any, tallies: Sequence[Tallied]) -> None:
        for query, prefix in tallies:
            query.check(prefix, None)
            if self.dialect.tally_indexes:
                qualified = self.dialect.name(query.table.name)
                cursor.execute(tally_index(query, prefix, qualified)[1])

    def _checkpoint_row(
        self, cursor: Any, name: str, *, lock: bool = False
    ) -> tuple[int, int] | None:
        d = self.dialect
        row = cursor.execute(
            f"SELECT version, position FROM {d.name(CHECKPOINTS)} WHERE name = {d.mark}"
            + (d.lock_row if lock else ""),
            (name,),
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    def checkpoint(self, name: str) -> int:
        """The committed position of projection *name* (0 when none)."""
        with self._reading() as cursor:
            if not self.dialect.exists(cursor, CHECKPOINTS):
                return 0
            row = self._checkpoint_row(cursor, name)
        return 0 if row is None else row[1]

    def note_failure(self, name: str, failure: str | None) -> None:
        """Keep why projection *name* stopped (``None``: it runs again), for every process."""
        d = self.dialect
        with self._cursor() as cursor:
            cursor.execute(
                f"UPDATE {d.name(CHECKPOINTS)} SET failure = {d.mark} WHERE name = {d.mark}",
                (failure, name),
            )

    def failure(self, name: str) -> str | None:
        """Why projection *name* stopped, as the process projecting it said (``None``: it runs)."""
        d = self.dialect
        with self._reading() as cursor:
            if not d.exists(cursor, CHECKPOINTS):
                return None
            row = cursor.execute(
                f"SELECT failure FROM {d.name(CHECKPOINTS)} WHERE name = {d.mark}", (name,)
            ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    @contextmanager
    def transaction(self, name: str, *, expect: int | None = None) -> Iterator[SqlTransaction]:
        """Table changes and the checkpoint of *name*, committed together.

        The checkpoint row is locked first; with *expect*, `CheckpointMoved` (and
        nothing written) unless it is there.
        """
        with self._cursor() as cursor:
            found = self._checkpoint_row(cursor, name, lock=True)
            position = check_checkpoint(name, expect, None if found is None else found[1])
            if not self.write_behind:
                yield SqlTransaction(self, cursor, name, position)
                return
            # What the last page left is still true if nothing moved the checkpoint since.
            carried = self._carried.pop(name, None)
            known = carried[1] if carried is not None and carried[0] == position else None
            tx = UnitOfWork(self, cursor, name, position, known)
            yield tx
            tx.finish()
        # Committed: carry the rows over to the next page (a failed page carried nothing).
        self._carried[name] = (tx.position, tx.known(self.carry_rows))

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        """Rows matching *where*, in key order."""
        with self._reading() as cursor:
            return self._select(cursor, table, where)

    def query(self, query: Query) -> Page:
        """A page of *query*, in one statement (see `kimcore.adapters._sql_query`)."""
        d = self.dialect
        sql = QuerySql(mark=d.mark, postgres=d.postgres)
        statements = query_sql(query, d.name(query.table.name), sql)
        wanted = query.limit + 1
        with self._reading() as cursor:
            found = cursor.execute(*statements.page).fetchall()
            total = None
            if query.count:
                counted = found[0] if found else cursor.execute(*statements.count).fetchone()
                total = int(counted[-1])
            if statements.tail is not None and len(found) < wanted:
                tail, params = statements.tail
                found += cursor.execute(tail, [*params, wanted - len(found)]).fetchall()
        return _page(query, found, total)

    def query_many(self, queries: Sequence[Query]) -> list[Page]:
        """The page of each of *queries*: a table's without a count or a cursor in one statement.

        Each page's statement is a subquery of a ``UNION ALL`` of its table's (a union needs
        the same columns), its rows marked by its number; each is planned (and served by its
        index) as it would be alone.
        """
        d = self.dialect
        sql = QuerySql(mark=d.mark, postgres=d.postgres)
        pages: dict[int, Page] = {}
        by_table: dict[str, list[int]] = {}
        for i, query in enumerate(queries):
            if query.count or query.start is not None:
                pages[i] = self.query(query)
            else:
                by_table.setdefault(query.table.name, []).append(i)
        for joined in by_table.values():
            if len(joined) == 1:
                pages[joined[0]] = self.query(queries[joined[0]])
                continue
            parts: list[str] = []
            params: list[Any] = []
            for n, i in enumerate(joined):
                query = queries[i]
                statement, values = query_sql(query, d.name(query.table.name), sql).page
                parts.append(f"SELECT {n}, q{n}.* FROM ({statement}) AS q{n}")
                params.extend(values)
            found: list[list[Any]] = [[] for _ in joined]
            with self._reading() as cursor:
                for row in cursor.execute(" UNION ALL ".join(parts), params).fetchall():
                    found[row[0]].append(row[1:])
            for n, i in enumerate(joined):
                pages[i] = _page(queries[i], found[n], None)
        return [pages[i] for i in range(len(queries))]

    def facets(self, query: Query, column: str, limit: int = FACET_LIMIT) -> list[tuple[Any, int]]:
        """How many rows *query*'s filters keep hold each value of *column*, most first."""
        d = self.dialect
        sql = QuerySql(mark=d.mark, postgres=d.postgres)
        statement, params = facet_sql(query, column, limit, d.name(query.table.name), sql)
        with self._reading() as cursor:
            return [(row[0], int(row[1])) for row in cursor.execute(statement, params).fetchall()]

    def tally(
        self, query: Tally, *, prefix: Mapping[str, int] | None = None, at: At = None
    ) -> list[Row]:
        """The rows of *query* counted in one ``GROUP BY`` query."""
        prefix = prefix or {}
        qualified = self.dialect.name(query.table.name)
        sql, params = tally_sql(
            query,
            prefix,
            at,
            qualified=qualified,
            mark=self.dialect.mark,
            where=self._where,
            postgres=self.dialect.postgres,
        )
        # A range (*between*) is read along the table's own key, made for it (the days'
        # counts): an index led by the groups would read every row to keep a few.
        indexed = self.dialect.tally_indexes and query.between is None
        index = tally_index(query, prefix, qualified) if indexed else None
        with self._reading() as cursor:
            # A rebuild drops the table and its indexes with it: look each time (cheap).
            missing = index is not None and not self.dialect.has_index(cursor, index[0])
        if missing and index is not None:
            with self._cursor() as cursor:
                cursor.execute(index[1])
        with self._reading() as cursor:
            found = cursor.execute(sql, params).fetchall()
        names = query.names  # a property that builds its tuple: once, not once a row
        return [dict(zip(names, row, strict=True)) for row in found]


# SqliteModels and PostgresModels have modules of their own; their old path answers for a release.
__getattr__ = _deprecated.old_names(__name__)


def _page(query: Query, found: Sequence[Sequence[Any]], total: int | None) -> Page:
    """The page of *query* from the rows *found* (``limit + 1`` at most) and its count."""
    names = query.table.column_names
    rows = [dict(zip(names, row[: len(names)], strict=True)) for row in found[: query.limit]]
    following = query.cursor(rows[-1]) if len(found) > query.limit else None
    exact = total is None or total < COUNT_CAP
    return Page(rows=rows, next=following, total=total, exact=exact)
