"""A member's further rows in a register: one more post of theirs, or the same typed twice.

A register lists a member once a post: a row repeating a member listed above names one more
post of theirs (the same person, joined the same day), and is recorded as that post; a row
repeating one without a post, or a post of theirs with the same term, is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from kimcore.register import rows as r
from kimcore.register.decisions import Row
from kimcore.vocabulary.errors import DomainError, InvalidValue
from kimcore.vocabulary.members import MemberDetails
from kimcore.vocabulary.words import normalise

__all__ = ["further_posts"]


def further_posts(
    ref: str,
    live: list[Row],
    details: dict[int, MemberDetails],
    refuse: Callable[[Row, DomainError], None],
) -> set[int]:
    """The lines of *live* that name one more post of a member listed above.

    A row that repeats a member listed above without naming a further post, or that
    names a post of theirs listed above with the same term, is refused and left out of
    *live* (*refuse* told why).
    """
    seen: dict[object, Row] = {}
    further: set[int] = set()  # rows that name one more post of a member listed above
    posts: dict[tuple[object, tuple[str, ...]], Row] = {}  # each member's posts, as typed
    for row in live[:]:
        member_id = details[row.line].member_id
        first = seen.get(member_id)
        post = _post_cells(row)
        held = posts.setdefault((member_id, post), row) if post[0] else row
        if held is not row and details[held.line] == details[row.line]:
            # The same post typed twice: refused here, whatever the store holds, so that
            # importing the file again says the same (a store that has the post would
            # otherwise find the second row unchanged).
            live.remove(row)
            number = row.cells.cells["member_ref"]
            refuse(
                row,
                InvalidValue(
                    "member_ref",
                    f"member {number!r} of KIM {ref!r} is on line {held.line} already with"
                    " the same post (a row typed twice?)",
                    member=number,
                    kim=ref,
                    post_line=held.line,
                ),
            )
        elif first is not None and _one_more_post(first, row, details):
            further.add(row.line)
        elif first is not None:
            live.remove(row)
            refuse(
                row,
                InvalidValue(
                    "member_ref",
                    f"member {row.cells.cells['member_ref']!r} of KIM {ref!r}"
                    f" is on line {first.line} already (a further row of theirs names"
                    " one more post, with the same name, background and joining day)",
                    member=row.cells.cells["member_ref"],
                    kim=ref,
                    first_line=first.line,
                ),
            )
        else:
            seen[member_id] = row
    return further


def _post_cells(row: Row) -> tuple[str, ...]:
    """The cells of the post *row* names, as typed (case and spacing aside)."""
    return tuple(normalise(row.cells.cells.get(name, "")) for name in r.POST_CELLS)


def _one_more_post(first: Row, row: Row, details: dict[int, MemberDetails]) -> bool:
    """Whether *row* names one more post of the member *first* lists.

    The same person (name, background, gender, contact), joined the same day, and a post.
    """
    same_day = (
        first.cells.cells.get("joined_on", "").strip()
        == row.cells.cells.get("joined_on", "").strip()
    )
    return (
        details[first.line] == details[row.line]
        and same_day
        and bool(row.cells.cells.get("post", "").strip())
    )
