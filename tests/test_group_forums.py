"""A KIM's forum memberships are one per level: leaving one forum leaves the others."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.builders import DISTRICT, GROUP, REGENCY, establish, form

import kimcore as k
from kimcore.domain.views import GROUP_FORUMS, GROUPS
from kimcore.projections import GroupRegistry, MemoryModels, Projector

DAY = dt.date(2024, 2, 1)
FORUMS = {
    "district": establish(
        level=k.ForumLevel.DISTRICT, region=DISTRICT, authority=k.Authority.CAMAT
    ),
    "regency": establish(level=k.ForumLevel.REGENCY, region=REGENCY, authority=k.Authority.MAYOR),
}


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(FORUMS)), st.booleans()), max_size=8))
def test_the_registry_shows_the_forum_of_every_level_the_kim_is_in(
    steps: list[tuple[str, bool]],
) -> None:
    app = k.Application(k.MemoryStore())
    app.handle(form())
    for command in FORUMS.values():
        app.handle(command)
    for level, join in steps:
        forum_id = FORUMS[level].forum_id
        command: k.Command = (
            k.AdmitToForum(forum_id=forum_id, applicant=GROUP, admitted_on=DAY)
            if join
            else k.WithdrawFromForum(forum_id=forum_id, member=GROUP, withdrew_on=DAY)
        )
        with contextlib.suppress(k.DomainError):
            app.handle(command)
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()
    truth = {
        level: str(command.forum_id)
        for level, command in FORUMS.items()
        if GROUP.id in app.forum(command.forum_id).members  # type: ignore[union-attr]
    }
    [row] = models.rows(GROUPS)
    assert {
        level: row[f"{level}_forum_id"] for level in FORUMS if row[f"{level}_forum_id"]
    } == truth
    assert {r["level"]: r["forum_id"] for r in models.rows(GROUP_FORUMS)} == truth


def test_leaving_the_regency_forum_keeps_the_district_one() -> None:
    app = k.Application(k.MemoryStore())
    app.handle(form())
    for command in FORUMS.values():
        app.handle(command)
        app.handle(k.AdmitToForum(forum_id=command.forum_id, applicant=GROUP, admitted_on=DAY))
    regency = FORUMS["regency"].forum_id
    app.handle(k.WithdrawFromForum(forum_id=regency, member=GROUP, withdrew_on=DAY))
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()
    [row] = models.rows(GROUPS)
    assert row["district_forum_id"] == str(FORUMS["district"].forum_id)
    assert row["regency_forum_id"] is None
