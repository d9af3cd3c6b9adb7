"""How information travels: a group's channels and kind, an activity's delivery and function."""

from __future__ import annotations

import enum

import attrs

from kimcore.vocabulary import validate as v

__all__ = ["AdindaFunction", "Channel", "ChannelKind", "Delivery", "GroupKind"]


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
