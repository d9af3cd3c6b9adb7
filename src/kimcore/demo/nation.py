"""A data set at the nation's scale: ``kimcore demo --kims N [--years Y]``.

KIMs in villages of all 38 provinces ([`kimcore.demo.places`][kimcore.demo.places]), about 24
members each with three officers, most confirmed and registered; a Forum KIM in every district,
regency and province and the national one, each with its board and its members (KIMs in the
district's and some in the regency's forum, regency forums in the province's, province forums in
the nation's); partnerships, and activities over *years* years.

Fast, and still only what the rules allow: every command is decided by the application's own
deciders on states kept in memory (the decision a service would take, without reading the store
for each one), and each stream's events are sealed by
[`Application.encode`][kimcore.Application.encode] (every person's data under their own key) and
appended in one write. 100,000 KIMs make about 1.26 million events. The same *kims*, *years* and
*seed* give the same KIMs, people and facts; event ids, keys and times are new each run.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

import attrs

import kimcore as k
from kimcore.demo import _blocks as blocks
from kimcore.demo._blocks import TECHNIQUES, TOPICS
from kimcore.demo.dataset import DatasetSummary
from kimcore.demo.offices import mapping_of, partnership_programmes
from kimcore.demo.places import District, Regency, nation
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.identity import KIMCORE_NAMESPACE, AggregateRef
from kimcore.stores import NO_STREAM

__all__ = ["NationSize", "build_nation"]

NATION = k.Region(code="", name="Indonesia")
_LAST_YEAR = 2025


@attrs.frozen(kw_only=True)
class NationSize:
    """How much to make: KIMs in all, years of activities, and the seed."""

    kims: int = attrs.field(validator=attrs.validators.ge(1))
    years: int = attrs.field(default=3, validator=[attrs.validators.ge(1), attrs.validators.le(20)])
    seed: int = 2024


def _id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(KIMCORE_NAMESPACE, "nation:" + ":".join(map(str, parts)))


class _Desk:
    """Decides commands on states in memory and appends each finished stream in one write."""

    def __init__(self, app: k.Application, tick: Callable[[int], None]) -> None:
        self.app = app
        self.tick = tick
        self.states: dict[AggregateRef, Any] = {}
        self.pending: dict[AggregateRef, list[k.Event]] = {}
        self.context = DecisionContext(policy=app.policy, load=self._load)
        self.events = 0

    def _load(self, ref: AggregateRef) -> Any:
        return self.states.get(ref)

    def do(self, command: k.Command) -> AggregateRef:
        """Decide *command*; the aggregate it addressed."""
        decider, ref = self.app.deciders.for_command(command)
        state = self.states.get(ref, decider.initial)
        events = decider.decide(state, command, self.context)
        self.states[ref] = decider.fold(events, state)
        self.pending.setdefault(ref, []).extend(events)
        return ref

    def append(self, ref: AggregateRef, *, keep: bool = False) -> None:
        """Record the stream's events; its state is forgotten unless *keep*."""
        events = self.pending.pop(ref)
        stream_id = self.app.deciders.kind(ref.kind).stream_id(ref.id)
        self.app.store.append(stream_id, self.app.encode(events), NO_STREAM)
        self.events += len(events)
        self.tick(len(events))
        if not keep:
            del self.states[ref]


class _Builder:
    def __init__(self, desk: _Desk, size: NationSize) -> None:
        self.desk = desk
        self.size = size
        self.rng = random.Random(f"nation:{size.seed}:{size.kims}:{size.years}")
        self.first = _LAST_YEAR - size.years + 1
        self.counts = dict.fromkeys(
            ("groups", "members", "forums", "partnerships", "activities", "profiles"), 0
        )
        self.counts |= dict.fromkeys(("mappings", "reports", "programmes", "evaluations"), 0)
        self.registered: list[uuid.UUID] = []  # the regency's, kept for its office's year

    def person(self, label: str) -> k.MemberDetails:
        return blocks.person(self.rng, _id("person", label))

    def build(self) -> None:
        national = self.forum(k.ForumLevel.NATIONAL, NATION, k.Authority.MINISTER)
        for province, regencies in nation(self.size.kims, self.size.seed):
            if not regencies:
                continue
            forum = self.forum(k.ForumLevel.PROVINCE, province, k.Authority.GOVERNOR)
            for regency in regencies:
                self.regency(regency, forum)
            self.admit(national, forum, dt.date(self.first, 9, 1))
            self.desk.append(forum)
        self.desk.append(national)

    def regency(self, regency: Regency, province_forum: AggregateRef) -> None:
        on = dt.date(self.first, 7, 1)
        forum = self.forum(k.ForumLevel.REGENCY, regency.region, regency.head)
        for district in regency.districts:
            district_forum = self.forum(k.ForumLevel.DISTRICT, district.region, k.Authority.CAMAT)
            for group in self.district(regency, district):
                if self.rng.random() < 0.7:
                    self.admit(district_forum, group, on + dt.timedelta(self.rng.randint(0, 60)))
                if self.rng.random() < 0.3:
                    self.admit(forum, group, on + dt.timedelta(self.rng.randint(0, 60)))
                # The office reads its registered KIMs when it maps and evaluates them.
                self.desk.append(group, keep=group.id in self.registered)
            self.desk.append(district_forum)
        self.office_year(regency)
        self.admit(province_forum, forum, dt.date(self.first, 8, 15))
        self.desk.append(forum, keep=True)  # the province's forum reads it when admitting it

    def district(self, regency: Regency, district: District) -> list[AggregateRef]:
        return [self.group(regency, village) for village in district.villages]

    def group(self, regency: Regency, village: k.Region) -> AggregateRef:
        rng = self.rng
        group_id = _id("group", village.code)
        urban = village.code.split(".")[3].startswith("1")
        people = [self.person(f"{village.code}:{n}") for n in range(rng.randint(20, 28))]
        joining = rng.randint(0, 5)
        founders = people[: len(people) - joining]
        formed = dt.date(self.first, rng.randint(1, 5), rng.randint(1, 28))
        forming = blocks.form_group(
            rng,
            group_id=group_id,
            village=village,
            urban=urban,
            founders=tuple(founders),
            formed_on=formed,
        )
        self.desk.do(forming)
        name = forming.name
        for appointment in blocks.appoint_officers(group_id, people, formed):
            self.desk.do(appointment)
        registered = False
        if rng.random() < 0.8:
            self.desk.do(
                blocks.confirm_group(
                    rng,
                    group_id=group_id,
                    village=village,
                    urban=urban,
                    year=self.first,
                    formed_on=formed,
                )
            )
            if rng.random() < 0.75:
                registered = True
                self.desk.do(
                    k.RegisterGroup(
                        group_id=group_id,
                        office=_office(regency),
                        registration_number=f"KIM/{village.code.replace('.', '')}/{self.first}",
                        registered_on=formed + dt.timedelta(days=45),
                    )
                )
        for n, person in enumerate(people[len(founders) :]):
            on = formed + dt.timedelta(days=60 + 90 * n)
            self.desk.do(k.JoinGroup(group_id=group_id, member=person, joined_on=on))
        if group_id.int % 4 == 0:  # a KIM in four moves its secretariat and opens a website
            self.desk.do(
                k.commands.ChangeGroupProfile(
                    group_id=group_id,
                    profile=blocks.moved_profile(group_id, name),
                    changed_on=formed + dt.timedelta(days=100),
                )
            )
            self.counts["profiles"] += 1
        if registered:
            self.registered.append(group_id)
        self.counts["groups"] += 1
        self.counts["members"] += len(people)
        ref = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
        self.years_of_activities(ref, village, regency, registered, people[3])
        return AggregateRef(kind="group", id=group_id)

    def years_of_activities(
        self,
        ref: k.PartyRef,
        village: k.Region,
        regency: Regency,
        registered: bool,
        last: k.MemberDetails,
    ) -> None:
        rng = self.rng
        partnership: uuid.UUID | None = None
        topics: list[str] = []  # an experience-based partnership is on one of them
        for year in range(self.first, self.first + self.size.years):
            if year > self.first and partnership is None and registered and rng.random() < 0.4:
                partnership = self.sign(ref, regency, dt.date(year, 2, 1), topics)
            for month in sorted(rng.sample(range(6, 13), rng.randint(0, 2))):
                technique = rng.choice(TECHNIQUES)
                delivery = rng.choice(list(k.Delivery))
                topics.append(rng.choice(TOPICS))
                self.desk.do(
                    blocks.hold_activity(
                        rng,
                        party=ref,
                        activity_id=_id("activity", ref.id, year, month),
                        technique=technique,
                        delivery=delivery,
                        topic=topics[-1],
                        village=village,
                        year=year,
                        month=month,
                        meeting=f"{str(ref.id)[:8]}-{year}-{month}",
                        partnership=partnership,
                    )
                )
                self.counts["activities"] += 1
        if rng.random() < 0.1:  # a founder (not an officer) moves away in the last year
            self.desk.do(
                k.LeaveGroup(
                    group_id=ref.id,
                    member_id=last.member_id,
                    reason=k.values.LeaveReason.MOVED_AWAY,
                    left_on=dt.date(_LAST_YEAR, 12, 30),
                )
            )

    def office_year(self, regency: Regency) -> None:
        """The regency's office in the last year: its mapping, report and programmes (art. 24).

        It maps every KIM registered with it, then holds a bimtek with them all and monitors and
        evaluates five.
        """
        ids, self.registered = self.registered, []
        if not ids:
            return
        office = _office(regency)
        ref = None
        for index, group_id in enumerate(ids):
            ref = self.desk.do(mapping_of(office, group_id, index, _LAST_YEAR))
        self.desk.do(
            k.commands.ReportMapping(
                office=office,
                report_id=_id("mapping-report", regency.region.code, _LAST_YEAR),
                year=_LAST_YEAR,
                groups=tuple(ids),
                reported_on=dt.date(_LAST_YEAR, 12, 10),
            )
        )
        programmes = partnership_programmes(office, ids, _LAST_YEAR, _id, evaluated=5)
        for command in programmes:
            self.desk.do(command)
        assert ref is not None
        self.desk.append(ref)
        for group_id in ids:
            del self.desk.states[AggregateRef(kind="group", id=group_id)]
        self.counts["mappings"] += len(ids)
        self.counts["reports"] += 1
        self.counts["programmes"] += 2
        self.counts["evaluations"] += len(programmes) - 2

    def sign(self, ref: k.PartyRef, regency: Regency, on: dt.date, topics: list[str]) -> uuid.UUID:
        rng = self.rng
        partnership_id = _id("partnership", ref.id)
        if topics and rng.random() < 0.5:
            offer = blocks.health_office(rng.choice(topics))
        else:
            offer = blocks.under_regulation(_office(regency))
        self.desk.do(blocks.sign_partnership(rng, ref, partnership_id, offer, on))
        self.counts["partnerships"] += 1
        return partnership_id

    def forum(self, level: k.ForumLevel, region: k.Region, authority: k.Authority) -> AggregateRef:
        on = dt.date(self.first, 1, 2)
        number = f"FK/{level.value}/{region.code or 'RI'}/{self.first}"
        command = blocks.establish_forum(level, region, authority, number, on)
        self.desk.do(command)
        forum_id = command.forum_id
        until = dt.date(self.first + 3, 1, 1)
        self.desk.do(blocks.install_board(self.rng, _id, command, until))
        self.counts["forums"] += 1
        return AggregateRef(kind="forum", id=forum_id)

    def admit(self, forum: AggregateRef, applicant: AggregateRef, on: dt.date) -> None:
        kind = k.PartyKind.GROUP if applicant.kind == "group" else k.PartyKind.FORUM
        self.desk.do(
            k.AdmitToForum(
                forum_id=forum.id,
                applicant=k.PartyRef(kind=kind, id=applicant.id),
                admitted_on=on,
            )
        )


def _office(regency: Regency) -> k.CommunicationOffice:
    """The regency's or city's communication office (Diskominfo)."""
    return k.CommunicationOffice(name=f"Diskominfo {regency.region.name}", region=regency.region)


def build_nation(
    app: k.Application, size: NationSize, *, tick: Callable[[int], None] = lambda _events: None
) -> DatasetSummary:
    """Record the nation's data set through *app*'s deciders and codec into its store.

    The store must hold none of it yet (each stream is appended as new). *tick* is called after
    each stream's append with how many events it recorded.
    """
    desk = _Desk(app, tick)
    builder = _Builder(desk, size)
    builder.build()
    counts = builder.counts
    return DatasetSummary(
        groups=counts["groups"],
        members=counts["members"],
        forums=counts["forums"],
        partnerships=counts["partnerships"],
        activities=counts["activities"],
        events=desk.events,
        mappings=counts["mappings"],
        reports=counts["reports"],
        profiles=counts["profiles"],
        programmes=counts["programmes"],
        evaluations=counts["evaluations"],
    )
