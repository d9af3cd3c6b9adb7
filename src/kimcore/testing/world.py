"""The small world the domain state machine plays in: regions, people, partners, terms.

Few enough that random commands keep meeting the same groups, forums and
people, so rules get exercised on each other's results.
"""

from __future__ import annotations

import uuid

import kimcore as k
from kimcore.domain.errors import InvalidValue
from kimcore.domain.regions import authority_region

__all__ = [
    "ADINDA",
    "BOUNDS",
    "DISTRICTS",
    "FORUM_SEATS",
    "NATION",
    "NS",
    "PARTNERS",
    "PEOPLE",
    "POSTS",
    "PROVINCE",
    "REGENCIES",
    "TERMS",
    "TOPICS",
    "VILLAGES",
    "serving",
]

NS = uuid.UUID("00000000-0000-0000-0000-0000000051a7")
PROVINCE = k.Region(code="62", name="Kalimantan Tengah")
REGENCIES = [k.Region(code="62.71", name="Palangka Raya"), k.Region(code="62.72", name="Katingan")]
DISTRICTS = [
    k.Region(code="62.71.01", name="Pahandut"),
    k.Region(code="62.71.02", name="Jekan Raya"),
    k.Region(code="62.72.01", name="Katingan Hilir"),
]
VILLAGES = [
    k.Region(code="62.71.01.1001", name="Panarung"),
    k.Region(code="62.71.01.1002", name="Langkai"),
    k.Region(code="62.71.02.1001", name="Bukit Tunggal"),
    k.Region(code="62.72.01.2001", name="Kasongan Lama"),
]
NATION = k.Region(code="", name="Indonesia")
FORUM_SEATS = [
    *((k.ForumLevel.DISTRICT, r) for r in DISTRICTS),
    *((k.ForumLevel.REGENCY, r) for r in REGENCIES),
    (k.ForumLevel.PROVINCE, PROVINCE),
    (k.ForumLevel.NATIONAL, NATION),
    (k.ForumLevel.DISTRICT, REGENCIES[0]),  # a region of the wrong level
]
PEOPLE = [
    k.MemberDetails(
        member_id=uuid.uuid5(NS, f"p{i}"),
        name=f"Warga {i}",
        contact=None if i % 3 else f"+62 811 {i:06d}",
        category=list(k.MemberCategory)[i % len(k.MemberCategory)],
        kind=k.values.MemberKind.GOVERNMENT_BODY if i == 19 else k.values.MemberKind.PERSON,
    )
    for i in range(24)
]
PARTNERS = [
    k.Partner(name="Dinas Kesehatan", sector=k.Sector.GOVERNMENT),
    k.Partner(name="Diskominfo", sector=k.Sector.GOVERNMENT, communication_office=True),
    k.Partner(name="Universitas Palangka Raya", sector=k.Sector.ACADEMIC),
    k.Partner(name="PT Sawit", sector=k.Sector.PRIVATE),
]
TOPICS = ["stunting prevention", "Digital literacy", "flood preparedness"]
TERMS: dict[str, list[object]] = {
    "regulation": [
        k.domain.RegulationTerms(legal_basis="Permenkominfo 4/2024"),
        k.domain.RegulationTerms(legal_basis=" "),
    ],
    "analog": [
        k.domain.AnalogTerms(meeting_place="Balai", meeting_frequency="monthly"),
        k.domain.AnalogTerms(meeting_place="", meeting_frequency="weekly"),
    ],
    "experience": [k.domain.ExperienceTerms(topic=t) for t in TOPICS],
    "csr": [k.domain.RegulationTerms(legal_basis="x")],  # an unknown type
}
POSTS = [
    k.Post(role=k.OfficerRole.CHAIR),
    k.Post(role=k.OfficerRole.VICE_CHAIR),
    k.Post(role=k.OfficerRole.SECRETARY),
    k.Post(role=k.OfficerRole.TREASURER),
    k.Post(role=k.OfficerRole.SECTION, section="information gathering"),
]
BOUNDS = [
    k.values.MembershipBounds(),
    k.values.MembershipBounds(minimum=2, maximum=5),
    k.values.MembershipBounds(minimum=4, maximum=6),
]
ADINDA = list(k.AdindaFunction)


def serving(authority: k.Authority, over: k.Region) -> k.Region:
    """The region a decree of *authority* about *over* names (*over* itself if none fits)."""
    try:
        return authority_region(authority, over)
    except InvalidValue:
        return over  # the decree is then refused, which the machine checks too
