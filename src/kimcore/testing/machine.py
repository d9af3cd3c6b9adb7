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

import uuid

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

import kimcore as k
from kimcore.domain.catalogue import BUILTIN_CHANNELS
from kimcore.domain.regions import authority_region, settlement_of
from kimcore.testing._machine_parties import PartyRules
from kimcore.testing.invariants import cross_forum_violations, history_violations
from kimcore.testing.machine_base import (
    DomainMachineBase,
    choose,
    pick,
    shift,
    stream_of,
)
from kimcore.testing.machine_chains import ChainRules
from kimcore.testing.machine_forums import ForumMembership, ForumRules
from kimcore.testing.world import (
    BOUNDS,
    NS,
    PEOPLE,
    POSTS,
    REGENCIES,
    VILLAGES,
)

__all__ = ["DomainMachine"]


class DomainMachine(PartyRules, ForumRules, ChainRules, ForumMembership, DomainMachineBase):
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
