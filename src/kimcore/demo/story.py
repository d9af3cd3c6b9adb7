"""A scripted story: a KIM forms, grows, joins a forum, signs a partnership, holds activities.

Run it with ``python -m kimcore.demo [--db FILE]``: it records the story in a
new SQLite file, projects the portal's read models into the same file and
prints the log, the state and the tables. Places use Kemendagri-style codes of
Palangka Raya, Central Kalimantan; people and numbers are invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import uuid
from pathlib import Path
from typing import Any

import kimcore as k
from kimcore.domain.identity import KIMCORE_NAMESPACE
from kimcore.domain.views import ACTIVITY_REPORT, FORUMS, GROUPS, MEMBERS, PARTNERSHIPS
from kimcore.projections import OnePassProjector, SqliteModels, portal_models

D = dt.date


def _id(label: str) -> uuid.UUID:
    return uuid.uuid5(KIMCORE_NAMESPACE, f"demo:{label}")


PEOPLE = [
    ("Siti Rahmawati", k.MemberCategory.ADULT),
    ("Budi Santoso", k.MemberCategory.TRADER),
    ("Rini Lestari", k.MemberCategory.UNIVERSITY_STUDENT),
    ("Ahmad Yani", k.MemberCategory.FARMER),
    ("Dewi Anggraini", k.MemberCategory.YOUTH),
    ("Yusuf Hidayat", k.MemberCategory.FISHER),
    ("Maria Ulfa", k.MemberCategory.PUPIL),
]
# What the office's report counts them by (its men and women columns).
_MEN = {"Budi Santoso", "Ahmad Yani", "Yusuf Hidayat"}


def _member(index: int) -> k.MemberDetails:
    name, category = PEOPLE[index]
    return k.MemberDetails(
        member_id=_id(name),
        name=name,
        contact=f"+62 812 0000 {index:04d}",
        category=category,
        gender=k.values.Gender.MAN if name in _MEN else k.values.Gender.WOMAN,
    )


def run_story(app: k.Application) -> tuple[uuid.UUID, uuid.UUID]:
    """Record the story on *app*; return the group's and the forum's ids."""
    group_id = _id("kim-langkai")
    seat = k.Seat(
        region=k.Region(code="62.71.01.1002", name="Langkai"),
        settlement=k.Settlement.URBAN_WARD,
        area=k.Area.URBAN,
    )
    channels = (
        k.Channel(name="meeting", kind=k.ChannelKind.ANALOG),
        k.Channel(name="social_media", kind=k.ChannelKind.DIGITAL),
    )
    founders = tuple(_member(i) for i in range(5))
    group = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    conversation = _id("musyawarah")

    def do(command: k.Command) -> None:
        app.handle(command, correlation_id=conversation)

    do(
        k.FormGroup(
            group_id=group_id,
            name="KIM Langkai Informatif",
            seat=seat,
            founders=founders,
            channels=channels,
            formed_on=D(2024, 1, 15),
            profile=k.values.GroupProfile(
                street="Jl. Tjilik Riwut Km 2 No. 14",
                rt="003",
                rw="005",
                public_phone="0536 322 1234",
                public_email="kimlangkai@gmail.com",
                website="https://langkai.kim.id",
                social_accounts=(
                    k.values.SocialAccount(platform="Instagram", account="@kimlangkai"),
                    k.values.SocialAccount(platform="YouTube", account="@kimlangkaiinformatif"),
                ),
            ),
        )
    )
    for i in (5, 6):
        do(k.JoinGroup(group_id=group_id, member=_member(i), joined_on=D(2024, 2, 1)))
    for i, role in (
        (0, k.OfficerRole.CHAIR),
        (2, k.OfficerRole.SECRETARY),
        (1, k.OfficerRole.TREASURER),
    ):
        post = k.Post(role=role)
        do(
            k.AppointOfficer(
                group_id=group_id,
                member_id=_member(i).member_id,
                post=post,
                appointed_on=D(2024, 1, 15),
            )
        )
    do(
        k.ConfirmGroup(
            group_id=group_id,
            decree=k.Decree(
                number="12/KEL-LK/2024",
                issued_on=D(2024, 2, 20),
                authority=k.Authority.LURAH,
                region=k.Region(code="62.71.01.1002", name="Langkai"),
            ),
        )
    )
    do(
        k.RegisterGroup(
            group_id=group_id,
            office=k.CommunicationOffice(
                name="Diskominfo Kota Palangka Raya",
                region=k.Region(code="62.71", name="Kota Palangka Raya"),
            ),
            registration_number="KIM/6271/2024/031",
            registered_on=D(2024, 3, 5),
        )
    )
    forum_cmd = k.EstablishForum(
        name="Forum KIM Kecamatan Pahandut",
        level=k.ForumLevel.DISTRICT,
        region=k.Region(code="62.71.01", name="Pahandut"),
        decree=k.Decree(
            number="45/PHD/2024",
            issued_on=D(2024, 3, 1),
            authority=k.Authority.CAMAT,
            region=k.Region(code="62.71.01", name="Pahandut"),
        ),
        established_on=D(2024, 3, 1),
    )
    do(forum_cmd)
    do(k.AdmitToForum(forum_id=forum_cmd.forum_id, applicant=group, admitted_on=D(2024, 3, 10)))
    do(
        k.HoldActivity(
            party=group,
            activity_id=_id("sarasehan-stunting"),
            technique="sarasehan",
            functions=frozenset({k.AdindaFunction.DISCUSS, k.AdindaFunction.DISSEMINATE}),
            delivery=k.Delivery.IN_PERSON,
            topic="Stunting prevention",
            held_on=D(2024, 4, 6),
            place="Balai Kelurahan Langkai",
            attendance=42,
        )
    )
    partnership_id = _id("dinkes-stunting")
    do(
        k.SignPartnership(
            party=group,
            partnership_id=partnership_id,
            partnership_type="experience",
            partner=k.Partner(
                name="Dinas Kesehatan Kota Palangka Raya", sector=k.Sector.GOVERNMENT
            ),
            terms=k.domain.ExperienceTerms(topic="stunting prevention"),
            instrument=k.Instrument(
                kind=k.InstrumentKind.COOPERATION_AGREEMENT,
                number="440/112/DINKES/2024",
                signed_on=D(2024, 5, 2),
            ),
            signed_on=D(2024, 5, 2),
        )
    )
    do(
        k.HoldActivity(
            party=group,
            activity_id=_id("counselling-posyandu"),
            technique="counselling",
            functions=frozenset({k.AdindaFunction.DISSEMINATE, k.AdindaFunction.ASPIRATION}),
            delivery=k.Delivery.HYBRID,
            topic="Stunting prevention",
            held_on=D(2024, 6, 8),
            place="Posyandu Melati",
            link="https://meet.example.org/kim-langkai",
            attendance=65,
            partnership_id=partnership_id,
        )
    )
    do(
        k.LeaveGroup(
            group_id=group_id,
            member_id=_member(4).member_id,
            left_on=D(2024, 8, 1),
            reason=k.values.LeaveReason.MOVED_AWAY,
        )
    )
    # She moved away and withdraws her consent: her key is destroyed (UU PDP No. 27/2022).
    app.forget(
        k.ForgetSubject(
            subject_id=_member(4).member_id,
            requested_by=k.values.ErasureRequester.DATA_SUBJECT,
            basis=k.values.ErasureBasis.CONSENT_WITHDRAWN,
            requested_on=D(2024, 9, 2),
        ),
        correlation_id=conversation,
    )
    return group_id, forum_cmd.forum_id


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("role", "number", "code", "category", "kind", "topic", "legal_basis"):
            if key in value:
                return str(value[key])
        if "region" in value:
            return _brief(value["region"])
        # A person's record is shown by category above; only organisations show a name.
        return str(value.get("name", "{…}"))
    if isinstance(value, list):
        return "[" + ", ".join(_brief(item) for item in value) + "]"
    return str(value)


def _summary(data: dict[str, Any]) -> str:
    parts = (f"{key}={_brief(val)}" for key, val in data.items() if not key.endswith("_id"))
    line = ", ".join(parts)
    return line if len(line) <= 100 else line[:99] + "…"


def main(argv: list[str] | None = None) -> None:
    """Run the story on SQLite, project the portal's read models, print log, state and models."""
    parser = argparse.ArgumentParser(prog="python -m kimcore.demo", description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="SQLite file to create (default: a new one in a temp directory)"
    )
    args = parser.parse_args(argv)
    path = args.db or Path(tempfile.mkdtemp(prefix="kimcore-demo-")) / "kim.db"
    if path.exists():
        parser.error(f"{path} exists: the story starts from an empty store")
    with k.open_store(f"sqlite:///{path}") as store:
        _tell(k.Application(store), path)


def _tell(app: k.Application, path: Path) -> None:
    """Run the story on *app* and print what it recorded."""
    group_id, forum_id = run_story(app)
    print(f"Store: {path}")
    print("Event log (position  stream@version  type  summary)")
    log = app.store.read_all(limit=10_000)
    keys = k.events.Keys.for_payloads(app.store.keys.get_many, (s.data for s in log))
    for stored in log:
        recorded = app.codec.decode(stored, keys)
        print(
            f"{stored.position:>3}  {stored.stream_id[:14]}…@{stored.stream_version:<2}"
            f" {stored.event_type:<20} {_summary(app.codec.to_data(recorded.event))}"
        )
    group = app.group(group_id)
    forum = app.forum(forum_id)
    group_ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
    assert group is not None
    assert forum is not None
    officers = {
        str(post): group.members[member].category.value
        for member, posts in group.posts.items()
        for post in posts
    }
    print()
    print(
        f"{group.name}: {group.stage.value}, standing {group.standing.value},"
        f" {group.kind.value if group.kind else 'no'} channels"
    )
    print(f"  members: {len(group.members)} (bounds {group.bounds.minimum}-{group.bounds.maximum})")
    print(f"  officers: {officers}")
    print(
        f"  partnerships active: {len(group.book.active_partnerships)},"
        f" activities held: {len(group.book.activity_ids)}"
    )
    print(
        f"{forum.name} ({forum.level.value}, {forum.region.code}): {len(forum.members)} member(s)"
    )
    (formed,) = (
        e.event for e in app.history(group_ref) if isinstance(e.event, k.events.GroupFormed)
    )
    erased = sum(k.personal.is_redacted(founder.name) for founder in formed.founders)
    print(f"founders whose personal data was erased on request: {erased} of {len(formed.founders)}")
    _show_read_models(app.store, path)


def _show_read_models(store: k.EventStore, path: Path) -> None:
    """Project the portal's read models into the store's own file and show them (no names)."""
    with SqliteModels(str(path)) as models:
        OnePassProjector(store, portal_models(), models).run()
        _print_read_models(models)


def _print_read_models(models: SqliteModels) -> None:
    print()
    print("Read models (tables in the same SQLite file)")
    for row in models.rows(GROUPS):
        print(
            f"  kim_groups: {row['name']}, {row['region_name']}, {row['stage']},"
            f" {row['member_count']} members, {row['kind']}"
        )
    members = models.rows(MEMBERS)
    print(f"  kim_members: {len(members)} current members (names stay in the file, not shown)")
    for row in models.rows(FORUMS):
        print(
            f"  kim_forums: {row['name']} ({row['level']}), {row['member_count']} member group(s)"
        )
    for row in models.rows(PARTNERSHIPS):
        print(
            f"  kim_partnerships: {row['partnership_type']} with {row['partner_name']},"
            f" {row['status']}, {row['activity_count']} activity"
        )
    for row in models.rows(ACTIVITY_REPORT):
        print(
            f"  kim_activity_report: {row['month']} {row['technique']} on {row['topic']!r}:"
            f" {row['activities']} activity, {row['attendance']} attending"
        )
