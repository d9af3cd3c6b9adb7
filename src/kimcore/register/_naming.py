"""How an office names what an import refuses: by the register's numbers, not kimcore's ids.

The domain's errors name ids, as they must for a command from anywhere; a clerk knows a KIM
and a member by the numbers the register gives them, and a forum by its level and region.
"""

from __future__ import annotations

import re
import uuid

import attrs

from kimcore.register.decisions import Row
from kimcore.register.layout import group_id_of
from kimcore.vocabulary.errors import DomainError

__all__ = ["OfficeNames"]

_AN_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@attrs.define
class OfficeNames:
    """The ids an import gave what its file numbers, each with how the office names it."""

    # id -> (the English words for it, the values the Indonesian templates take)
    names: dict[str, tuple[str, dict[str, object]]] = attrs.field(factory=dict)
    # The line of each KIM's kim row, for a row whose KIM's row was refused.
    kim_lines: dict[str, int] = attrs.field(factory=dict)

    def name(self, id_: uuid.UUID, said: str, **values: object) -> None:
        """Say *id_* as *said* in English, with *values* for the Indonesian."""
        self.names[str(id_)] = (said, values)

    def name_kim(self, row: Row) -> None:
        """Note the KIM's kim row, and the register numbers it names, for the refusals."""
        self.kim_lines[row.ref] = row.line
        into = row.cells.cells.get("merged_into", "").strip()
        for ref in (row.ref, into) if into else (row.ref,):
            self.name(group_id_of(ref), repr(ref), kim=ref)

    def relabelled(self, error: DomainError) -> DomainError:
        """*error* naming the file's numbers where it names the ids kimcore gave them."""
        values = dict(error.values)

        def said(found: re.Match[str]) -> str:
            # Each id the message holds looked up, not each id named so far: a file of
            # 100,000 rows refusing many made this quadratic.
            named = self.names.get(found.group())
            if named is None:
                return found.group()
            values.update(named[1])
            return named[0]

        detail = _AN_ID.sub(said, error.detail)
        if detail == error.detail:
            return error
        relabelled = type(error).__new__(type(error))
        relabelled.__dict__.update(error.__dict__)
        relabelled.args = (f"[{error.rule}] {detail}",)
        relabelled.detail, relabelled.values = detail, values
        return relabelled
