"""Value objects of the KIM domain: places, people, offices, decrees, channels, partners.

All are frozen attrs classes validated on construction; a malformed value raises
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field. Enumerations carry their English
name in code and serialise by their lowercase value.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.personal import personal_field

__all__ = [
    "AdindaFunction",
    "Area",
    "Authority",
    "BoardRole",
    "BoardSeat",
    "Channel",
    "ChannelKind",
    "CommunicationOffice",
    "CompetitionLevel",
    "CompetitionResult",
    "Decree",
    "Delivery",
    "ForumLevel",
    "Gender",
    "GroupKind",
    "Instrument",
    "InstrumentKind",
    "MemberCategory",
    "MemberDetails",
    "MemberKind",
    "MembershipBounds",
    "OfficerRole",
    "Partner",
    "PartyKind",
    "PartyRef",
    "Post",
    "Region",
    "RegionLevel",
    "Seat",
    "Sector",
    "Settlement",
]


class RegionLevel(enum.IntEnum):
    """Administrative level of a region, from the nation down to a village or ward."""

    NATIONAL = 0
    PROVINCE = 1
    REGENCY = 2  # kabupaten or kota
    DISTRICT = 3  # kecamatan
    VILLAGE = 4  # desa or kelurahan


# Kemendagri's area codes: province "62", regency "62.71", district "62.71.01",
# village "62.71.01.1001"; the empty code is the nation.
_REGION_CODE = re.compile(r"^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$")


@attrs.frozen(kw_only=True)
class Region:
    """A region by its Kemendagri area code and name; the code's depth gives its level."""

    code: str = attrs.field(validator=v.of_type(str))
    name: str = attrs.field(validator=v.text(200))

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not _REGION_CODE.match(value):
            raise InvalidValue(
                "code", f"{value!r} is not a Kemendagri area code like '62.71.01.1001'"
            )

    @property
    def level(self) -> RegionLevel:
        """The administrative level implied by the code."""
        return RegionLevel(0 if not self.code else self.code.count(".") + 1)

    def contains(self, other: Region) -> bool:
        """Whether *other* lies within this region (a region contains itself)."""
        if not self.code:
            return True
        return other.code == self.code or other.code.startswith(self.code + ".")

    def ancestor_code(self, level: RegionLevel) -> str:
        """The code of the enclosing region at *level* (at or above this one)."""
        if level > self.level:
            raise InvalidValue("level", f"{level.name} is below {self.level.name}")
        return ".".join(self.code.split(".")[: int(level)]) if level else ""


class Settlement(enum.StrEnum):
    """The kind of lowest-level unit a group is seated in."""

    VILLAGE = "village"  # desa
    URBAN_WARD = "urban_ward"  # kelurahan


class Area(enum.StrEnum):
    """Whether the group's seat is urban (perkotaan) or rural (pedesaan)."""

    URBAN = "urban"
    RURAL = "rural"


@attrs.frozen(kw_only=True)
class Seat:
    """Where a group is seated: a village (desa) or urban ward (kelurahan)."""

    region: Region = attrs.field(validator=v.of_type(Region))
    settlement: Settlement = attrs.field(validator=v.enum_member(Settlement))
    area: Area = attrs.field(validator=v.enum_member(Area))

    @region.validator
    def _check_level(self, attribute: attrs.Attribute[Region], value: Region) -> None:
        if value.level is not RegionLevel.VILLAGE:
            raise InvalidValue(
                "seat.region",
                f"a group is seated in a village or urban ward, not a {value.level.name.lower()}"
                f" ({value.code!r})",
            )


class MemberCategory(enum.StrEnum):
    """Who the member is in the community, as the seed text lists them (a member may be several).

    ``ADULT`` is the seed's *orang tua*: adults and elders, not parents. It
    was stored as ``"parent"`` before: such events are upcast on read.
    """

    YOUTH = "youth"  # remaja
    ADULT = "adult"  # orang tua: adults and elders
    PUPIL = "pupil"  # pelajar
    UNIVERSITY_STUDENT = "university_student"  # mahasiswa
    TRADER = "trader"  # pedagang
    FARMER = "farmer"  # petani
    FISHER = "fisher"  # nelayan
    OTHER = "other"


class Gender(enum.StrEnum):
    """A member's gender, for the gender-disaggregated figures offices report (pria / wanita)."""

    MAN = "man"  # laki-laki, pria
    WOMAN = "woman"  # perempuan, wanita


class MemberKind(enum.StrEnum):
    """Whether the applicant is a person or joins on behalf of a government body."""

    PERSON = "person"
    GOVERNMENT_BODY = "government_body"


@attrs.frozen(kw_only=True)
class MemberDetails:
    """A member of a group; ``name`` and ``contact`` are the member's personal data.

    ``category`` is the first background the seed lists the member under,
    ``also`` any others; ``gender`` is recorded where known (the figures
    offices report are by gender). Neither is sealed: with the name erased
    they identify no one (see ``docs/personal-data.md``).
    """

    member_id: uuid.UUID = attrs.field(validator=v.identifier())
    name: str = personal_field(subject="member_id", kind="name", validator=v.text(200))
    contact: str | None = personal_field(
        subject="member_id", kind="contact", optional=True, validator=v.optional_text(200)
    )
    category: MemberCategory = attrs.field(validator=v.enum_member(MemberCategory))
    kind: MemberKind = attrs.field(default=MemberKind.PERSON, validator=v.enum_member(MemberKind))
    # More backgrounds than the first (a young fisher: youth, then fisher), and the gender.
    also: frozenset[MemberCategory] = attrs.field(
        default=frozenset(), validator=v.frozenset_of(MemberCategory)
    )
    gender: Gender | None = attrs.field(default=None, validator=v.optional_of_type(Gender))

    @property
    def categories(self) -> frozenset[MemberCategory]:
        """Every background the member has: ``category`` and ``also``."""
        return self.also | {self.category}


@attrs.frozen(kw_only=True)
class MembershipBounds:
    """How many members a group may have; the seed's 3–30 unless a deployment says otherwise."""

    minimum: int = attrs.field(default=3, validator=v.int_range(1, 1000))
    maximum: int = attrs.field(default=30, validator=v.int_range(1, 1000))

    def __attrs_post_init__(self) -> None:
        if self.maximum < self.minimum:
            raise InvalidValue("maximum", f"{self.maximum} is below the minimum of {self.minimum}")


class OfficerRole(enum.StrEnum):
    """Officer posts (pengurus)."""

    CHAIR = "chair"  # ketua
    VICE_CHAIR = "vice_chair"  # wakil ketua
    SECRETARY = "secretary"  # sekretaris
    TREASURER = "treasurer"  # bendahara
    SECTION = "section"  # seksi / bidang

    @property
    def is_core(self) -> bool:
        """Chair, secretary and treasurer: one person holds at most one of them."""
        return self in (OfficerRole.CHAIR, OfficerRole.SECRETARY, OfficerRole.TREASURER)


@attrs.frozen(kw_only=True)
class Post:
    """An officer post; a section post names its section (e.g. "information gathering")."""

    role: OfficerRole = attrs.field(validator=v.enum_member(OfficerRole))
    section: str | None = attrs.field(default=None, validator=v.optional_text(100))

    def __attrs_post_init__(self) -> None:
        if (self.role is OfficerRole.SECTION) != (self.section is not None):
            raise InvalidValue("section", "is required for a section post and only for one")

    def __str__(self) -> str:
        return self.role.value if self.section is None else f"section '{self.section}'"


class Authority(enum.StrEnum):
    """Who issues a decree (Surat Keputusan); ``rank`` orders them."""

    NEIGHBOURHOOD_HEAD = "neighbourhood_head"  # ketua RT/RW: below the regulation's floor
    VILLAGE_HEAD = "village_head"  # kepala desa
    LURAH = "lurah"
    CAMAT = "camat"
    REGENT = "regent"  # bupati
    MAYOR = "mayor"  # wali kota
    COMMUNICATION_OFFICE_HEAD = "communication_office_head"  # kepala Diskominfo
    GOVERNOR = "governor"
    MINISTER = "minister"

    @property
    def rank(self) -> int:
        """0 below the village level, 1 village/ward, 2 district, 3 regency/city, 4+ above."""
        return _AUTHORITY_RANK[self]


_AUTHORITY_RANK = {
    Authority.NEIGHBOURHOOD_HEAD: 0,
    Authority.VILLAGE_HEAD: 1,
    Authority.LURAH: 1,
    Authority.CAMAT: 2,
    Authority.REGENT: 3,
    Authority.MAYOR: 3,
    Authority.COMMUNICATION_OFFICE_HEAD: 3,
    Authority.GOVERNOR: 4,
    Authority.MINISTER: 5,
}


@attrs.frozen(kw_only=True)
class Decree:
    """A decree (SK): its number, date, issuing authority and the region that authority serves.

    ``region`` is the issuing office's region: the desa or kelurahan of a
    village head or lurah, the kecamatan of a camat, the kabupaten of a
    bupati, the kota of a wali kota, the province of a governor, the nation
    (code ``""``) of a minister. Decrees recorded before it was kept read as
    ``None``; a command must name it.
    """

    number: str = attrs.field(validator=v.text(100))
    issued_on: dt.date = attrs.field(validator=v.date())
    authority: Authority = attrs.field(validator=v.enum_member(Authority))
    region: Region | None = attrs.field(default=None, validator=v.optional_of_type(Region))


@attrs.frozen(kw_only=True)
class CommunicationOffice:
    """A regency's or city's communication and informatics office (Diskominfo)."""

    name: str = attrs.field(validator=v.text(200))
    region: Region = attrs.field(validator=v.of_type(Region))

    @region.validator
    def _check_level(self, attribute: attrs.Attribute[Region], value: Region) -> None:
        if value.level is not RegionLevel.REGENCY:
            raise InvalidValue("office.region", f"must be a regency or city, got {value.code!r}")


class ChannelKind(enum.StrEnum):
    """Analog (face to face, print) or digital (internet) channel."""

    ANALOG = "analog"
    DIGITAL = "digital"


class GroupKind(enum.StrEnum):
    """A group's kind, following from its channels."""

    ANALOG = "analog"
    DIGITAL = "digital"
    HYBRID = "hybrid"


@attrs.frozen(kw_only=True)
class Channel:
    """An information channel and its kind, recorded together so plugins can add channels."""

    name: str = attrs.field(validator=v.text(100))
    kind: ChannelKind = attrs.field(validator=v.enum_member(ChannelKind))


class Sector(enum.StrEnum):
    """A partner's sector."""

    GOVERNMENT = "government"
    PRIVATE = "private"
    ACADEMIC = "academic"
    MEDIA = "media"
    DEVELOPMENT_PARTNER = "development_partner"
    COMMUNITY = "community"


@attrs.frozen(kw_only=True)
class Partner:
    """The other party of a partnership; a communication office is a government partner."""

    name: str = attrs.field(validator=v.text(200))
    sector: Sector = attrs.field(validator=v.enum_member(Sector))
    communication_office: bool = attrs.field(default=False, validator=v.of_type(bool))

    def __attrs_post_init__(self) -> None:
        if self.communication_office and self.sector is not Sector.GOVERNMENT:
            raise InvalidValue("partner.sector", "a communication office is a government partner")

    @property
    def key(self) -> tuple[str, Sector]:
        """Identity of the partner for the once-while-active rule (case and space blind)."""
        return (" ".join(self.name.split()).casefold(), self.sector)


class InstrumentKind(enum.StrEnum):
    """The document a partnership rests on."""

    MOU = "mou"  # nota kesepahaman
    COOPERATION_AGREEMENT = "cooperation_agreement"  # perjanjian kerja sama (PKS)
    DECREE = "decree"
    LETTER = "letter"


@attrs.frozen(kw_only=True)
class Instrument:
    """The signed document: kind, number and date."""

    kind: InstrumentKind = attrs.field(validator=v.enum_member(InstrumentKind))
    number: str = attrs.field(validator=v.text(100))
    signed_on: dt.date = attrs.field(validator=v.date())


class PartyKind(enum.StrEnum):
    """What kind of party acts: a group, a forum, or (refused where it matters) government."""

    GROUP = "group"
    FORUM = "forum"
    GOVERNMENT_BODY = "government_body"


@attrs.frozen(kw_only=True)
class PartyRef:
    """A reference to a group or forum."""

    kind: PartyKind = attrs.field(validator=v.enum_member(PartyKind))
    id: uuid.UUID = attrs.field(validator=v.identifier())


class CompetitionLevel(enum.StrEnum):
    """The level of a KIM competition or festival."""

    DISTRICT = "district"  # kecamatan
    REGENCY = "regency"
    PROVINCE = "province"
    NATIONAL = "national"


@attrs.frozen(kw_only=True)
class CompetitionResult:
    """A result in a competition; categories change yearly, so they are data, not code.

    ``rank`` is a place (1, 2, 3…) and ``award`` the award's own words
    ("Harapan I", "Favorit", "Terbaik"); a result has one or both.
    """

    event: str = attrs.field(validator=v.text(200))
    level: CompetitionLevel = attrs.field(validator=v.enum_member(CompetitionLevel))
    year: int = attrs.field(validator=v.int_range(1990, 2200))
    category: str = attrs.field(validator=v.text(200))
    rank: int | None = attrs.field(default=None, validator=v.optional_of_type(int))
    award: str | None = attrs.field(default=None, validator=v.optional_text(100))

    def __attrs_post_init__(self) -> None:
        if self.rank is None and self.award is None:
            raise InvalidValue("result", "a result has a rank, an award, or both")
        if self.rank is not None and (isinstance(self.rank, bool) or self.rank < 1):
            raise InvalidValue("rank", f"must be at least 1, got {self.rank}")


class BoardRole(enum.StrEnum):
    """Roles on a forum board."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    ADVISER = "adviser"
    DIVISION = "division"
    SECRETARY_GENERAL = "secretary_general"  # sekretaris jenderal: provincial and national boards


@attrs.frozen(kw_only=True)
class BoardSeat:
    """A person on a forum board; ``name`` is that person's personal data."""

    person_id: uuid.UUID = attrs.field(validator=v.identifier())
    name: str = personal_field(subject="person_id", kind="name", validator=v.text(200))
    role: BoardRole = attrs.field(validator=v.enum_member(BoardRole))
    division: str | None = attrs.field(default=None, validator=v.optional_text(100))


class Delivery(enum.StrEnum):
    """How an activity is held."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class AdindaFunction(enum.StrEnum):
    """The ADINDA cycle of KIM work an activity serves."""

    ACCESS = "access"  # Akses
    DISCUSS = "discuss"  # DIskusi
    IMPLEMENT = "implement"  # Implementasi
    NETWORK = "network"  # Networking
    DISSEMINATE = "disseminate"  # Diseminasi
    ASPIRATION = "aspiration"  # Aspirasi


class ForumLevel(enum.StrEnum):
    """The level a Forum KIM is established at."""

    DISTRICT = "district"  # kecamatan
    REGENCY = "regency"  # kabupaten/kota
    PROVINCE = "province"  # provinsi
    NATIONAL = "national"  # Forum KIM Nusantara

    @property
    def region_level(self) -> RegionLevel:
        """The level of the region a forum of this level serves."""
        return _FORUM_REGION_LEVEL[self]


_FORUM_REGION_LEVEL = {
    ForumLevel.DISTRICT: RegionLevel.DISTRICT,
    ForumLevel.REGENCY: RegionLevel.REGENCY,
    ForumLevel.PROVINCE: RegionLevel.PROVINCE,
    ForumLevel.NATIONAL: RegionLevel.NATIONAL,
}
