"""The whole KIM domain as a hypothesis state machine, for kimcore's suite and yours.

Random commands — valid and invalid — go through the application service onto
a memory store. After every step: every invariant of domain.md holds on every
stream; folding the recorded events from scratch gives the same state as
evolving step by step (and as loading from a snapshot); a refused command
recorded nothing.

Subclass [`DomainMachine`][kimcore.testing.machine.DomainMachine] to add rules and invariants of
your own; your rules can use `DomainMachine.run` to handle a command and ``self.app``,
``self.groups``, ``self.forums`` and ``self.evolved`` to see the world::

    class MyMachine(DomainMachine):
        @invariant()
        def my_report_adds_up(self) -> None: ...

    TestMyMachine = MyMachine.TestCase
"""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

import kimcore as k
from kimcore.domain.catalogue import BUILTIN_CHANNELS
from kimcore.domain.regions import authority_region, settlement_of
from kimcore.testing.invariants import cross_forum_violations, history_violations
from kimcore.testing.machine_base import (
    GHOST,
    DomainMachineBase,
    choose,
    pick,
    shift,
    stream_of,
)
from kimcore.testing.machine_chains import ChainRules
from kimcore.testing.machine_forums import ForumMembership
from kimcore.testing.world import (
    ADINDA,
    BOUNDS,
    FORUM_SEATS,
    NS,
    PARTNERS,
    PEOPLE,
    POSTS,
    REGENCIES,
    TERMS,
    TOPICS,
    VILLAGES,
    serving,
)

__all__ = ["DomainMachine"]


class DomainMachine(ChainRules, ForumMembership, DomainMachineBase):
    """Random commands against the whole domain, every invariant checked after each step."""

    # -- groups ---------------------------------------------------------------------

    @rule(
        n=st.integers(2, 6),
        first=pick,
        bounds=pick,
        village=pick,
        channels=st.lists(st.sampled_from(BUILTIN_CHANNELS), unique=True, max_size=3),
        days=shift,
    )
    def form_group(
        self, n: int, first: int, bounds: int, village: int, channels: list[k.Channel], days: int
    ) -> None:
        group_id = self.new_id("group")
        founders = tuple(choose(PEOPLE, first + i) for i in range(n))
        recorded = self.run(
            lambda: k.FormGroup(
                group_id=group_id,
                name=f"KIM {group_id.hex[:6]}",
                seat=k.Seat(
                    region=choose(VILLAGES, village),
                    settlement=settlement_of(choose(VILLAGES, village)),
                    area=k.Area.RURAL,
                ),
                founders=founders,
                channels=tuple(channels),
                formed_on=self.when(days),
                bounds=choose(BOUNDS, bounds),
            )
        )
        if recorded:
            self.groups.append(group_id)

    @rule(g=pick, p=pick, days=shift)
    def join(self, g: int, p: int, days: int) -> None:
        self.run(
            lambda: k.JoinGroup(
                group_id=choose(self.groups, g), member=choose(PEOPLE, p), joined_on=self.when(days)
            )
        )

    @rule(
        g=pick,
        p=pick,
        current=st.booleans(),
        days=shift,
        reason=st.sampled_from(k.values.LeaveReason),
    )
    def leave(self, g: int, p: int, current: bool, days: int, reason: k.values.LeaveReason) -> None:
        group_id = choose(self.groups, g)
        self.run(
            lambda: k.LeaveGroup(
                group_id=group_id,
                member_id=self.person(group_id, p, current),
                reason=reason,
                left_on=self.when(days),
            )
        )

    @rule(g=pick, p=pick, current=st.booleans(), post=pick, days=shift)
    def appoint(self, g: int, p: int, current: bool, post: int, days: int) -> None:
        group_id = choose(self.groups, g)
        self.run(
            lambda: k.AppointOfficer(
                group_id=group_id,
                member_id=self.person(group_id, p, current),
                post=choose(POSTS, post),
                appointed_on=self.when(days),
            )
        )

    @rule(g=pick, p=pick, current=st.booleans(), post=pick, days=shift)
    def relieve(self, g: int, p: int, current: bool, post: int, days: int) -> None:
        group_id = choose(self.groups, g)
        self.run(
            lambda: k.RelieveOfficer(
                group_id=group_id,
                member_id=self.person(group_id, p, current),
                post=choose(POSTS, post),
                relieved_on=self.when(days),
            )
        )

    @rule(g=pick, authority=st.sampled_from(k.Authority), days=shift)
    def confirm(self, g: int, authority: k.Authority, days: int) -> None:
        self.run(
            lambda: k.ConfirmGroup(
                group_id=choose(self.groups, g),
                decree=k.Decree(
                    number="SK",
                    issued_on=self.when(days),
                    authority=authority,
                    region=self.decree_region(authority, choose(self.groups, g)),
                ),
            )
        )

    @rule(g=pick, regency=pick, days=shift)
    def register(self, g: int, regency: int, days: int) -> None:
        office = k.CommunicationOffice(name="Diskominfo", region=choose(REGENCIES, regency))
        self.run(
            lambda: k.RegisterGroup(
                group_id=choose(self.groups, g),
                office=office,
                registration_number="KIM-1",
                registered_on=self.when(days),
            )
        )

    @rule(g=pick, channels=st.lists(st.sampled_from(BUILTIN_CHANNELS), max_size=3), days=shift)
    def change_channels(self, g: int, channels: list[k.Channel], days: int) -> None:
        self.run(
            lambda: k.ChangeChannels(
                group_id=choose(self.groups, g),
                channels=tuple(channels),
                changed_on=self.when(days),
            )
        )

    @rule(g=pick, bounds=pick, days=shift)
    def change_bounds(self, g: int, bounds: int, days: int) -> None:
        self.run(
            lambda: k.commands.ChangeBounds(
                group_id=choose(self.groups, g),
                bounds=choose(BOUNDS, bounds),
                changed_on=self.when(days),
            )
        )

    @rule(g=pick, rank=st.integers(1, 3), days=shift)
    def record_result(self, g: int, rank: int, days: int) -> None:
        self.run(
            lambda: k.RecordCompetitionResult(
                group_id=choose(self.groups, g),
                recorded_on=self.when(days),
                result=k.values.CompetitionResult(
                    event="Festival KIM",
                    level=k.values.CompetitionLevel.PROVINCE,
                    year=2024,
                    category="video",
                    rank=rank,
                ),
            )
        )

    @rule(g=pick, days=shift, chance=st.integers(0, 3))
    def dissolve_group(self, g: int, days: int, chance: int) -> None:
        if chance:  # dissolve in one draw of four, so groups live long enough to grow
            return
        self.run(
            lambda: k.DissolveGroup(
                group_id=choose(self.groups, g), reason="merged", dissolved_on=self.when(days)
            )
        )

    @rule(g=pick, p=pick, days=shift)
    def promote(self, g: int, p: int, days: int) -> None:
        """Walk a group up its lifecycle: a chair, confirmation by the lurah, registration."""
        group_id = choose(self.groups, g)
        state = self.evolved.get(stream_of(k.PartyKind.GROUP, group_id))
        if not isinstance(state, k.domain.GroupState):
            return
        if state.chair is None:
            self.appoint_chair(group_id, self.person(group_id, p, current=True), days)
        head = (
            k.Authority.LURAH
            if state.seat.settlement is k.Settlement.URBAN_WARD
            else k.Authority.VILLAGE_HEAD
        )
        decree = k.Decree(
            number="SK-LURAH", issued_on=self.when(days), authority=head, region=state.seat.region
        )
        self.run(lambda: k.ConfirmGroup(group_id=group_id, decree=decree))
        regency = state.seat.region.ancestor_code(k.values.RegionLevel.REGENCY)
        office = k.CommunicationOffice(
            name="Diskominfo", region=k.Region(code=regency, name="Kota")
        )
        self.run(
            lambda: k.RegisterGroup(
                group_id=group_id,
                office=office,
                registration_number="KIM-9",
                registered_on=self.when(days),
            )
        )

    def appoint_chair(self, group_id: uuid.UUID, member_id: uuid.UUID, days: int) -> None:
        self.run(
            lambda: k.AppointOfficer(
                group_id=group_id,
                member_id=member_id,
                post=k.Post(role=k.OfficerRole.CHAIR),
                appointed_on=self.when(days),
            )
        )

    @rule(g=pick, regency_level=st.booleans(), days=shift)
    def affiliate(self, g: int, regency_level: bool, days: int) -> None:
        """Establish the forum of the group's district (or regency) if needed, then apply."""
        group_id = choose(self.groups, g)
        state = self.evolved.get(stream_of(k.PartyKind.GROUP, group_id))
        if not isinstance(state, k.domain.GroupState):
            return
        level = k.ForumLevel.REGENCY if regency_level else k.ForumLevel.DISTRICT
        code = state.seat.region.ancestor_code(level.region_level)
        forum_id = k.domain.forum_id_for(level, code)
        found = self.evolved.get(stream_of(k.PartyKind.FORUM, forum_id))
        if not isinstance(found, k.domain.ForumState) or not found.active:
            date = self.when(days)
            self.run(
                lambda: k.EstablishForum(
                    name=f"Forum KIM {code}",
                    level=level,
                    region=k.Region(code=code, name=code),
                    decree=k.Decree(
                        number="SK-F",
                        issued_on=date,
                        authority=k.Authority.COMMUNICATION_OFFICE_HEAD,
                        region=authority_region(
                            k.Authority.COMMUNICATION_OFFICE_HEAD, state.seat.region
                        ),
                    ),
                    established_on=date,
                )
            )
            if forum_id not in self.forums:
                self.forums.append(forum_id)
        applicant = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
        self.run(
            lambda: k.AdmitToForum(
                forum_id=forum_id, applicant=applicant, admitted_on=self.when(days)
            )
        )

    # -- parties --------------------------------------------------------------------

    @rule(
        party=pick,
        technique=st.sampled_from(["sarasehan", "diskusi", "workshop", "karaoke"]),
        delivery=st.sampled_from(k.Delivery),
        place=st.booleans(),
        link=st.booleans(),
        topic=pick,
        under=st.one_of(st.none(), pick),
        attendance=st.integers(0, 200),
        functions=st.sets(st.sampled_from(ADINDA), min_size=1, max_size=3),
        political=st.booleans(),
        days=shift,
    )
    def hold_activity(
        self,
        party: int,
        technique: str,
        delivery: k.Delivery,
        place: bool,
        link: bool,
        topic: int,
        under: int | None,
        attendance: int,
        functions: set[k.AdindaFunction],
        political: bool,
        days: int,
    ) -> None:
        host, pid = self.partnership(party, under)
        self.run(
            lambda: k.HoldActivity(
                party=host,
                activity_id=self.new_id("activity"),
                technique=technique,
                functions=frozenset(functions),
                delivery=delivery,
                topic=choose(TOPICS, topic),
                held_on=self.when(days),
                place="Balai" if place else None,
                link="https://x" if link else None,
                attendance=attendance,
                partnership_id=pid,
                tags=frozenset({"political_campaign"} if political else {"health"}),
            )
        )

    @rule(party=pick, kind=st.sampled_from(sorted(TERMS)), terms=pick, partner=pick, days=shift)
    def sign(self, party: int, kind: str, terms: int, partner: int, days: int) -> None:
        pid = self.new_id("partnership")
        date = self.when(days)
        host = self.party(party)
        if self.run(
            lambda: k.SignPartnership(
                party=host,
                partnership_id=pid,
                partnership_type=kind,
                partner=choose(PARTNERS, partner),
                terms=choose(TERMS[kind], terms),
                instrument=k.Instrument(kind=k.InstrumentKind.MOU, number="MOU", signed_on=date),
                signed_on=date,
            )
        ):
            self.partnerships.append((host, pid))

    @rule(party=pick, p=pick, days=shift)
    def end_partnership(self, party: int, p: int, days: int) -> None:
        host, pid = self.partnership(party, p)
        self.run(
            lambda: k.EndPartnership(
                party=host, partnership_id=pid or GHOST, reason="finished", ended_on=self.when(days)
            )
        )

    # -- forums ---------------------------------------------------------------------

    @rule(seat=pick, authority=st.sampled_from(k.Authority), days=shift)
    def establish_forum(self, seat: int, authority: k.Authority, days: int) -> None:
        level, region = choose(FORUM_SEATS, seat)
        command = lambda: k.EstablishForum(  # noqa: E731
            name=f"Forum KIM {region.name}",
            level=level,
            region=region,
            decree=k.Decree(
                number="SK-F",
                issued_on=self.when(days),
                authority=authority,
                region=serving(authority, region),
            ),
            established_on=self.today,
        )
        forum_id = k.domain.forum_id_for(level, region.code)
        if self.run(command) and forum_id not in self.forums:
            self.forums.append(forum_id)

    @rule(f=pick, start=st.integers(-400, 400), years=st.integers(-1, 5), seats=st.integers(1, 4))
    def install_board(self, f: int, start: int, years: int, seats: int) -> None:
        begin = self.today + dt.timedelta(days=start)
        self.run(
            lambda: k.InstallForumBoard(
                forum_id=choose(self.forums, f),
                seats=tuple(
                    k.BoardSeat(
                        person_id=PEOPLE[i].member_id,
                        name=PEOPLE[i].name,
                        role=k.BoardRole.CHAIR if i == 0 else k.BoardRole.DIVISION,
                        division="media",
                    )
                    for i in range(seats)
                ),
                term_start=begin,
                term_end=begin + dt.timedelta(days=365 * years),
            )
        )

    @rule(f=pick, applicant=pick, gov=st.booleans(), days=shift)
    def admit(self, f: int, applicant: int, gov: bool, days: int) -> None:
        ref = (
            k.PartyRef(kind=k.PartyKind.GOVERNMENT_BODY, id=uuid.uuid5(NS, "dinas"))
            if gov
            else self.party(applicant)
        )
        self.run(
            lambda: k.AdmitToForum(
                forum_id=choose(self.forums, f), applicant=ref, admitted_on=self.when(days)
            )
        )

    @rule(f=pick, member=pick, days=shift)
    def withdraw(self, f: int, member: int, days: int) -> None:
        self.run(
            lambda: k.WithdrawFromForum(
                forum_id=choose(self.forums, f),
                member=self.party(member),
                withdrew_on=self.when(days),
            )
        )

    @rule(f=pick, days=shift, chance=st.integers(0, 3))
    def dissolve_forum(self, f: int, days: int, chance: int) -> None:
        if chance:
            return
        self.run(
            lambda: k.DissolveForum(
                forum_id=choose(self.forums, f), reason="inactive", dissolved_on=self.when(days)
            )
        )

    # -- personal data --------------------------------------------------------------

    @rule(
        p=pick,
        stranger=st.booleans(),
        requester=st.sampled_from(k.values.ErasureRequester),
        basis=st.sampled_from(k.values.ErasureBasis),
        days=shift,
    )
    def forget(
        self,
        p: int,
        stranger: bool,
        requester: k.values.ErasureRequester,
        basis: k.values.ErasureBasis,
        days: int,
    ) -> None:
        subject = uuid.uuid5(NS, f"stranger-{p}") if stranger else choose(PEOPLE, p).member_id
        self.run(
            lambda: k.ForgetSubject(
                subject_id=subject,
                requested_by=requester,
                basis=basis,
                requested_on=self.when(days),
            )
        )

    @rule(party=pick)
    def take_snapshot(self, party: int) -> None:
        self.app.snapshot(self.party(party))

    # -- invariants -----------------------------------------------------------------

    @invariant()
    def every_rule_holds_and_replay_rebuilds_the_same_state(self) -> None:
        streams: dict[str, list[k.Event]] = {}
        log = self.app.store.read_all(0, 100_000)
        keys = k.events.Keys.for_payloads(self.app.store.keys.get_many, (s.data for s in log))
        for stored in log:
            event = self.app.codec.decode(stored, keys).event
            streams.setdefault(stored.stream_id, []).append(event)
        assert set(streams) == set(self.evolved)
        violations: list[str] = []
        forums = []
        for stream_id, events in streams.items():
            if stream_id.startswith("subject-"):
                assert events == self.evolved[stream_id]
                assert len(events) == 1, "a subject was forgotten twice"
                continue
            violations += history_violations(stream_id, events, self.app.policy.rules)
            replayed = self.decider(stream_id).fold(events)
            # Forgetting changes personal fields only: counts, standings, offices stay.
            expected = k.personal.redact(self.evolved[stream_id], self.forgotten)
            assert replayed == expected, f"replaying {stream_id} gave another state"
            kind, _, raw_id = stream_id.partition("-")
            party = k.PartyRef(kind=k.PartyKind(kind), id=uuid.UUID(raw_id))
            from_snapshot, _ = self.app.load(party)  # snapshot (if any) plus the tail
            assert from_snapshot == replayed, f"{stream_id}: snapshot plus tail differs"
            if isinstance(replayed, k.domain.GroupState):
                for member in replayed.members.values():
                    forgotten = member.member_id in self.forgotten
                    assert k.personal.is_redacted(member.name) == forgotten
            if isinstance(replayed, k.domain.ForumState):
                forums.append(replayed)
        violations += cross_forum_violations(forums)
        assert not violations, violations

    @invariant()
    def versions_and_positions_are_contiguous(self) -> None:
        log = self.app.store.read_all(0, 100_000)
        assert [s.position for s in log] == list(range(1, len(log) + 1))
        versions: dict[str, int] = {}
        for s in log:
            versions[s.stream_id] = versions.get(s.stream_id, 0) + 1
            assert s.stream_version == versions[s.stream_id]
