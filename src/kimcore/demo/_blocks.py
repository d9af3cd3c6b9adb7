"""The building blocks both demo data sets record with: names, topics, and one command each.

[`kimcore.demo.dataset`][kimcore.demo.dataset] (one province, through the application) and
[`kimcore.demo.nation`][kimcore.demo.nation] (the nation, on states in memory) make the same kinds
of people, KIMs, forums, activities and partnerships; each helper here draws from the caller's
random generator in a fixed order, so the same seed still gives each data set the same facts.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

import attrs

import kimcore as k
from kimcore.domain.regions import authority_region

FIRST = (
    "Siti",
    "Ahmad",
    "Budi",
    "Dewi",
    "Rini",
    "Yusuf",
    "Maria",
    "Agus",
    "Sri",
    "Hendra",
    "Nur",
    "Rudi",
    "Fitri",
    "Joko",
    "Lestari",
    "Andi",
    "Wulan",
    "Bayu",
    "Intan",
    "Dimas",
    "Ratna",
    "Eko",
    "Putri",
    "Fajar",
    "Indah",
    "Galih",
    "Mega",
    "Hadi",
    "Nanda",
    "Irawan",
)
LAST = (
    "Santoso",
    "Rahmawati",
    "Hidayat",
    "Lestari",
    "Wijaya",
    "Saputra",
    "Anggraini",
    "Nugroho",
    "Pratama",
    "Kurniawan",
    "Setiawan",
    "Utami",
    "Siregar",
    "Simanjuntak",
    "Nainggolan",
    "Ulfa",
    "Yani",
    "Permata",
    "Halim",
    "Tanjung",
)
TOPICS = (
    "Pencegahan stunting",
    "Literasi digital",
    "Waspada hoaks",
    "Transparansi dana desa",
    "Air bersih",
    "Harga karet dan beras",
    "Siaga kebakaran hutan dan lahan",
    "Jadwal posyandu",
)
TECHNIQUES = (
    "workshop",
    "temu_wicara",
    "sarasehan",
    "lokakarya",
    "anjangsana",
    "diskusi",
    "dialog",
    "widyawisata",
    "training",
    "advocacy",
    "mediation",
    "counselling",
)
CHANNELS = (
    k.Channel(name="meeting", kind=k.ChannelKind.ANALOG),
    k.Channel(name="notice_board", kind=k.ChannelKind.ANALOG),
    k.Channel(name="leaflet", kind=k.ChannelKind.ANALOG),
    k.Channel(name="social_media", kind=k.ChannelKind.DIGITAL),
    k.Channel(name="instant_messaging", kind=k.ChannelKind.DIGITAL),
    k.Channel(name="website", kind=k.ChannelKind.DIGITAL),
)
OFFICERS = (k.OfficerRole.CHAIR, k.OfficerRole.SECRETARY, k.OfficerRole.TREASURER)
MakeId = Callable[..., uuid.UUID]


def person(
    rng: random.Random, member_id: uuid.UUID, category: k.MemberCategory | None = None
) -> k.MemberDetails:
    """A member with an invented name and telephone number."""
    return k.MemberDetails(
        member_id=member_id,
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        contact=f"+62 8{rng.randint(11, 59)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        category=category or rng.choice(list(k.MemberCategory)),
        # From the id, not the generator: the rest of the data set stays as it was.
        gender=k.values.Gender.WOMAN if member_id.int % 2 else k.values.Gender.MAN,
    )


def group_name(rng: random.Random, village: k.Region) -> str:
    """``KIM <motto> <village>``, the village named without its ``Desa``/``Kelurahan``."""
    motto = rng.choice(("Maju", "Cerdas", "Informatif", "Sejahtera"))
    return f"KIM {motto} {village.name.split(' ', 1)[1]}"


def profile(group_id: uuid.UUID, name: str) -> k.values.GroupProfile:
    """An invented secretariat and public contacts for the KIM *name*, drawn from its id.

    From the id, not the generator, so the rest of a data set stays as it was.
    """
    slug = "".join(ch for ch in name.lower().removeprefix("kim ") if ch.isalnum())
    n = group_id.int
    return k.values.GroupProfile(
        street=f"Jl. {name.rsplit(maxsplit=1)[-1]} No. {n % 90 + 1}",
        rt=f"{n % 12 + 1:03d}",
        rw=f"{n // 12 % 6 + 1:03d}",
        public_phone=f"0{n % 900 + 100} {n % 9000 + 1000} {n // 7 % 9000 + 1000}",
        public_email=f"kim{slug}@gmail.com",
        website=f"https://{slug}.kim.id" if n % 3 else None,
        social_accounts=(
            k.values.SocialAccount(platform="Instagram", account=f"@kim{slug}"),
            k.values.SocialAccount(platform="Facebook", account=f"facebook.com/kim{slug}"),
        )[: 1 + n % 2],
    )


def form_group(
    rng: random.Random,
    *,
    group_id: uuid.UUID,
    village: k.Region,
    urban: bool,
    founders: tuple[k.MemberDetails, ...],
    formed_on: dt.date,
    nth: int = 0,
) -> k.FormGroup:
    """A KIM seated in *village* (a ward when *urban*), reaching people on one to three channels.

    It is named for the village (`group_name`); the *nth* KIM there past the first (from 0)
    carries its number after the name.
    """
    name = group_name(rng, village) + ("" if nth == 0 else f" {nth + 1}")
    return k.FormGroup(
        group_id=group_id,
        name=name,
        seat=k.Seat(
            region=village,
            settlement=k.Settlement.URBAN_WARD if urban else k.Settlement.VILLAGE,
            area=k.Area.URBAN if urban else k.Area.RURAL,
        ),
        founders=founders,
        channels=tuple(rng.sample(CHANNELS, rng.randint(1, 3))),
        formed_on=formed_on,
        profile=profile(group_id, name),
    )


def appoint_officers(
    group_id: uuid.UUID, people: list[k.MemberDetails], on: dt.date
) -> list[k.AppointOfficer]:
    """Chair, secretary and treasurer: the first three of *people*."""
    return [
        k.AppointOfficer(
            group_id=group_id, member_id=person.member_id, post=k.Post(role=role), appointed_on=on
        )
        for person, role in zip(people, OFFICERS, strict=False)
    ]


def confirm_group(
    rng: random.Random,
    *,
    group_id: uuid.UUID,
    village: k.Region,
    urban: bool,
    year: int,
    formed_on: dt.date,
) -> k.ConfirmGroup:
    """The village head's (or lurah's) decree a month after forming."""
    return k.ConfirmGroup(
        group_id=group_id,
        decree=k.Decree(
            number=f"{rng.randint(1, 99)}/{village.code}/{year}",
            issued_on=formed_on + dt.timedelta(days=30),
            authority=k.Authority.LURAH if urban else k.Authority.VILLAGE_HEAD,
            region=village,
        ),
    )


def establish_forum(
    level: k.ForumLevel, region: k.Region, authority: k.Authority, number: str, on: dt.date
) -> k.EstablishForum:
    """A Forum KIM of *region* at *level*, by the decree of *authority*."""
    return k.EstablishForum(
        name="Forum KIM Nusantara"
        if level is k.ForumLevel.NATIONAL
        else f"Forum KIM {region.name}",
        level=level,
        region=region,
        decree=k.Decree(
            number=number,
            issued_on=on,
            authority=authority,
            region=authority_region(authority, region),
        ),
        established_on=on,
    )


def install_board(
    rng: random.Random,
    make_id: MakeId,
    forum: k.EstablishForum,
    until: dt.date,
    musyawarah_id: uuid.UUID | None = None,
) -> k.InstallForumBoard:
    """The board of *forum* for the term from its founding to *until*, with its decree.

    Chair, secretary and treasurer; a provincial or the national forum has a secretary-general
    too. The decree (SK kepengurusan) is by the authority that founded the forum; *musyawarah_id*
    is the musyawarah that elected the board, where one was recorded.
    """
    forum_id, on = forum.forum_id, forum.established_on
    seats = [
        k.BoardSeat(
            person_id=make_id("board", forum_id, role.value),
            name=person(rng, make_id("person", f"board:{forum_id}:{role.value}")).name,
            role=role,
        )
        for role in (k.BoardRole.CHAIR, k.BoardRole.SECRETARY, k.BoardRole.TREASURER)
    ]
    if forum.level in (k.ForumLevel.PROVINCE, k.ForumLevel.NATIONAL):
        # Named from the forum's id, not the generator: the rest of the data set stays as it was.
        general = make_id("board", forum_id, k.BoardRole.SECRETARY_GENERAL.value)
        seats.append(
            k.BoardSeat(
                person_id=general,
                name=person(random.Random(general.int), general).name,
                role=k.BoardRole.SECRETARY_GENERAL,
            )
        )
    founding = forum.decree
    assert founding is not None  # the demo's forums are founded by decree
    return k.InstallForumBoard(
        forum_id=forum_id,
        seats=tuple(seats),
        term_start=on,
        term_end=until,
        musyawarah_id=musyawarah_id,
        decree=attrs.evolve(founding, number=f"{founding.number}/PENGURUS"),
    )


def founding_musyawarah(
    make_id: MakeId, forum: k.EstablishForum, delegates: tuple[k.PartyRef, ...]
) -> k.commands.HoldMusyawarah:
    """The musyawarah pembentukan a week before *forum*'s founding, of *delegates*' KIMs."""
    return k.commands.HoldMusyawarah(
        forum_id=forum.forum_id,
        musyawarah_id=make_id("founding", forum.forum_id),
        kind=k.values.MusyawarahKind.FOUNDING,
        held_on=forum.established_on - dt.timedelta(days=7),
        place=f"Aula Kantor {forum.region.name}",
        delegates=delegates,
        resolutions=(
            f"Pembentukan {forum.name}",
            "Pemilihan pengurus masa bakti pertama",
        ),
    )


def moved_profile(group_id: uuid.UUID, name: str) -> k.values.GroupProfile:
    """The profile of *name* after its secretariat moved and it opened a website."""
    before = profile(group_id, name)
    slug = before.public_email.removeprefix("kim").split("@")[0] if before.public_email else "kim"
    return attrs.evolve(
        before,
        street=f"Jl. Balai {name.rsplit(maxsplit=1)[-1]} No. {group_id.int % 40 + 1}",
        website=f"https://{slug}.kim.id",
    )


def hold_activity(
    rng: random.Random,
    *,
    party: k.PartyRef,
    activity_id: uuid.UUID,
    technique: str,
    delivery: k.Delivery,
    topic: str,
    village: k.Region,
    year: int,
    month: int,
    meeting: str,
    partnership: uuid.UUID | None,
    may_cite: bool = True,
) -> k.HoldActivity:
    """An activity in the village hall, online at ``meet.example.org/<meeting>``, or both.

    When *may_cite*, three in ten name *partnership* (if any) as what they were held under.
    """
    return k.HoldActivity(
        party=party,
        activity_id=activity_id,
        technique=technique,
        functions=frozenset(rng.sample(list(k.AdindaFunction), rng.randint(1, 3))),
        delivery=delivery,
        topic=topic,
        held_on=dt.date(year, month, rng.randint(1, 28)),
        place=None if delivery is k.Delivery.ONLINE else f"Balai {village.name.split(' ', 1)[1]}",
        link=None if delivery is k.Delivery.IN_PERSON else f"https://meet.example.org/{meeting}",
        attendance=rng.randint(8, 90),
        partnership_id=partnership if may_cite and rng.random() < 0.3 else None,
        advocacy=rng.choice(list(k.values.AdvocacyKind)) if technique == "advocacy" else None,
    )


@attrs.frozen
class Offer:
    """What a partner brings: the partnership's kind, the partner, and the terms of that kind."""

    kind: str
    partner: k.Partner
    terms: object


def health_office(topic: str) -> Offer:
    """The health office sharing its experience on *topic*."""
    partner = k.Partner(name="Dinas Kesehatan", sector=k.Sector.GOVERNMENT)
    return Offer("experience", partner, k.domain.ExperienceTerms(topic=topic))


def under_regulation(office: k.CommunicationOffice) -> Offer:
    """The communication office, under the ministry's regulation on KIMs."""
    partner = k.Partner(name=office.name, sector=k.Sector.GOVERNMENT, communication_office=True)
    terms = k.domain.RegulationTerms(legal_basis="Permenkominfo No. 8 Tahun 2019")
    return Offer("regulation", partner, terms)


def community_radio() -> Offer:
    """The community radio, meeting the KIM monthly in the village hall."""
    partner = k.Partner(name="Radio Komunitas Suara Warga", sector=k.Sector.MEDIA)
    terms = k.domain.AnalogTerms(meeting_place="Balai Desa", meeting_frequency="sebulan sekali")
    return Offer("analog", partner, terms)


def sign_partnership(
    rng: random.Random, party: k.PartyRef, partnership_id: uuid.UUID, offer: Offer, on: dt.date
) -> k.SignPartnership:
    """A partnership on *offer* signed on *on* with a memorandum of understanding."""
    return k.SignPartnership(
        party=party,
        partnership_id=partnership_id,
        partnership_type=offer.kind,
        partner=offer.partner,
        terms=offer.terms,
        instrument=k.Instrument(
            kind=k.InstrumentKind.MOU, number=f"MOU/{rng.randint(100, 999)}", signed_on=on
        ),
        signed_on=on,
    )
