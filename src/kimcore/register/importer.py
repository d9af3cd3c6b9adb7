"""Recording an office's KIM register: every row recorded whole, or refused and said why.

The rules of the domain hold for an import as for any command: each row's
commands go through the deciders. A KIM's rows (its ``kim`` row and its
``member`` rows) are decided together, in the order their days say, and
written in one append, so a KIM is recorded as its history ran; a row whose
command is refused is left out whole and the others are decided again
without it. A refused ``kim`` row refuses its members' rows with it.

What the store holds already is not recorded again: a KIM's number, a
member's number within it, a post, a decree, a registration, a forum, an
admission or an activity (its number within the KIM) seen before counts as
done, so importing the same file twice records nothing the second time.
``dry_run`` decides everything and writes nothing. The events of one import
share a correlation id, and each carries the file's name in its metadata
(``imported_from``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kimcore.application.service import Application
from kimcore.domain import commands as c
from kimcore.domain.errors import MergeRefused
from kimcore.domain.identity import AggregateRef
from kimcore.domain.messages import for_indonesian
from kimcore.domain.party import check_not_before
from kimcore.register import rows as r
from kimcore.register._ends import record_ends
from kimcore.register._naming import OfficeNames
from kimcore.register._posts import further_posts
from kimcore.register.decisions import Refused, Row, Run, conflict_error, key_of
from kimcore.register.layout import COLUMNS, RECORDS, Cells, canonical_headings, group_id_of
from kimcore.register.outcomes import ImportReport, RowOutcome, Status
from kimcore.spreadsheets import Deadline, Limits, SheetRow, read_table
from kimcore.vocabulary.boards import ForumLevel
from kimcore.vocabulary.errors import ConcurrencyConflict, DomainError, InvalidValue
from kimcore.vocabulary.members import MemberDetails
from kimcore.vocabulary.places import Seat
from kimcore.vocabulary.words import normalise

__all__ = ["ImportReport", "RowOutcome", "import_register"]


# An office reads its register's columns by the headings it typed: the Indonesian names them so.
_HEADINGS_ID = {column.name: column.heading_id for column in COLUMNS}


def _refusal(row: Row, error: DomainError, ref: str = "") -> RowOutcome:
    return RowOutcome(
        line=row.line,
        record=row.cells.record,
        ref=ref or row.ref,
        status="refused",
        rule=error.rule,
        message=str(error),
        message_id=for_indonesian(error, _HEADINGS_ID),
    )


class _Importer:
    def __init__(self, app: Application, dry_run: bool, source: str) -> None:
        self.run = Run(app, dry_run, source)
        self.app = app
        self.outcomes: dict[int, RowOutcome] = {}
        self.file_kims: set[uuid.UUID] = set()  # the file's kim rows' KIMs, once they are read
        self.naming = OfficeNames()

    def settle(self, row: Row, events: int, ref: str = "", *, founder: bool = False) -> None:
        status: Status = "recorded" if events or founder else "unchanged"
        self.outcomes[row.line] = RowOutcome(
            line=row.line, record=row.cells.record, ref=ref or row.ref, status=status, events=events
        )

    def refuse(self, row: Row, error: DomainError, ref: str = "") -> None:
        self.outcomes[row.line] = _refusal(row, self.naming.relabelled(error), ref)

    def one(self, row: Row, command: c.Command, ref: str) -> None:
        """A row of one command (a forum, an admission), recorded unless its stream has it."""
        decider, aggregate = self.app.deciders.for_command(command)
        if self.run.state(aggregate)[1] and key_of(command) in self.run.done(aggregate):
            self.settle(row, 0, ref)
            return
        try:
            _, events = self.run.decide([(row.line, command)])
            self.run.write(decider, aggregate, [command], events)
        except Refused as refused:
            self.refuse(row, refused.error, ref)
        except ConcurrencyConflict as conflict:
            self.refuse(row, conflict_error(conflict), ref)
        else:
            self.settle(row, len(events), ref)

    def forum(self, row: Row) -> None:
        try:
            command = r.forum(row.cells)
        except DomainError as error:
            self.refuse(row, error, "forum")
            return
        self.one(row, command, f"forum {command.level.value} {command.region.code}")

    def kim(self, ref: str, kim_row: Row | None, members: list[Row]) -> None:
        """One KIM's rows, decided together in the order of their days."""
        group_id = group_id_of(ref)
        aggregate = AggregateRef(kind="group", id=group_id)
        _, version = self.run.state(aggregate)
        if kim_row is None and version == 0:
            missing = InvalidValue(
                "kim_ref",
                f"KIM {ref!r} has no kim row here and is not recorded",
                kim=ref,
                unrecorded=True,
            )
            for row in members:
                self.refuse(row, missing)
            return
        details: dict[int, MemberDetails] = {}
        for row in members:
            try:
                row.cells.date("joined_on")  # read first: which rows found the KIM depends on it
                details[row.line] = r.member_details(row.cells, ref)
            except DomainError as error:
                self.refuse(row, error)
        for line, member in details.items():
            number = next(row for row in members if row.line == line).cells.cells["member_ref"]
            self.naming.name(member.member_id, f"member {number!r}", member=number)
        live = [row for row in members if row.line in details]
        further = further_posts(ref, live, details, self.refuse)
        while True:
            try:
                planned = self.plan(ref, group_id, kim_row, live, details, further=further)
            except Refused as refused:
                if kim_row is not None and refused.owner == kim_row.line:
                    dropped = [row.line for row in members if row.line in self.outcomes]
                    self.refuse_kim(kim_row, _because_of(refused.error, dropped), live)
                    return
                bad = next(row for row in live if row.line == refused.owner)
                self.refuse(bad, refused.error)
                live.remove(bad)
                continue
            break
        by_owner, events, founders, commands = planned
        decider = self.app.deciders.kind("group")
        try:
            self.run.write(decider, aggregate, commands, events)
        except ConcurrencyConflict as conflict:
            for row in [*([kim_row] if kim_row else []), *live]:
                self.refuse(row, conflict_error(conflict))
            return
        for row in [*([kim_row] if kim_row else []), *live]:
            self.settle(row, by_owner.get(row.line, 0), founder=row.line in founders)

    def refuse_kim(self, kim_row: Row, error: DomainError, members: list[Row]) -> None:
        self.refuse(kim_row, error)
        because = InvalidValue(
            "kim_ref", f"its KIM's row (line {kim_row.line}) was refused", kim_line=kim_row.line
        )
        for row in members:
            self.refuse(row, because)

    def _check_merge_target(self, ref: str, kim_row: Row) -> None:
        """Refuse, before anything of the KIM is recorded, a merge no day could make right.

        Its end is recorded after the file's other rows: refused only then, it would leave its
        KIM recorded under a row reported refused.
        """
        into = kim_row.cells.text("merged_into") or ""
        target = group_id_of(into)
        if target == group_id_of(ref):
            raise MergeRefused(f"KIM {into!r} cannot merge into itself", kim=into)
        if target in self.file_kims or self.run.state(AggregateRef(kind="group", id=target))[1]:
            return
        raise MergeRefused(
            f"KIM {into!r} is not an active group to merge into: it is neither in this file"
            " nor recorded",
            kim=into,
        )

    def plan(
        self,
        ref: str,
        group_id: Any,
        kim_row: Row | None,
        members: list[Row],
        details: dict[int, MemberDetails],
        *,
        further: set[int],
    ) -> tuple[dict[int, int], list[Any], set[int], list[c.Command]]:
        """The KIM's events from these rows, the lines of its founders, and its commands.

        Raises ``Refused`` naming the first row refused.
        """
        aggregate = AggregateRef(kind="group", id=group_id)
        state, version = self.run.state(aggregate)
        done = self.run.done(aggregate) if version else set()
        formed_on = state.formed_on if state is not None else None
        if kim_row is not None:
            try:
                kim_formed_on = kim_row.cells.date("formed_on")
            except DomainError as error:
                raise Refused(kim_row.line, error) from None
            formed_on = formed_on or kim_formed_on
        if formed_on is not None:
            for row in members:
                joined_on = row.cells.date("joined_on")
                # Refused here, by its own rule: left to the founders' count, a join typed
                # with the wrong year would only shrink it, and refuse the KIM in its stead.
                if joined_on is not None and row.line not in further:
                    try:
                        check_not_before(joined_on, formed_on, "joining", "the KIM's forming")
                    except DomainError as error:
                        raise Refused(row.line, error) from None
        founders = [
            row
            for row in members
            if "formed" not in done
            and row.line not in further
            and (row.cells.date("joined_on") or formed_on) == formed_on
            and ("member", details[row.line].member_id) not in done
        ]
        planned: list[tuple[int, r.Dated]] = []
        if kim_row is not None:
            try:
                founding = tuple(details[row.line] for row in founders)
                channels = self.app.policy.catalogue.channels
                made = r.kim(kim_row.cells, group_id, founding, channels, kim_ref=ref)
                planned.extend((kim_row.line, m) for m in made)
                # Its end is recorded after the file's other rows, but read now: a kim row that
                # says it wrongly is refused whole, with nothing of the KIM recorded.
                ended = r.status(kim_row.cells, group_id)
                if ended is not None and formed_on is not None:
                    check_not_before(ended[0], formed_on, "the KIM's end", "its forming")
                if ended is not None and isinstance(ended[2], c.MergeGroup):
                    self._check_merge_target(ref, kim_row)
            except DomainError as error:
                raise Refused(kim_row.line, error) from None
        assert formed_on is not None
        for row in members:
            founder = row in founders or row.line in further  # a further post: no joining
            try:
                made = r.member(
                    row.cells,
                    group_id,
                    formed_on,
                    details[row.line],
                    founder=founder,
                    further=row.line in further,
                )
            except DomainError as error:
                raise Refused(row.line, error) from None
            planned.extend((row.line, m) for m in made)
        todo = [(owner, made) for owner, made in planned if key_of(made[2]) not in done]
        # The forming first, whatever its day: a row dated before it is then refused by the
        # rule it breaks (date-order), not as a command to a KIM not yet formed.
        todo.sort(key=lambda item: (item[1][1] != 0, item[1][0], item[1][1]))
        lines = {row.line for row in founders}
        if not todo:
            return {}, [], lines, []
        by_owner, events, commands = self.run.decide_by_day(
            [(owner, day, cmd) for owner, (day, _o, cmd) in todo]
        )
        return by_owner, events, lines, [cmd for _, cmd in commands]

    def admission(self, row: Row) -> None:
        state = self.recorded(row)
        if state is None:
            return
        seat: Seat = state.seat
        try:
            command = r.admission(row.cells, state.group_id, seat)
        except DomainError as error:
            self.refuse(row, error)
            return
        level = row.cells.choice("forum_level", ForumLevel)
        assert level is not None  # the admission read it
        region = seat.region.ancestor_code(level.region_level)
        said: dict[str, object] = {"forum_level": level} | (
            {"forum_region": region} if region else {}
        )
        self.naming.name(command.forum_id, repr(f"{level.value} {region}".strip()), **said)
        self.one(row, command, row.ref)

    def activity(self, row: Row) -> None:
        """An activity the KIM held, with its past day: history the domain counts as held."""
        state = self.recorded(row)
        if state is None:
            return
        try:
            command = r.activity(row.cells, state.group_id, row.ref)
        except DomainError as error:
            self.refuse(row, error)
            return
        self.one(row, command, row.ref)

    def recorded(self, row: Row) -> Any:
        """The state of the KIM *row* names, or ``None`` (and the row refused)."""
        state, _ = self.run.state(AggregateRef(kind="group", id=group_id_of(row.ref)))
        kim_line = self.naming.kim_lines.get(row.ref)
        if state is None and kim_line is not None:
            because = f"its KIM's row (line {kim_line}) was refused"
            self.refuse(row, InvalidValue("kim_ref", because, kim_line=kim_line))
        elif state is None:
            unknown = f"KIM {row.ref!r} is not recorded (nor in this file)"
            self.refuse(row, InvalidValue("kim_ref", unknown, kim=row.ref, unrecorded=True))
        return state


def _because_of(error: DomainError, dropped: list[int]) -> DomainError:
    """*error*, a KIM's too few founders, saying which of its members' rows were refused."""
    if error.rule != "min-founders" or not dropped:
        return error
    lines = ", ".join(map(str, dropped))
    return type(error)(
        f"{error.detail}; its members' rows refused: line(s) {lines}",
        **error.values,
        refused_lines=tuple(dropped),
    )


def _read(
    headings: list[str], sheet: Sequence[SheetRow], today: dt.date | None, day: dt.date
) -> tuple[list[Row], list[RowOutcome]]:
    names = canonical_headings(headings)
    words = {
        normalise(spelling): record
        for record, word in RECORDS.items()
        for spelling in (record, word)
    }
    rows, refused = [], []
    for line in sheet:
        cells = {names[i]: line.cells.get(h, "") for i, h in enumerate(headings) if names[i]}
        typed = cells.get("record", "")
        record = words.get(normalise(typed))
        if record is None:
            # Said with the words an office writes, an empty cell (a total row) as one to fill.
            said: dict[str, object] = {"accepted": tuple(RECORDS.values())}
            said |= {"given": typed} if typed.strip() else {"required": True}
            error = InvalidValue(
                "record", f"must be one of {', '.join(RECORDS)}, got {typed!r}", **said
            )
            refused.append(_refusal(Row(line.line, Cells("?", cells)), error))
            continue
        rows.append(Row(line.line, Cells(record, cells, today, day)))
    return rows, refused


def import_register(
    app: Application,
    source: Path | tuple[list[str], Sequence[SheetRow]],
    *,
    dry_run: bool = False,
    name: str | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Record the register in *source* (a ``.csv`` or ``.xlsx`` path, or a table already read).

    Forums first, then each KIM with its members, then the KIMs' forum
    memberships and the activities they held (with their past days), so a row may name what
    a row below it records. A file
    that cannot be read at all (no ``record`` column, an unknown column)
    raises [`InvalidValue`][kimcore.errors.InvalidValue] naming ``file``
    and records nothing; a file past *limits* (the defaults, changed by the environment)
    raises [`TooLarge`][kimcore.spreadsheets.TooLarge]. Reading and recording end by
    *deadline* (else the limits' ``max_seconds`` from now): the rows not reached by then are
    refused (rule ``too-large``, field ``seconds``), and importing the file again records them.

    With the policy's ``refuse_future_dates`` (on by default), a date after
    *today* (the computer's day unless given) refuses its row.
    """
    limits = limits or (deadline.limits if deadline else Limits.from_env())
    deadline = deadline or Deadline(limits)
    sheet: Sequence[SheetRow]
    if isinstance(source, Path):
        headings, sheet = read_table(source, limits, deadline)
        name = name or source.name
    else:
        headings, sheet = source
    # The office's own day: a register is typed where it is kept.
    day = today or dt.date.today()
    rows, refused = _read(
        headings, sheet, day if app.policy.rules.refuse_future_dates else None, day
    )
    name = name or "table"
    importer = _Importer(app, dry_run, name)
    for outcome in refused:
        importer.outcomes[outcome.line] = outcome
    for row in rows:
        if row.cells.record == "forum":
            if deadline.passed():
                importer.refuse(row, deadline.error(f"importing line {row.line}"))
            else:
                importer.forum(row)
    kims: dict[str, Row] = {}
    members: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.cells.record in ("kim", "member", "forum_member", "activity") and not row.ref:
            importer.refuse(
                row, InvalidValue("kim_ref", f"is required in a {row.cells.record} row")
            )
        elif row.cells.record == "kim":
            if row.ref in kims:
                first = kims[row.ref].line
                twice = InvalidValue(
                    "kim_ref",
                    f"KIM {row.ref!r} has its kim row on line {first}",
                    kim=row.ref,
                    first_line=first,
                )
                importer.refuse(row, twice)
            else:
                kims[row.ref] = row
                importer.naming.name_kim(row)
        elif row.cells.record == "member":
            members[row.ref].append(row)
    importer.file_kims = {group_id_of(ref) for ref in kims}
    for ref in dict.fromkeys([*kims, *members]):
        if deadline.passed():
            kim = kims.get(ref)
            for late in ([kim] if kim else []) + members.get(ref, []):
                importer.refuse(late, deadline.error(f"importing line {late.line}"))
        else:
            importer.kim(ref, kims.get(ref), members.get(ref, []))
    for row in rows:
        if row.cells.record in ("forum_member", "activity") and row.ref:
            if deadline.passed():
                importer.refuse(row, deadline.error(f"importing line {row.line}"))
            elif row.cells.record == "activity":
                importer.activity(row)
            else:
                importer.admission(row)
    record_ends(importer, list(kims.values()), deadline)
    ordered = tuple(importer.outcomes[line] for line in sorted(importer.outcomes))
    return ImportReport(source=name, dry_run=dry_run, rows=ordered)
