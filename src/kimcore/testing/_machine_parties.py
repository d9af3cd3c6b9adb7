"""The domain machine's rules for what a party does: hold activities, sign and end partnerships.

Mixed into [`DomainMachine`][kimcore.testing.machine.DomainMachine]; a party is one of the
machine's groups or forums, a partnership one it signed (or a ghost, to be refused).
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

import kimcore as k
from kimcore.testing.machine_base import GHOST, DomainMachineBase, choose, pick, shift
from kimcore.testing.world import ADINDA, PARTNERS, TERMS, TOPICS

__all__ = ["PartyRules"]


class PartyRules(DomainMachineBase):
    """Activities and partnerships, mixed into the domain machine."""

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
