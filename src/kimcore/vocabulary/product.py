"""Values of an information product a KIM publishes."""

from __future__ import annotations

import enum

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
