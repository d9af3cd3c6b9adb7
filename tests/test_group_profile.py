"""A KIM's profile: its shape, recorded at forming or changed, shown, and never sealed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tests.builders import (
    GROUP_ID,
    POLICY,
    PROFILE,
    context,
    forget,
    form,
    formed,
    group_after,
    mid,
)

import kimcore as k
from kimcore.domain import errors as e
from kimcore.domain import group
from kimcore.domain.views import GROUPS
from kimcore.projections import GroupRegistry, MemoryModels, Projector


def change(profile: k.values.GroupProfile, on: dt.date = dt.date(2024, 3, 1)) -> k.Command:
    return k.commands.ChangeGroupProfile(group_id=GROUP_ID, profile=profile, changed_on=on)


class TestShape:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("rt", "1234"),
            ("rt", "3a"),
            ("rw", ""),
            ("public_phone", "0812"),
            ("public_phone", "telepon kantor desa"),
            ("public_phone", "+62 812 3456 7890 1234 5"),
            ("public_email", "kim.langkai"),
            ("public_email", "kim@langkai"),
            ("website", "langkai"),
            ("website", "ftp://langkai.kim.id"),
            ("street", " "),
            ("street", " Jl. Merdeka 5"),
            ("street", "Jl. Merdeka\n5"),
        ],
    )
    def test_a_malformed_field_is_refused_by_its_name(self, field: str, value: str) -> None:
        with pytest.raises(k.errors.InvalidValue) as refused:
            k.values.GroupProfile(**{field: value})
        assert refused.value.field == field

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("rt", "3"),
            ("rw", "012"),
            ("public_phone", "0536-3221234"),
            ("public_phone", "(0536) 322.1234"),
            ("public_email", "sekretariat@kim-langkai.desa.id"),
            ("website", "langkai.kim.id"),
            ("website", "http://langkai.kim.id/profil"),
        ],
    )
    def test_what_an_office_writes_is_accepted(self, field: str, value: str) -> None:
        assert getattr(k.values.GroupProfile(**{field: value}), field) == value

    @pytest.mark.parametrize(
        ("platform", "account", "field"),
        [
            ("Instagram", "@kim langkai", "account"),
            ("Insta:gram", "@kimlangkai", "platform"),
            ("", "@kimlangkai", "platform"),
        ],
    )
    def test_a_malformed_account_is_refused(self, platform: str, account: str, field: str) -> None:
        with pytest.raises(k.errors.InvalidValue) as refused:
            k.values.SocialAccount(platform=platform, account=account)
        assert refused.value.field == field

    def test_an_account_given_twice_is_refused(self) -> None:
        account = PROFILE.social_accounts[0]
        with pytest.raises(k.errors.InvalidValue) as refused:
            k.values.GroupProfile(social_accounts=(account, account))
        assert refused.value.field == "social_accounts"


class TestRecording:
    def test_forming_with_a_profile_records_it_on_the_forming_day(self) -> None:
        formed_event, profiled = group.decide(None, form(3, profile=PROFILE), context(POLICY))
        assert isinstance(profiled, k.events.GroupProfileChanged)
        assert profiled.profile == PROFILE
        assert profiled.changed_on == formed_event.formed_on  # type: ignore[attr-defined]
        assert group_after([formed_event, profiled]).profile == PROFILE

    def test_forming_with_an_empty_profile_records_none(self) -> None:
        events = group.decide(None, form(3, profile=k.values.GroupProfile()), context(POLICY))
        assert [type(ev) for ev in events] == [k.events.GroupFormed]

    def test_a_change_replaces_the_profile_whole(self) -> None:
        history = [formed(), *group.decide(group_after([formed()]), change(PROFILE), context())]
        smaller = k.values.GroupProfile(public_phone="0536 322 9999")
        (changed,) = group.decide(group_after(history), change(smaller), context())
        assert group_after([*history, changed]).profile == smaller

    def test_the_profile_held_again_records_nothing(self) -> None:
        history = [formed(), *group.decide(group_after([formed()]), change(PROFILE), context())]
        assert group.decide(group_after(history), change(PROFILE), context()) == []
        state = group_after([formed()])
        assert group.decide(state, change(k.values.GroupProfile()), context()) == []

    def test_a_change_before_the_forming_is_refused(self) -> None:
        with pytest.raises(e.DateBeforePrevious):
            group.decide(group_after([formed()]), change(PROFILE, dt.date(2023, 12, 31)), context())


def test_the_registry_shows_the_profile_and_erasure_leaves_it() -> None:
    app = k.Application(k.MemoryStore())
    app.handle(form(3, profile=PROFILE))
    app.forget(forget(mid(0)))
    models = MemoryModels()
    Projector(app.store, GroupRegistry(), models).run()
    [row] = models.rows(GROUPS)
    assert (row["street"], row["rt"], row["rw"]) == ("Jl. Tjilik Riwut Km 2 No. 14", "003", "05")
    assert row["public_phone"] == "+62 536 322 1234"
    assert row["public_email"] == "kim.langkai@palangkaraya.go.id"
    assert row["website"] == "https://langkai.kim.id"
    assert json.loads(row["social_accounts"]) == [
        {"platform": "Instagram", "account": "@kimlangkai"},
        {"platform": "Facebook", "account": "https://facebook.com/kimlangkai"},
    ]
    app.handle(change(k.values.GroupProfile(rt="7")))
    Projector(app.store, GroupRegistry(), models).run()
    [row] = models.rows(GROUPS)
    assert (row["rt"], row["street"], row["social_accounts"]) == ("7", None, None)


def test_the_profile_is_stored_as_written_not_sealed() -> None:
    app = k.Application(k.MemoryStore())
    app.handle(form(3, profile=PROFILE))
    stored = [s for s in app.store.read_all(0, 100) if s.event_type == "GroupProfileChanged"]
    [data] = [s.data.decode() for s in stored]
    assert "kim.langkai@palangkaraya.go.id" in data
    assert "+62 536 322 1234" in data
    assert "pd1." not in data
