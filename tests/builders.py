"""Small builders for example tests: valid defaults, override what the test is about."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

import attrs
from hypothesis import strategies as st

import kimcore as k
from kimcore.demo.story import PROFILE as STORY_PROFILE
from kimcore.domain import forum, group, group_state
from kimcore.testing.store_machine import new_events
from kimcore.testing.world import serving

D = dt.date
NS = uuid.UUID("00000000-0000-0000-0000-00000000beef")
GROUP_ID = uuid.uuid5(NS, "group")
VILLAGE = k.Region(code="62.71.01.1002", name="Langkai")
OTHER_VILLAGE = k.Region(code="62.72.03.2001", name="Elsewhere")
DISTRICT = k.Region(code="62.71.01", name="Pahandut")
REGENCY = k.Region(code="62.71", name="Kota Palangka Raya")
PROVINCE = k.Region(code="62", name="Kalimantan Tengah")
NATION = k.Region(code="", name="Indonesia")
OFFICE = k.CommunicationOffice(name="Diskominfo Kota Palangka Raya", region=REGENCY)
GROUP = k.PartyRef(kind=k.PartyKind.GROUP, id=GROUP_ID)
POLICY = k.Policy()
# A KIM's profile with every field filled, as an office writes it: the story's KIM's.
PROFILE = STORY_PROFILE
# An office's mapping of a KIM (its communities, audiences, media and issues).
MAPPING = k.values.MappingProfile(
    community_types=frozenset({k.values.CommunityType.EMPOWERMENT}),
    audiences=("ibu rumah tangga", "petani"),
    media=("WhatsApp", "papan informasi"),
    content_types=("kesehatan",),
    fields=("kesehatan", "pertanian"),
    public_issues=("stunting", "air bersih"),
    strength=k.values.Rating.HIGH,
    influence=k.values.Rating.MEDIUM,
    priority=k.values.Rating.HIGH,
)


def uid(label: str) -> uuid.UUID:
    return uuid.uuid5(NS, label)


def seat(region: k.Region = VILLAGE) -> k.Seat:
    return k.Seat(region=region, settlement=k.Settlement.URBAN_WARD, area=k.Area.URBAN)


def member(n: int, *, kind: k.values.MemberKind = k.values.MemberKind.PERSON) -> k.MemberDetails:
    return k.MemberDetails(
        member_id=uid(f"member-{n}"),
        name=f"Person {n}",
        contact=f"+62 812 {n:08d}",
        category=k.MemberCategory.YOUTH,
        kind=kind,
    )


def mid(n: int) -> uuid.UUID:
    return member(n).member_id


def form(n: int = 3, **overrides: object) -> k.FormGroup:
    fields: dict[str, object] = {
        "group_id": GROUP_ID,
        "name": "KIM Langkai",
        "seat": seat(),
        "founders": tuple(member(i) for i in range(n)),
        "channels": (k.Channel(name="meeting", kind=k.ChannelKind.ANALOG),),
        "formed_on": D(2024, 1, 1),
    }
    fields.update(overrides)
    return k.FormGroup(**fields)  # type: ignore[arg-type]


def context(policy: k.Policy = POLICY, applicant: object = None) -> k.domain.DecisionContext:
    """What a decision reads: *policy*, and *applicant* as the one other aggregate it loads."""
    return k.domain.DecisionContext(policy=policy, load=lambda _ref: applicant)


def formed(n: int = 3, **overrides: object) -> k.events.GroupFormed:
    (event,) = group.decide(None, form(n, **overrides), context())
    assert isinstance(event, k.events.GroupFormed)
    return event


DECREE_DAY = D(2024, 2, 1)
FIRST_DAY = D(2024, 1, 1)


def decree(authority: k.Authority = k.Authority.LURAH, on: dt.date = DECREE_DAY) -> k.Decree:
    return k.Decree(
        number="1/SK/2024", issued_on=on, authority=authority, region=serving(authority, VILLAGE)
    )


def run_group(
    history: Sequence[k.Event], command: k.Command, policy: k.Policy = POLICY
) -> list[k.Event]:
    """Given *history*, when *command*: the events decided."""
    return group.decide(group_state.fold(history), command, context(policy))


def group_after(history: Sequence[k.Event]) -> k.domain.GroupState:
    state = group_state.fold(history)
    assert state is not None
    return state


def chaired(n: int = 3) -> list[k.Event]:
    """A formed group of *n* whose member 0 is chair."""
    history: list[k.Event] = [formed(n)]
    history += run_group(
        history,
        k.AppointOfficer(
            group_id=GROUP_ID,
            member_id=mid(0),
            post=k.Post(role=k.OfficerRole.CHAIR),
            appointed_on=D(2024, 1, 2),
        ),
    )
    return history


def registering(n: int = 3) -> list[k.Command]:
    """The commands that form a group of *n*, make member 0 chair, confirm and register it."""
    return [
        form(n),
        k.AppointOfficer(
            group_id=GROUP_ID,
            member_id=mid(0),
            post=k.Post(role=k.OfficerRole.CHAIR),
            appointed_on=D(2024, 1, 2),
        ),
        k.ConfirmGroup(group_id=GROUP_ID, decree=decree()),
        k.RegisterGroup(
            group_id=GROUP_ID, office=OFFICE, registration_number="R-1", registered_on=D(2024, 2, 2)
        ),
    ]


def registered(n: int = 3) -> list[k.Event]:
    """A chaired, confirmed and registered group of *n*."""
    history = chaired(n)
    history += run_group(history, k.ConfirmGroup(group_id=GROUP_ID, decree=decree()))
    history += run_group(
        history,
        k.RegisterGroup(
            group_id=GROUP_ID, office=OFFICE, registration_number="R-1", registered_on=D(2024, 2, 2)
        ),
    )
    return history


def activity(topic: str = "stunting prevention", **overrides: object) -> k.HoldActivity:
    fields: dict[str, object] = {
        "party": GROUP,
        "activity_id": uid(f"activity-{topic}-{overrides.get('held_on')}"),
        "technique": "sarasehan",
        "functions": frozenset({k.AdindaFunction.DISCUSS}),
        "delivery": k.Delivery.IN_PERSON,
        "topic": topic,
        "held_on": D(2024, 3, 1),
        "place": "Balai",
        "attendance": 10,
    }
    fields.update(overrides)
    return k.HoldActivity(**fields)  # type: ignore[arg-type]


def sign(
    kind: str = "regulation",
    terms: object = None,
    partner: k.Partner | None = None,
    party: k.PartyRef = GROUP,
    **overrides: object,
) -> k.SignPartnership:
    default_terms = {
        "regulation": k.domain.RegulationTerms(legal_basis="Permenkominfo No. 4 Tahun 2024"),
        "analog": k.domain.AnalogTerms(meeting_place="Balai", meeting_frequency="monthly"),
        "experience": k.domain.ExperienceTerms(topic="stunting prevention"),
    }
    fields: dict[str, object] = {
        "party": party,
        "partnership_id": uid(f"partnership-{kind}-{overrides.get('signed_on')}"),
        "partnership_type": kind,
        "partner": partner or k.Partner(name="Dinas Kesehatan", sector=k.Sector.GOVERNMENT),
        "terms": terms if terms is not None else default_terms.get(kind),
        "instrument": k.Instrument(
            kind=k.InstrumentKind.MOU, number="MOU-1", signed_on=D(2024, 4, 1)
        ),
        "signed_on": D(2024, 4, 1),
    }
    fields.update(overrides)
    return k.SignPartnership(**fields)  # type: ignore[arg-type]


def establish(
    level: k.ForumLevel = k.ForumLevel.DISTRICT,
    region: k.Region = DISTRICT,
    authority: k.Authority = k.Authority.CAMAT,
    on: dt.date = FIRST_DAY,
) -> k.EstablishForum:
    return k.EstablishForum(
        name=f"Forum KIM {region.name}",
        level=level,
        region=region,
        decree=k.Decree(
            number="F-1", issued_on=on, authority=authority, region=serving(authority, region)
        ),
        established_on=on,
    )


def run_forum(
    history: Sequence[k.Event],
    command: k.Command,
    applicant: k.domain.Applicant | None = None,
    policy: k.Policy = POLICY,
) -> list[k.Event]:
    return forum.decide(forum.fold(history), command, context(policy, applicant))


ERASURE_DAY = D(2025, 1, 10)


def forget(
    subject: uuid.UUID,
    on: dt.date = ERASURE_DAY,
    basis: k.values.ErasureBasis = k.values.ErasureBasis.CONSENT_WITHDRAWN,
) -> k.ForgetSubject:
    """The data subject's own request to be forgotten."""
    return k.ForgetSubject(
        subject_id=subject,
        requested_by=k.values.ErasureRequester.DATA_SUBJECT,
        basis=basis,
        requested_on=on,
    )


SITI_NAME, SITI_CONTACT = "Siti Rahmawati Nasution", "+62 812 5555 0101"


def siti_joined(app: k.Application) -> k.MemberDetails:
    """A group formed and Siti joined to it: a name and a contact, sealed under her key."""
    siti = k.MemberDetails(
        member_id=uuid.uuid4(),
        name=SITI_NAME,
        contact=SITI_CONTACT,
        category=k.MemberCategory.ADULT,
    )
    app.handle(form(3))
    app.handle(k.JoinGroup(group_id=GROUP_ID, member=siti, joined_on=D(2024, 2, 1)))
    return siti


def assert_forgetting_leaves_no_trace(
    app: k.Application,
    raw: Callable[[], bytes],
    *,
    as_stored: Callable[[bytes], bytes] = bytes,
    settle: Callable[[], object] = lambda: None,
) -> uuid.UUID:
    """Siti joins and is forgotten: her name, contact and key leave the store's *raw* bytes.

    *as_stored* is how the raw bytes show a key (a PostgreSQL dump writes it in hex); *settle*
    runs between forgetting and the last read (a SQLite file is closed first, so its write-ahead
    log is folded in). Returns Siti's member id.
    """
    siti = siti_joined(app)
    key = app.store.keys.get(siti.member_id)
    assert key is not None
    before = raw()
    assert SITI_NAME.encode() not in before  # sealed before it was ever written
    assert as_stored(key) in before  # the key is there until forgotten
    app.forget(forget(siti.member_id, D(2025, 1, 1), k.values.ErasureBasis.SUBJECT_REQUEST))
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[siti.member_id].name is k.REDACTED
    assert len(state.members) == 4
    settle()
    after = raw()
    for secret in (SITI_NAME.encode(), SITI_CONTACT.encode(), b"Rahmawati", as_stored(key)):
        assert secret not in after
    return siti.member_id


def recorded_daily(commands: Sequence[k.Command], first: dt.datetime) -> k.MemoryStore:
    """*commands* recorded one day apart, the first at *first*, so the days of facts move too."""
    now = [first]
    app = k.Application(k.MemoryStore(), clock=lambda: now[0])
    for day, command in enumerate(commands):
        now[0] = first + dt.timedelta(days=day)
        app.handle(command)
    return app.store


def recorded_stepped(
    commands: Sequence[k.Command], steps: Sequence[int], first: dt.datetime
) -> k.MemoryStore:
    """*commands* recorded *steps* days apart from *first*: 0 the same day, negative a clock
    gone back."""
    now = [first]
    app = k.Application(k.MemoryStore(), clock=lambda: now[0])
    for command, step in zip(commands, [0, *steps], strict=False):
        now[0] += dt.timedelta(days=step)
        app.handle(command)
    return app.store


# Three commands' ids, for the tests of `recorded_by` over runs of causes (both SQL stores).
CAUSES = [uuid.UUID(int=n | (7 << 76)) for n in range(1, 4)]
# A stream's appends, each given as its events' causes: runs of one command, mixed, or none.
CAUSED_APPENDS = st.lists(
    st.lists(st.sampled_from([None, *CAUSES]), min_size=1, max_size=5),
    min_size=1,
    max_size=6,
)


def append_caused(
    store: k.stores.EventStore, stream: str, appends: list[list[uuid.UUID | None]], seed: int
) -> int:
    """Each of *appends* appended to *stream*, its events caused as listed; the next seed."""
    for causes in appends:
        batch = []
        for cause in causes:
            seed += 1
            metadata = k.events.Metadata(correlation_id=cause, causation_id=cause)
            batch.append(attrs.evolve(new_events(1, seed=seed)[0], metadata=metadata))
        store.append(stream, batch, k.stores.ANY_VERSION)
    return seed


def assert_recorded_by_follows_the_metadata(store: k.stores.EventStore, stream: str) -> None:
    """Each of `CAUSES` finds in *stream* exactly the events whose metadata name it."""
    events = store.read_stream(stream)
    for cause in CAUSES:
        expected = [e for e in events if e.metadata.causation_id == cause]
        assert store.recorded_by(stream, cause) == expected
