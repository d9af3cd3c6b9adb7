"""Values of an office's mapping of its KIMs and its partnership with them (PM 4/2024 arts. 23–24).

Art. 23(2) names two types of KIM, "and/or": a KIM may be both; art. 24 has the regency's or
city's office map its KIMs by audience, media, content type, field and region, with their
strength, influence and priority, and (art. 24(2)(b)) the public issues (isu publik) each works on.
Art. 24(6) names six forms of the office's communication partnership (kemitraan komunikasi) with
its KIMs, the last of them monitoring and evaluation.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.government import CommunicationOffice
from kimcore.vocabulary.labels import add_labels

__all__ = [
    "CommunicationPartnershipForm",
    "CommunityType",
    "MappingProfile",
    "Rating",
]


class CommunityType(enum.StrEnum):
    """Art. 23(2) Permenkominfo 4/2024: the two types of KIM."""

    # a. komunitas yang aktif mengelola dan menyebarluaskan informasi
    INFORMATION = "information"
    # b. komunitas yang aktif dalam pemberdayaan dan juga mengelola dan menyebarluaskan informasi
    EMPOWERMENT = "empowerment"


class Rating(enum.StrEnum):
    """A mapping's judgement of strength, influence or priority (art. 24)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def _label_tuple() -> tuple[str, ...]:
    labels: tuple[str, ...] = attrs.field(default=(), validator=v.texts(100, unique=True))
    return labels


@attrs.frozen(kw_only=True)
class MappingProfile:
    """What an office's mapping says of one KIM (art. 23(2), art. 24).

    ``community_types``: the KIM's types under art. 23(2), one or both ("and/or").
    The categories are the office's own labels (data, not code: offices use
    their own lists): ``audiences`` (khalayak sasaran), ``media``,
    ``content_types`` (jenis konten), ``fields`` (bidang) and ``public_issues``
    (isu publik, art. 24(2)(b): the issues the KIM raises or works on). The
    KIM's region is its seat, read from its stream.
    """

    community_types: frozenset[CommunityType] = attrs.field(
        validator=v.frozenset_of(CommunityType, min_length=1)
    )
    audiences: tuple[str, ...] = _label_tuple()
    media: tuple[str, ...] = _label_tuple()
    content_types: tuple[str, ...] = _label_tuple()
    fields: tuple[str, ...] = _label_tuple()
    public_issues: tuple[str, ...] = _label_tuple()
    strength: Rating = attrs.field(validator=v.enum_member(Rating))
    influence: Rating = attrs.field(validator=v.enum_member(Rating))
    priority: Rating = attrs.field(validator=v.enum_member(Rating))


class CommunicationPartnershipForm(enum.StrEnum):
    """Art. 24(6) Permenkominfo 4/2024: the six forms of the office's partnership with KIMs."""

    CAPACITY_NEEDS = "capacity_needs"  # a. identifying the KIMs' capacity needs
    PARTNERSHIP_MODEL = "partnership_model"  # b. developing, piloting, validating models
    CAPACITY_BUILDING = "capacity_building"  # c. bimtek, workshops, sarasehan, forums, literacy
    JOINT_MATERIAL = "joint_material"  # d. information material designed together, spread by KIMs
    COMPETITION = "competition"  # e. competitions and awards
    MONITORING_EVALUATION = "monitoring_evaluation"  # f. monitoring and evaluation


@attrs.frozen(kw_only=True)
class OfOffice:
    """A fact of one communication office (of a regency or city), on its own stream."""

    office: CommunicationOffice = attrs.field(validator=v.of_type(CommunicationOffice))


@attrs.frozen(kw_only=True)
class ProgrammeFacts(OfOffice):
    """What `HoldPartnershipProgramme` asks to record and `PartnershipProgrammeHeld` records.

    A programme of one of art. 24(6)'s forms, run with one KIM or several
    (``groups``), on ``held_on`` (its start, for one that lasts).
    """

    programme_id: uuid.UUID = attrs.field(validator=v.identifier())
    form: CommunicationPartnershipForm = attrs.field(
        validator=v.enum_member(CommunicationPartnershipForm)
    )
    title: str = attrs.field(validator=v.text(200))
    groups: tuple[uuid.UUID, ...] = attrs.field(
        validator=v.tuple_of(uuid.UUID, min_length=1, unique=True)
    )
    held_on: dt.date = attrs.field(validator=v.date())


@attrs.frozen(kw_only=True)
class EvaluationFacts(OfOffice):
    """What `EvaluateGroup` asks to record and `GroupEvaluated` records (art. 24(6)(f)).

    ``findings``: what the office found (at least one); ``result``: its own
    conclusion or grade in its own words (``Baik``, ``Aktif``, ``Perlu
    pembinaan``), where it gives one: the regulation fixes no scale.
    ``programme_id``: the monitoring and evaluation programme it was part of.
    """

    evaluation_id: uuid.UUID = attrs.field(validator=v.identifier())
    group_id: uuid.UUID = attrs.field(validator=v.identifier())
    evaluated_on: dt.date = attrs.field(validator=v.date())
    findings: tuple[str, ...] = attrs.field(validator=v.texts(1000, min_length=1))
    result: str | None = attrs.field(default=None, validator=v.optional_text(100))
    programme_id: uuid.UUID | None = attrs.field(
        default=None, validator=v.optional_of_type(uuid.UUID)
    )


add_labels(
    {
        CommunicationPartnershipForm.CAPACITY_NEEDS: "Identifikasi kebutuhan peningkatan"
        " kapasitas KIM",
        CommunicationPartnershipForm.PARTNERSHIP_MODEL: "Pengembangan, uji coba, dan validasi"
        " model kemitraan",
        CommunicationPartnershipForm.CAPACITY_BUILDING: "Bimbingan teknis, lokakarya,"
        " sarasehan, forum, dan literasi",
        CommunicationPartnershipForm.JOINT_MATERIAL: "Perancangan materi informasi bersama dan"
        " penyebarannya melalui media KIM",
        CommunicationPartnershipForm.COMPETITION: "Lomba dan penghargaan",
        CommunicationPartnershipForm.MONITORING_EVALUATION: "Pemantauan dan evaluasi",
        CommunityType.INFORMATION: "Komunitas yang aktif mengelola dan menyebarluaskan informasi",
        CommunityType.EMPOWERMENT: "Komunitas yang aktif dalam pemberdayaan serta mengelola dan"
        " menyebarluaskan informasi",
        Rating.LOW: "Rendah",
        Rating.MEDIUM: "Sedang",
        Rating.HIGH: "Tinggi",
    }
)
