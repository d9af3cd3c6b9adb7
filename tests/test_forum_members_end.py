"""A KIM that ends leaves its forums: the forum's decisions and the read models agree."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.builders import DISTRICT, REGENCY, establish, form, uid

import kimcore as k
from kimcore.domain.forum_members import current_members
from kimcore.domain.views import FORUMS, GROUP_FORUMS
from kimcore.domain.views.forums import ForumDirectory
from kimcore.projections import GroupRegistry, MemoryModels, Projector

DAY = dt.date(2024, 2, 1)
GROUPS = [uid(f"kim-{n}") for n in range(3)]
FORUM_COMMANDS = [
    establish(level=k.ForumLevel.DISTRICT, region=DISTRICT, authority=k.Authority.CAMAT),
    establish(level=k.ForumLevel.REGENCY, region=REGENCY, authority=k.Authority.MAYOR),
]
FORUM_IDS = [command.forum_id for command in FORUM_COMMANDS]


def _ref(g: int) -> k.PartyRef:
    return k.PartyRef(kind=k.PartyKind.GROUP, id=GROUPS[g])


def _app() -> k.Application:
    app = k.Application(k.MemoryStore())
    for n, group_id in enumerate(GROUPS):
        app.handle(form(group_id=group_id, name=f"KIM {n}"))
    for command in FORUM_COMMANDS:
        app.handle(command)
    return app


def _end(app: k.Application, g: int, how: str, day: dt.date) -> k.Command:
    if how == "dissolve":
        return k.DissolveGroup(group_id=GROUPS[g], reason="tidak aktif", dissolved_on=day)
    if how == "merge":
        return k.commands.MergeGroup(group_id=GROUPS[g], into=GROUPS[(g + 1) % 3], merged_on=day)
    return k.commands.SplitGroup(
        group_id=GROUPS[g], into=(uid(f"split-{g}"),), continues=how == "split-on", split_on=day
    )


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["admit", "withdraw", "end", "musyawarah"]),
        st.integers(0, 2),
        st.integers(0, 1),
        st.sampled_from(["dissolve", "merge", "split", "split-on"]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_a_kim_that_ends_is_in_no_forum_by_any_account(
    steps: list[tuple[str, int, int, str]],
) -> None:
    app = _app()
    for n, (what, g, f, how) in enumerate(steps):
        day = DAY + dt.timedelta(days=n)
        forum_id = FORUM_IDS[f]
        command: k.Command
        if what == "admit":
            command = k.AdmitToForum(forum_id=forum_id, applicant=_ref(g), admitted_on=day)
        elif what == "withdraw":
            command = k.WithdrawFromForum(forum_id=forum_id, member=_ref(g), withdrew_on=day)
        elif what == "end":
            command = _end(app, g, how, day)
        else:
            command = k.commands.HoldMusyawarah(
                forum_id=forum_id,
                musyawarah_id=uid(f"musyawarah-{n}"),
                held_on=day,
                place="Aula",
                delegates=(_ref(g),),
            )
        with contextlib.suppress(k.DomainError):
            app.handle(command)
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()
    Projector(app.store, ForumDirectory(), models).run()
    closed = {g for g in GROUPS if app.group(g).closed}  # type: ignore[union-attr]
    truth: dict[str, set[str]] = {}
    for forum_id in FORUM_IDS:
        state = app.forum(forum_id)
        assert state is not None
        current = current_members(state.members, lambda ref: app.load(ref)[0])
        assert not closed & set(current)
        assert set(current) == set(state.members) - closed
        truth[str(forum_id)] = {str(m) for m in current}
        [row] = models.rows(FORUMS, {"forum_id": str(forum_id)})
        assert row["member_count"] == len(current)
        # The forum's deciders see the same members: an ended one sends no delegate.
        for member_id, kind in state.members.items():
            musyawarah = k.commands.HoldMusyawarah(
                forum_id=forum_id,
                musyawarah_id=uid(f"check-{member_id}"),
                held_on=DAY + dt.timedelta(days=100),
                place="Aula",
                delegates=(k.PartyRef(kind=kind, id=member_id),),
            )
            if member_id in closed:
                with pytest.raises(k.errors.ForumMemberEnded):
                    app.decide(musyawarah)
            else:
                app.decide(musyawarah)
    shown: dict[str, set[str]] = {str(f): set() for f in FORUM_IDS}
    for row in models.rows(GROUP_FORUMS):
        shown[row["forum_id"]].add(row["group_id"])
    assert shown == truth


def test_a_dissolved_kim_cannot_withdraw_from_the_forum_it_left() -> None:
    app = _app()
    forum_id = FORUM_IDS[0]
    app.handle(k.AdmitToForum(forum_id=forum_id, applicant=_ref(0), admitted_on=DAY))
    app.handle(k.DissolveGroup(group_id=GROUPS[0], reason="bubar", dissolved_on=DAY))
    with pytest.raises(k.errors.ForumMemberEnded) as raised:
        app.handle(k.WithdrawFromForum(forum_id=forum_id, member=_ref(0), withdrew_on=DAY))
    assert raised.value.rule == "forum-member-ended"
    assert isinstance(raised.value, k.errors.NotForumMember)
