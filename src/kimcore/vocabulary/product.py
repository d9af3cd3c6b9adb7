"""Values of an information product a KIM publishes."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary._facts import OfParty
from kimcore.vocabulary.government import CommunicationOffice
from kimcore.vocabulary.labels import add_labels

__all__ = [
    "ProductType",
]


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


add_labels(
    {
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


@attrs.frozen(kw_only=True)
class PublishedProductFacts(OfParty):
    """What `PublishInformation` asks to record and `InformationPublished` records."""

    product_id: uuid.UUID = attrs.field(validator=v.identifier())
    product_type: ProductType = attrs.field(validator=v.enum_member(ProductType))
    title: str = attrs.field(validator=v.text(300))
    topic: str = attrs.field(validator=v.text(200))
    channel: str = attrs.field(validator=v.text(64))
    url: str | None = attrs.field(default=None, validator=v.optional_text(500))
    place: str | None = attrs.field(default=None, validator=v.optional_text(300))
    programme: str | None = attrs.field(default=None, validator=v.optional_text(200))
    with_office: CommunicationOffice | None = attrs.field(
        default=None, validator=v.optional_of_type(CommunicationOffice)
    )
    reach: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.int_range(0))
    )
    published_on: dt.date = attrs.field(validator=v.date())
