"""Members and officers: who belongs to a group, how many may, and the posts they hold."""

from __future__ import annotations

import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.personal import personal_field

__all__ = [
    "Gender",
    "MemberCategory",
    "MemberDetails",
    "MemberKind",
    "MembershipBounds",
    "OfficerRole",
    "Post",
]


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
