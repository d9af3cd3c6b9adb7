"""A scripted story: a KIM forms, grows, joins a forum, signs a partnership, holds activities.

The city's office works with it as PM 4/2024 art. 24 says: a bimtek, monitoring and
evaluation, its mapping (both types of art. 23(2), and the public issues it works on); its
district's forum is founded in a musyawarah of the KIMs' delegates, which elects the board the
camat's decree installs; the KIM moves its secretariat and a member who left is forgotten.

``kimcore demo --story`` (``python -m kimcore.demo --story``) records it in a new SQLite file,
projects the read models into the same file and prints the log, the state and the tables
([`kimcore.demo.telling`][kimcore.demo.telling]). Places use Kemendagri-style codes of
Palangka Raya, Central Kalimantan; people and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import attrs

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
# The KIM's secretariat and public contacts as it was formed: the KIM's own, not a person's
# (the tests' builders take it too: one KIM's profile with every field filled).
PROFILE = k.values.GroupProfile(
    street="Jl. Tjilik Riwut Km 2 No. 14",
    rt="003",
    rw="05",
    public_phone="+62 536 322 1234",
    public_email="kim.langkai@palangkaraya.go.id",
    website="https://langkai.kim.id",
    social_accounts=(
        k.values.SocialAccount(platform="Instagram", account="@kimlangkai"),
        k.values.SocialAccount(platform="Facebook", account="https://facebook.com/kimlangkai"),
    ),
)

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
            profile=PROFILE,
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
            office=OFFICE,
            registration_number="KIM/6271/2024/031",
            registered_on=D(2024, 3, 5),
        )
    )
    district = k.Region(code="62.71.01", name="Pahandut")
    forum_cmd = k.EstablishForum(
        name="Forum KIM Kecamatan Pahandut",
        level=k.ForumLevel.DISTRICT,
        region=district,
        decree=k.Decree(
            number="45/PHD/2024",
            issued_on=D(2024, 3, 1),
            authority=k.Authority.CAMAT,
            region=district,
        ),
        established_on=D(2024, 3, 1),
    )
    do(forum_cmd)
    # Its founding musyawarah was held before it was established, by the delegates of the
    # KIMs that form it: KIM Langkai is admitted after, as a member.
    founding = _id("musyawarah-pembentukan")
    do(
        k.commands.HoldMusyawarah(
            forum_id=forum_cmd.forum_id,
            musyawarah_id=founding,
            kind=k.values.MusyawarahKind.FOUNDING,
            held_on=D(2024, 2, 24),
            place="Aula Kantor Kecamatan Pahandut",
            delegates=(group,),
            resolutions=(
                "Pembentukan Forum KIM Kecamatan Pahandut",
                "Pemilihan pengurus masa bakti 2024-2027",
            ),
        )
    )
    do(
        k.InstallForumBoard(
            forum_id=forum_cmd.forum_id,
            seats=tuple(
                k.BoardSeat(person_id=_id(f"board:{name}"), name=name, role=role)
                for name, role in (
                    ("Hendra Saputra", k.BoardRole.CHAIR),
                    ("Intan Permata", k.BoardRole.SECRETARY),
                    ("Fajar Nugroho", k.BoardRole.TREASURER),
                )
            ),
            term_start=D(2024, 3, 1),
            term_end=D(2027, 2, 28),
            musyawarah_id=founding,
            decree=k.Decree(
                number="46/PHD/2024",
                issued_on=D(2024, 3, 1),
                authority=k.Authority.CAMAT,
                region=district,
            ),
        )
    )
    do(k.AdmitToForum(forum_id=forum_cmd.forum_id, applicant=group, admitted_on=D(2024, 3, 10)))
    do(
        k.HoldActivity(
            party=group,
            activity_id=_id("sarasehan-stunting"),
            technique="sarasehan",
            functions=frozenset({k.AdindaFunction.DISCUSS, k.AdindaFunction.DISSEMINATE}),
            delivery=k.Delivery.IN_PERSON,
            topic="Pencegahan stunting",
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
            terms=k.domain.ExperienceTerms(topic="pencegahan stunting"),
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
            topic="Pencegahan stunting",
            held_on=D(2024, 6, 8),
            place="Posyandu Melati",
            link="https://meet.example.org/kim-langkai",
            attendance=65,
            partnership_id=partnership_id,
        )
    )
    do(
        k.commands.ChangeGroupProfile(
            group_id=group_id,
            profile=attrs.evolve(
                PROFILE,
                street="Jl. RTA Milono Km 1,5 No. 3",
                rt="002",
                rw="005",
                public_phone="0536 322 5678",
            ),
            changed_on=D(2024, 7, 1),
        )
    )
    _office_year(do, group_id)
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


OFFICE = k.CommunicationOffice(
    name="Diskominfo Kota Palangka Raya",
    region=k.Region(code="62.71", name="Kota Palangka Raya"),
)


def _office_year(do: Callable[[k.Command], None], group_id: uuid.UUID) -> None:
    """The city's office with the KIM (art. 24): a bimtek, its evaluation, its mapping."""
    do(
        k.commands.HoldPartnershipProgramme(
            office=OFFICE,
            programme_id=_id("bimtek-media-sosial"),
            form=k.values.CommunicationPartnershipForm.CAPACITY_BUILDING,
            title="Bimtek pengelolaan media sosial KIM",
            groups=(group_id,),
            held_on=D(2024, 8, 14),
        )
    )
    monev = _id("monev-2024")
    do(
        k.commands.HoldPartnershipProgramme(
            office=OFFICE,
            programme_id=monev,
            form=k.values.CommunicationPartnershipForm.MONITORING_EVALUATION,
            title="Monitoring dan evaluasi KIM 2024",
            groups=(group_id,),
            held_on=D(2024, 10, 7),
        )
    )
    do(
        k.commands.EvaluateGroup(
            office=OFFICE,
            evaluation_id=_id("evaluasi-langkai-2024"),
            group_id=group_id,
            evaluated_on=D(2024, 10, 9),
            findings=(
                "Sarasehan dan konseling pencegahan stunting rutin bersama Dinas Kesehatan",
                "Akun Instagram diperbarui setiap pekan",
            ),
            result="Aktif",
            programme_id=monev,
        )
    )
    do(
        k.commands.MapGroup(
            office=OFFICE,
            group_id=group_id,
            profile=k.values.MappingProfile(
                # Both types of art. 23(2): it informs, and it empowers (with the posyandu).
                community_types=frozenset(k.values.CommunityType),
                audiences=("ibu hamil dan menyusui", "kader posyandu"),
                media=("Instagram", "papan informasi"),
                content_types=("kesehatan",),
                fields=("kesehatan",),
                public_issues=("stunting", "gizi buruk"),
                strength=k.values.Rating.HIGH,
                influence=k.values.Rating.MEDIUM,
                priority=k.values.Rating.HIGH,
            ),
            mapped_on=D(2024, 11, 1),
        )
    )
