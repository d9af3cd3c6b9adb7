"""A realistic data set: KIMs across the districts of Central Kalimantan, for ``kimcore demo``.

Everything goes through the application service, so every rule of the domain
holds. Places follow the Kemendagri code layout of the province (62); people,
numbers and village codes are invented. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator

import attrs

import kimcore as k
from kimcore.demo import _blocks as blocks
from kimcore.demo._blocks import TECHNIQUES, TOPICS
from kimcore.demo.offices import record_practice
from kimcore.domain.identity import KIMCORE_NAMESPACE

PROVINCE = k.Region(code="62", name="Kalimantan Tengah")
NATION = k.Region(code="", name="Indonesia")
# Regency or city: (code, name, head's authority, its districts).
REGENCIES = (
    (
        "62.71",
        "Kota Palangka Raya",
        k.Authority.MAYOR,
        ("Pahandut", "Sabangau", "Jekan Raya", "Bukit Batu", "Rakumpit"),
    ),
    (
        "62.01",
        "Kabupaten Kotawaringin Barat",
        k.Authority.REGENT,
        ("Kumai", "Arut Selatan", "Kotawaringin Lama"),
    ),
    ("62.03", "Kabupaten Kapuas", k.Authority.REGENT, ("Selat", "Kapuas Hilir", "Basarang")),
)
YEAR = 2024


@attrs.frozen(kw_only=True)
class DatasetSize:
    """How much to make: villages per district and KIMs per village."""

    villages_per_district: int = 3
    groups_per_village: int = 1
    seed: int = 2024


@attrs.frozen(kw_only=True)
class DatasetSummary:
    """What was recorded."""

    groups: int
    members: int
    forums: int
    partnerships: int
    activities: int
    events: int
    musyawarah: int = 0
    products: int = 0
    mappings: int = 0
    reports: int = 0
    webinars: int = 0
    profiles: int = 0
    programmes: int = 0
    evaluations: int = 0


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(KIMCORE_NAMESPACE, "dataset:" + ":".join(map(str, parts)))


class _Builder:
    def __init__(self, app: k.Application, size: DatasetSize, tick: Callable[[], None]) -> None:
        self.app = app
        self.size = size
        self.rng = random.Random(size.seed)
        self.tick = tick
        self.groups: list[tuple[k.PartyRef, k.Region, str]] = []  # ref, village, regency code
        self.forum_ids: list[uuid.UUID] = []
        self.counts = dict.fromkeys(
            ("members", "forums", "partnerships", "activities", "events", "profiles"), 0
        )

    def do(self, command: k.Command) -> None:
        self.counts["events"] += len(self.app.handle(command))
        self.tick()

    def person(self, label: str, category: k.MemberCategory | None = None) -> k.MemberDetails:
        return blocks.person(self.rng, _id("person", label), category)

    def villages(self) -> Iterator[tuple[str, k.Region]]:
        """``(regency code, village)`` for every village of the data set."""
        for regency_code, _, _, districts in REGENCIES:
            for d, district_name in enumerate(districts, start=1):
                district = k.Region(code=f"{regency_code}.{d:02d}", name=district_name)
                for v in range(1, self.size.villages_per_district + 1):
                    urban = regency_code == "62.71"
                    village = k.Region(
                        code=f"{district.code}.{(1000 if urban else 2000) + v}",
                        name=f"{'Kelurahan' if urban else 'Desa'} {district_name} {v}",
                    )
                    yield regency_code, village

    def form_groups(self) -> None:
        for regency_code, village in self.villages():
            urban = village.name.startswith("Kelurahan")
            for g in range(self.size.groups_per_village):
                self.form_group(regency_code, village, urban, g)

    def form_group(self, regency_code: str, village: k.Region, urban: bool, g: int) -> None:
        rng = self.rng
        group_id = _id("group", village.code, g)
        size = rng.randint(5, 25)
        people = [self.person(f"{village.code}:{g}:{n}") for n in range(size)]
        founders = rng.randint(3, min(size, 8))
        formed = dt.date(YEAR, 1, rng.randint(2, 25))
        forming = blocks.form_group(
            rng,
            group_id=group_id,
            village=village,
            urban=urban,
            founders=tuple(people[:founders]),
            formed_on=formed,
            nth=g,
        )
        self.do(forming)
        name = forming.name
        for n, person in enumerate(people[founders:]):
            joined = formed + dt.timedelta(days=3 + 5 * n)
            self.do(k.JoinGroup(group_id=group_id, member=person, joined_on=joined))
        self.counts["members"] += size
        for appointment in blocks.appoint_officers(group_id, people, formed):
            self.do(appointment)
        ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
        self.groups.append((ref, village, regency_code))
        if rng.random() < 0.8:  # most are confirmed, and most of those registered
            self.do(
                blocks.confirm_group(
                    rng,
                    group_id=group_id,
                    village=village,
                    urban=urban,
                    year=YEAR,
                    formed_on=formed,
                )
            )
            if rng.random() < 0.75:
                self.do(
                    k.RegisterGroup(
                        group_id=group_id,
                        office=_office(regency_code),
                        registration_number=f"KIM/{regency_code.replace('.', '')}/{YEAR}/"
                        f"{len(self.groups):03d}",
                        registered_on=formed + dt.timedelta(days=45),
                    )
                )
        if group_id.int % 4 == 0:  # a KIM in four moves its secretariat and opens a website
            self.do(
                k.commands.ChangeGroupProfile(
                    group_id=group_id,
                    profile=blocks.moved_profile(group_id, name),
                    changed_on=formed + dt.timedelta(days=100),
                )
            )
            self.counts["profiles"] += 1

    def forums(self) -> None:
        on = dt.date(YEAR, 3, 1)
        province = self.establish(k.ForumLevel.PROVINCE, PROVINCE, k.Authority.GOVERNOR, on)
        national = self.establish(k.ForumLevel.NATIONAL, NATION, k.Authority.MINISTER, on)
        self.admit(national, k.PartyRef(kind=k.PartyKind.FORUM, id=province), on)
        for regency_code, regency_name, head, districts in REGENCIES:
            region = k.Region(code=regency_code, name=regency_name)
            kims = [ref for ref, _, code in self.groups if code == regency_code]
            regency = self.establish(k.ForumLevel.REGENCY, region, head, on, kims)
            self.admit(province, k.PartyRef(kind=k.PartyKind.FORUM, id=regency), on)
            for ref in kims:
                if self.rng.random() < 0.5:
                    self.admit(regency, ref, dt.date(YEAR, 4, self.rng.randint(1, 28)))
            for d, name in enumerate(districts, start=1):
                district = k.Region(code=f"{regency_code}.{d:02d}", name=name)
                inside = [
                    ref
                    for ref, village, _ in self.groups
                    if village.code.startswith(district.code + ".")
                ]
                forum = self.establish(
                    k.ForumLevel.DISTRICT, district, k.Authority.CAMAT, on, inside
                )
                for ref in inside:
                    self.admit(forum, ref, dt.date(YEAR, 3, self.rng.randint(2, 28)))

    def establish(
        self,
        level: k.ForumLevel,
        region: k.Region,
        authority: k.Authority,
        on: dt.date,
        founders: list[k.PartyRef] | None = None,
    ) -> uuid.UUID:
        """A forum, its founding musyawarah of the KIMs *founders*' delegates, and its board."""
        command = blocks.establish_forum(level, region, authority, f"FK/{level.value}/{YEAR}", on)
        self.do(command)
        musyawarah = None
        if founders:  # held a week before; its delegates' KIMs are admitted after
            founding = blocks.founding_musyawarah(_id, command, tuple(founders))
            self.do(founding)
            musyawarah = founding.musyawarah_id
        until = dt.date(YEAR + 3, 2, 28)
        self.do(blocks.install_board(self.rng, _id, command, until, musyawarah))
        self.counts["forums"] += 1
        self.forum_ids.append(command.forum_id)
        return command.forum_id

    def admit(self, forum_id: uuid.UUID, applicant: k.PartyRef, on: dt.date) -> None:
        self.do(k.AdmitToForum(forum_id=forum_id, applicant=applicant, admitted_on=on))

    def year_of_activities(self) -> None:
        rng = self.rng
        for ref, village, regency_code in self.groups:
            state = self.app.group(ref.id)
            assert state is not None
            topics: list[str] = []
            partnership: uuid.UUID | None = None
            for month in range(2, 13):
                if month == 7 and topics and state.stage is k.values.GroupStage.REGISTERED:
                    partnership = self.sign(ref, regency_code, topics[0])
                topic = rng.choice(TOPICS)
                topics.append(topic)
                delivery = rng.choice(list(k.Delivery))
                technique = rng.choice(TECHNIQUES)
                self.do(
                    blocks.hold_activity(
                        rng,
                        party=ref,
                        activity_id=_id("activity", ref.id, month),
                        technique=technique,
                        delivery=delivery,
                        topic=topic,
                        village=village,
                        year=YEAR,
                        month=month,
                        meeting=f"{str(ref.id)[:8]}-{month}",
                        partnership=partnership,
                        may_cite=month > 7,
                    )
                )
                self.counts["activities"] += 1

    def sign(self, ref: k.PartyRef, regency_code: str, topic: str) -> uuid.UUID:
        kind = self.rng.choice(("experience", "regulation", "analog"))
        partnership_id = _id("partnership", ref.id)
        if kind == "experience":
            offer = blocks.health_office(topic)
        elif kind == "regulation":
            offer = blocks.under_regulation(_office(regency_code))
        else:
            offer = blocks.community_radio()
        on = dt.date(YEAR, 7, 1)
        self.do(blocks.sign_partnership(self.rng, ref, partnership_id, offer, on))
        self.counts["partnerships"] += 1
        return partnership_id


def _office(regency_code: str) -> k.CommunicationOffice:
    """The regency's or city's communication office (Diskominfo)."""
    name = next(n for code, n, _, _ in REGENCIES if code == regency_code)
    return k.CommunicationOffice(
        name=f"Diskominfo {name}", region=k.Region(code=regency_code, name=name)
    )


def build_dataset(
    app: k.Application,
    size: DatasetSize | None = None,
    *,
    tick: Callable[[], None] = lambda: None,
) -> DatasetSummary:
    """Record the data set through *app*; *tick* is called after every command."""
    builder = _Builder(app, size or DatasetSize(), tick)
    builder.form_groups()
    builder.forums()
    builder.year_of_activities()
    practice = record_practice(
        builder.do,
        groups=builder.groups,
        forums=builder.forum_ids,
        office_of=_office,
        app=app,
        make_id=_id,
        year=YEAR,
    )
    return DatasetSummary(
        groups=len(builder.groups),
        members=builder.counts["members"],
        forums=builder.counts["forums"],
        partnerships=builder.counts["partnerships"],
        activities=builder.counts["activities"],
        events=builder.counts["events"],
        musyawarah=practice["musyawarah"],
        products=practice["products"],
        mappings=practice["mappings"],
        reports=practice["reports"],
        webinars=practice["webinars"],
        profiles=builder.counts["profiles"],
        programmes=practice["programmes"],
        evaluations=practice["evaluations"],
    )
