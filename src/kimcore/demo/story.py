"""A scripted story: a KIM forms, grows, joins a forum, signs a partnership, holds activities.

``kimcore demo --story`` (``python -m kimcore.demo --story``) records it in a new SQLite file,
projects the read models into the same file and prints the log, the state and the tables
([`kimcore.demo.telling`][kimcore.demo.telling]). Places use Kemendagri-style codes of
Palangka Raya, Central Kalimantan; people and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import uuid

import kimcore as k
from kimcore.domain.identity import KIMCORE_NAMESPACE

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
