"""Values of a KIM's practice: officers' terms, forum governance, mapping, and what KIMs publish.

Permenkominfo No. 4/2024 art. 23(2) names two types of KIM; art. 24 has the
regency's or city's office map its KIMs by audience, media, content type,
field and region, with their strength, influence and priority. The seed names
advocacy by litigation or paralegal help. Forum boards are elected by a
musyawarah and a chair may be replaced within the term for a reason.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.values import Decree

__all__ = [
    "AdvocacyKind",
    "ChairChangeReason",
    "CommunityType",
    "MappingProfile",
    "MusyawarahKind",
    "OfficerStatus",
    "OfficerTerm",
    "ProductType",
    "Rating",
]


class AdvocacyKind(enum.StrEnum):
    """How an advocacy activity helps: in court (litigation) or as paralegal help [seed]."""

    LITIGATION = "litigation"  # litigasi
    PARALEGAL = "paralegal"


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


class MusyawarahKind(enum.StrEnum):
    """A forum's deliberation meeting: the regular one of a term, or an extraordinary one."""

    REGULAR = "regular"  # musyawarah (of the term)
    EXTRAORDINARY = "extraordinary"  # musyawarah luar biasa


class ChairChangeReason(enum.StrEnum):
    """Why a forum's chair is replaced before the term ends."""

    RESIGNED = "resigned"
    DIED = "died"
    REMOVED_BY_MUSYAWARAH = "removed_by_musyawarah"


class OfficerStatus(enum.StrEnum):
    """An officer's standing on a date: within the term of the decree, or past it."""

    SERVING = "serving"
    LAPSED = "lapsed"


class ProductType(enum.StrEnum):
    """What an information product is, as KIM portals list them."""

    ARTICLE = "article"  # artikel, berita
    PHOTO = "photo"
    VIDEO = "video"
    PODCAST = "podcast"
    INFOGRAPHIC = "infographic"
    BULLETIN = "bulletin"  # buletin, majalah dinding
    LEAFLET = "leaflet"  # leaflet, brosur, poster
    RADIO_BROADCAST = "radio_broadcast"  # siaran radio komunitas
    LIVE_STREAM = "live_stream"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class OfficerTerm:
    """The decree (SK) that appointed an officer, and the day the term ends (if it does)."""

    decree: Decree | None = attrs.field(default=None, validator=v.optional_of_type(Decree))
    ends_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.date())
    )

    def status(self, on: dt.date) -> OfficerStatus:
        """Serving up to the last day of the term, lapsed after it."""
        if self.ends_on is not None and on > self.ends_on:
            return OfficerStatus.LAPSED
        return OfficerStatus.SERVING


def _label_tuple() -> tuple[str, ...]:
    labels: tuple[str, ...] = attrs.field(default=(), validator=v.texts(100, unique=True))
    return labels


@attrs.frozen(kw_only=True)
class MappingProfile:
    """What an office's mapping says of one KIM (art. 23(2), art. 24).

    The categories are the office's own labels (data, not code: offices use
    their own lists): ``audiences`` (khalayak sasaran), ``media``,
    ``content_types`` (jenis konten) and ``fields`` (bidang). The KIM's
    region is its seat, read from its stream.
    """

    community_type: CommunityType = attrs.field(validator=v.enum_member(CommunityType))
    audiences: tuple[str, ...] = _label_tuple()
    media: tuple[str, ...] = _label_tuple()
    content_types: tuple[str, ...] = _label_tuple()
    fields: tuple[str, ...] = _label_tuple()
    strength: Rating = attrs.field(validator=v.enum_member(Rating))
    influence: Rating = attrs.field(validator=v.enum_member(Rating))
    priority: Rating = attrs.field(validator=v.enum_member(Rating))


add_labels(
    {
        AdvocacyKind.LITIGATION: "Litigasi",
        AdvocacyKind.PARALEGAL: "Paralegal",
        CommunityType.INFORMATION: "Komunitas yang aktif mengelola dan menyebarluaskan informasi",
        CommunityType.EMPOWERMENT: "Komunitas yang aktif dalam pemberdayaan serta mengelola dan"
        " menyebarluaskan informasi",
        Rating.LOW: "Rendah",
        Rating.MEDIUM: "Sedang",
        Rating.HIGH: "Tinggi",
        MusyawarahKind.REGULAR: "Musyawarah",
        MusyawarahKind.EXTRAORDINARY: "Musyawarah luar biasa",
        ChairChangeReason.RESIGNED: "Mengundurkan diri",
        ChairChangeReason.DIED: "Meninggal dunia",
        ChairChangeReason.REMOVED_BY_MUSYAWARAH: "Diberhentikan oleh musyawarah",
        OfficerStatus.SERVING: "Masih menjabat",
        OfficerStatus.LAPSED: "Masa jabatan berakhir",
        ProductType.ARTICLE: "Artikel/berita",
        ProductType.PHOTO: "Foto",
        ProductType.VIDEO: "Video",
        ProductType.PODCAST: "Podcast",
        ProductType.INFOGRAPHIC: "Infografis",
        ProductType.BULLETIN: "Buletin/majalah dinding",
        ProductType.LEAFLET: "Leaflet/brosur/poster",
        ProductType.RADIO_BROADCAST: "Siaran radio komunitas",
        ProductType.LIVE_STREAM: "Siaran langsung",
        ProductType.OTHER: "Lainnya",
    }
)
