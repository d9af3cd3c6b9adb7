"""Keys made without asking the database: the append that writes them checks them.

A durable store looks up only the subjects it has seen before; a new
member's key is made at once and written with the append. These tests open a
second handle on the same database — another process, in effect — that has
seen nothing, and show that what it records is still sealed with the one key
each subject has, and that a forgotten subject stays forgotten.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.builders import D, forget, form, member

import kimcore as k
from kimcore.domain import errors as e

JOIN_DAY = D(2024, 6, 1)


def _apps(url: str) -> tuple[k.Application, k.Application]:
    return k.Application(k.open_store(url)), k.Application(k.open_store(url))


def _close(*apps: k.Application) -> None:
    for app in apps:
        app.store.close()


def _join(app: k.Application, group_id: uuid.UUID, who: k.MemberDetails) -> Any:
    return app.handle(k.JoinGroup(group_id=group_id, member=who, joined_on=JOIN_DAY))


def test_a_member_known_elsewhere_is_sealed_with_their_one_key(url: str) -> None:
    first, second = _apps(url)
    first.handle(form(3))  # member(0) now has a key, made by the first handle
    key = first.store.keys.get(member(0).member_id)
    other = uuid.uuid4()
    first.handle(form(3, group_id=other, founders=(member(5), member(6), member(7))))

    # The second handle never saw member(0): its first try makes a new key, the
    # append refuses it, and the retry seals with the stored one.
    (recorded,) = _join(second, other, member(0))
    assert second.store.keys.get(member(0).member_id) == key
    state = first.group(other)
    assert state is not None
    assert state.members[member(0).member_id].name == member(0).name
    assert [e.event for e in first.history(k.PartyRef(kind=k.PartyKind.GROUP, id=other))][
        -1
    ] == recorded.event
    _close(first, second)


def test_a_subject_forgotten_elsewhere_is_refused_and_nothing_is_recorded(url: str) -> None:
    first, second = _apps(url)
    first.handle(form(3))
    first.forget(forget(member(1).member_id, D(2024, 5, 1)))
    other = uuid.uuid4()
    second.handle(form(3, group_id=other, founders=(member(5), member(6), member(7))))
    head = second.store.head_position()
    with pytest.raises(e.SubjectForgotten):
        _join(second, other, member(1))
    assert second.store.head_position() == head
    assert second.store.keys.is_forgotten(member(1).member_id)
    _close(first, second)


def test_new_members_cost_no_key_lookup(url: str) -> None:
    app = k.Application(k.open_store(url))
    keys = app.store.keys
    asked: list[int] = []
    rows = keys._rows

    def counting(subjects: Any) -> Any:
        asked.append(len(subjects))
        return rows(subjects)

    keys._rows = counting  # type: ignore[method-assign]
    app.handle(form(3))
    _join(app, form(3).group_id, member(4))
    assert asked == []  # never seen, so never looked up: the appends checked them
    group = app.group(form(3).group_id)
    assert group is not None
    assert group.members[member(4).member_id].name == member(4).name
    app.store.close()


def test_the_subjects_a_store_remembers_are_bounded(url: str) -> None:
    app = k.Application(k.open_store(url))
    keys = app.store.keys
    keys.SEEN_LIMIT = 3  # type: ignore[misc]
    app.handle(form(3))
    _join(app, form(3).group_id, member(4))
    _join(app, form(3).group_id, member(5))
    seen = list(keys._seen)
    assert len(seen) == 3  # the latest three: one founder, then the two who joined
    assert seen[0] in {member(n).member_id for n in range(3)}
    assert seen[1:] == [member(4).member_id, member(5).member_id]
    app.store.close()
