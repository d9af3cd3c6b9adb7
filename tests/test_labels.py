"""Every enumeration a portal shows has its Indonesian label."""

from __future__ import annotations

import enum

import kimcore as k
from kimcore.values import label
from kimcore.vocabulary import labels
from kimcore.vocabulary.labels import INDONESIAN


def test_every_enumeration_has_an_indonesian_label() -> None:
    for name in k.values.__all__:
        kind = getattr(k.values, name)
        if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            continue
        for member in kind:
            assert member in INDONESIAN or member in labels._LATER, member
    assert label(k.MemberCategory.ADULT) == "Orang tua (dewasa)"
    assert label(k.values.Gender.WOMAN) == "Perempuan"
    assert label(k.values.LeaveReason.RESIGNED) == "Mengundurkan diri"
    assert label(k.values.GroupStage.CONFIRMED) == "Dikukuhkan"
    assert label(k.Delivery.HYBRID, "en") == "hybrid"


def test_a_plugins_enumeration_without_labels_shows_its_value() -> None:
    class Colour(enum.Enum):
        DEEP_RED = "deep_red"

    assert label(Colour.DEEP_RED) == "deep red"
