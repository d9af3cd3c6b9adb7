"""Every invariant of domain.md, checked over a recorded history.

State invariants are checked on the state after each event; transition
invariants (what may follow what) are checked on the state before each event.
Each check returns the broken rules in words, so a failing property says which.
A rule a deployment may switch (``kimcore.domain.Rules``) is checked only where
the *rules* given (the defaults unless told) switch it on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import kimcore as k
from kimcore.domain import forum, group_state
from kimcore.domain.forum_admission import admits
from kimcore.domain.partnership_types import normalise_topic
from kimcore.domain.rules import Rules

_DEFAULT = Rules()

__all__ = [
    "cross_forum_violations",
    "forum_state_violations",
    "forum_transition_violations",
    "group_state_violations",
    "group_transition_violations",
    "history_violations",
    "office_violations",
    "topics",
]


def group_state_violations(s: k.domain.GroupState, rules: Rules = _DEFAULT) -> list[str]:
    """The group invariants *s* breaks: bounds, standing, officers, stages."""
    out = []
    if len(s.members) > s.bounds.maximum:
        out.append(f"{len(s.members)} members above the maximum {s.bounds.maximum}")
    below = len(s.members) < s.bounds.minimum
    if (s.standing is k.values.Standing.BELOW_MINIMUM) != below:
        out.append(f"standing {s.standing} with {len(s.members)} members")
    if any(m.kind is k.values.MemberKind.GOVERNMENT_BODY for m in s.members.values()):
        out.append("a government body is a member")
    if not set(s.posts) <= set(s.members):
        out.append("an officer is not a member")
    chairs = [m for m, posts in s.posts.items() for p in posts if p.role is k.OfficerRole.CHAIR]
    if len(chairs) > 1:
        out.append(f"{len(chairs)} chairs")
    for m, posts in s.posts.items():
        if sum(p.role.is_core for p in posts) > 1:
            out.append(f"{m} holds more than one core office")
        if not posts:
            out.append(f"{m} is listed with no post")
    if s.stage is not k.values.GroupStage.FORMED and (
        s.decree is None or s.decree.authority.rank < 1
    ):
        out.append("confirmed without a decree of a village head or higher")
    if s.stage is k.values.GroupStage.REGISTERED and s.office is None:
        out.append("registered without an office")
    if s.office is not None and not s.office.region.contains(s.seat.region):
        out.append("registered with another regency's office")
    if s.kind is not group_state.group_kind(s.channels):
        out.append("kind does not follow from channels")
    active = Counter((p.partnership_type, p.partner.key) for p in s.book.active_partnerships)
    if rules.one_partnership_per_type_and_partner and active and max(active.values()) > 1:
        out.append("two active partnerships of one kind with one partner")
    return out


def group_transition_violations(
    before: k.domain.GroupState | None, event: k.Event, rules: Rules = _DEFAULT
) -> list[str]:
    """What is wrong with *event* following a group in state *before*."""
    out: list[str] = []
    if before is None:
        if not isinstance(event, k.events.GroupFormed):
            out.append(f"{type(event).__name__} before GroupFormed")
        elif len(event.founders) < event.bounds.minimum:
            out.append("formed with fewer founders than the minimum")
        return out
    if before.dissolved:
        out.append(f"{type(event).__name__} after dissolution")
    if isinstance(event, k.events.GroupFormed):
        out.append("formed twice")
    if isinstance(event, k.events.GroupConfirmed) and before.chair is None:
        out.append("confirmed without a chair")
    if (
        isinstance(event, k.events.GroupRegistered)
        and before.stage is not k.values.GroupStage.CONFIRMED
    ):
        out.append(f"registered while {before.stage}")
    if isinstance(event, k.events.PartnershipSigned):
        out += _signing_violations(before.book, before.history(), event, rules)
        if rules.below_minimum_cannot_sign and before.standing is k.values.Standing.BELOW_MINIMUM:
            out.append("signed below minimum")
        if (
            event.partner.communication_office
            and before.stage is not k.values.GroupStage.REGISTERED
        ):
            out.append("an unregistered group partnered with a communication office")
    if isinstance(event, k.events.ActivityHeld):
        out += _activity_violations(before.book, event)
    return out


def _signing_violations(
    book: object, history: k.domain.PartyHistory, event: k.events.PartnershipSigned, rules: Rules
) -> list[str]:
    out = []
    if (
        rules.experience_needs_prior_activity
        and event.partnership_type == "experience"
        and not history.has_activity_on(str(event.terms["topic"]))
    ):
        out.append("experience-based partnership without a prior activity on its topic")
    if (
        event.partnership_type == "regulation"
        and not str(event.terms.get("legal_basis", "")).strip()
    ):
        out.append("regulation-based partnership without a legal basis")
    if (rules.analog_needs_meeting_details and event.partnership_type == "analog") and not all(
        str(event.terms.get(f, "")).strip() for f in ("meeting_place", "meeting_frequency")
    ):
        out.append("analog-based partnership without place and frequency")
    return out


def _activity_violations(book: object, event: k.events.ActivityHeld) -> list[str]:
    assert hasattr(book, "partnerships")
    out = []
    if event.partnership_id is not None:
        record = book.partnerships.get(event.partnership_id)
        if record is None or not record.active:
            out.append("activity under an unknown or ended partnership")
    if event.attendance < 0:
        out.append("negative attendance")
    return out


def forum_state_violations(s: k.domain.ForumState) -> list[str]:
    """The forum invariants *s* breaks: board, members, level."""
    out = []
    if s.region.level is not s.level.region_level:
        out.append("forum region does not match its level")
    if any(kind is k.PartyKind.GOVERNMENT_BODY for kind in s.members.values()):
        out.append("a government body is a forum member")
    if s.term_start is not None and s.term_end is not None and s.term_end <= s.term_start:
        out.append("board term ends before it starts")
    if not s.active and s.members:
        out.append("a dissolved forum has members")
    return out


def forum_transition_violations(
    before: k.domain.ForumState | None, event: k.Event, rules: Rules = _DEFAULT
) -> list[str]:
    """What is wrong with *event* following a forum in state *before*."""
    out: list[str] = []
    if before is None:
        return (
            []
            if isinstance(event, k.events.ForumEstablished)
            else ["event before ForumEstablished"]
        )
    if isinstance(event, k.events.ForumEstablished):
        return ["established while active"] if before.active else []
    if not before.active:
        out.append(f"{type(event).__name__} on a dissolved forum")
    if (
        rules.board_after_term_ends
        and isinstance(event, k.events.ForumBoardInstalled)
        and before.term_end
        and event.term_start < before.term_end
    ):
        out.append("board installed before the previous term ended")
    if isinstance(event, k.events.ForumMemberAdmitted):
        if not before.region.contains(event.member_region):
            out.append("admitted from outside the region")
        expected, _ = admits(before.level, rules)
        if event.member_kind is not expected:
            out.append(f"a {before.level} forum admitted a {event.member_kind}")
        if event.member_id in before.members:
            out.append("admitted twice")
    if isinstance(event, k.events.PartnershipSigned):
        out += _signing_violations(before.book, before.history(), event, rules)
    if isinstance(event, k.events.ActivityHeld):
        out += _activity_violations(before.book, event)
    out += _governance_violations(before, event, rules)
    return out


def _governance_violations(before: k.domain.ForumState, event: k.Event, rules: Rules) -> list[str]:
    out = []
    if isinstance(event, k.events.ForumBoardInstalled):
        generals = sum(s.role is k.BoardRole.SECRETARY_GENERAL for s in event.seats)
        high = before.level in (k.ForumLevel.PROVINCE, k.ForumLevel.NATIONAL)
        if generals > (1 if high else 0):
            out.append(f"{generals} secretaries-general on a {before.level} board")
        if event.decree is None and rules.board_needs_decree:
            out.append("a board installed without its decree")
        if event.decree is not None and event.decree.issued_on > event.term_end:
            out.append("a board's decree issued after its term")
    if isinstance(event, k.events.MusyawarahHeld):
        if event.kind is k.values.MusyawarahKind.FOUNDING:
            if before.founding_musyawarah is not None:
                out.append("founded twice by musyawarah")
            if event.held_on > before.established_on:
                out.append("a founding musyawarah after the establishment")
        elif not all(before.members.get(d.id) is d.kind for d in event.delegates):
            out.append("a delegate from outside the forum's members")
    return out


def history_violations(
    stream_id: str, events: Sequence[k.Event], rules: Rules = _DEFAULT
) -> list[str]:
    """Fold *events* of one stream and report every invariant broken under *rules*."""
    out: list[str] = []
    if stream_id.startswith("group-"):
        gs: k.domain.GroupState | None = None
        for event in events:
            out += group_transition_violations(gs, event, rules)
            gs = group_state.evolve(gs, event)
            out += group_state_violations(gs, rules)
    elif stream_id.startswith("forum-"):
        fs: k.domain.ForumState | None = None
        for event in events:
            out += forum_transition_violations(fs, event, rules)
            fs = forum.evolve(fs, event)
            out += forum_state_violations(fs)
    else:  # an office's stream: what it maps and reports is about registered KIMs
        out += office_violations(events)
    return [f"{stream_id}: {v}" for v in out]


def office_violations(events: Sequence[k.Event]) -> list[str]:
    """An office's reports list only KIMs it mapped by then; it coordinates a report once.

    An evaluation within a programme cites an earlier monitoring and evaluation programme of
    the office that had the KIM.
    """
    out: list[str] = []
    mapped: dict[object, object] = {}
    coordinated: set[object] = set()
    programmes: dict[object, k.events.PartnershipProgrammeHeld] = {}
    monitoring = k.values.CommunicationPartnershipForm.MONITORING_EVALUATION
    for event in events:
        if isinstance(event, k.events.PartnershipProgrammeHeld):
            programmes[event.programme_id] = event
        elif isinstance(event, k.events.GroupEvaluated) and event.programme_id is not None:
            programme = programmes.get(event.programme_id)
            if (
                programme is None
                or programme.form is not monitoring
                or event.group_id not in programme.groups
                or programme.held_on > event.evaluated_on
            ):
                out.append(f"evaluation {event.evaluation_id} outside its programme")
        elif isinstance(event, k.events.GroupMapped):
            mapped.setdefault(event.group_id, event.mapped_on)
        elif isinstance(event, k.events.MappingReported):
            late = [g for g in event.groups if g not in mapped or mapped[g] > event.reported_on]  # type: ignore[operator]
            out += [f"report {event.report_id} lists {g}, unmapped by then" for g in late]
        elif isinstance(event, k.events.MappingCoordinated):
            if event.report_id in coordinated:
                out.append(f"report {event.report_id} coordinated twice")
            coordinated.add(event.report_id)
    return out


def cross_forum_violations(forums: Iterable[k.domain.ForumState]) -> list[str]:
    """One active forum per region and level; a member in at most one forum per level."""
    out = []
    seats = Counter((f.level, f.region.code) for f in forums if f.active)
    out += [f"{n} active forums for {key}" for key, n in seats.items() if n > 1]
    per_level: dict[tuple[k.ForumLevel, object], int] = defaultdict(int)
    for f in forums:
        for member_id in f.members:
            per_level[(f.level, member_id)] += 1
    out += [f"{key[1]} is in {n} {key[0]} forums" for key, n in per_level.items() if n > 1]
    return out


def topics(events: Iterable[k.Event]) -> set[str]:
    """The normalised topics of the activities among *events*."""
    return {normalise_topic(e.topic) for e in events if isinstance(e, k.events.ActivityHeld)}
