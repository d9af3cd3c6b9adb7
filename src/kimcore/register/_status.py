"""The words a register writes for how a KIM and a member ended.

A KIM's ``status`` (active, dissolved, merged) and a member's ``leave_reason``, each in the
words an office writes (:mod:`kimcore.vocabulary.words`); ``kimcore.register.layout`` names
them.
"""

from __future__ import annotations

import enum

from kimcore.events.group import LeaveReason
from kimcore.vocabulary.labels import add_labels
from kimcore.vocabulary.words import add_words

__all__ = ["KimStatus"]


class KimStatus(enum.StrEnum):
    """Where a KIM stands in the office's register: active, dissolved, or merged into another."""

    ACTIVE = "active"
    DISSOLVED = "dissolved"
    MERGED = "merged"


add_labels({KimStatus.ACTIVE: "Aktif", KimStatus.DISSOLVED: "Bubar", KimStatus.MERGED: "Bergabung"})
add_words(
    KimStatus,
    {
        KimStatus.ACTIVE: ("masih aktif",),
        KimStatus.DISSOLVED: ("dibubarkan", "membubarkan diri"),
        KimStatus.MERGED: ("digabung", "bergabung dengan", "melebur"),
    },
)
add_words(
    LeaveReason,
    {
        LeaveReason.RESIGNED: ("mengundurkan diri", "undur diri", "berhenti"),
        LeaveReason.MOVED_AWAY: ("pindah", "pindah domisili", "pindah alamat"),
        LeaveReason.DECEASED: ("meninggal", "wafat", "almarhum", "almarhumah"),
        LeaveReason.REMOVED: ("diberhentikan", "dikeluarkan"),
        LeaveReason.OTHER: ("lainnya", "lain lain"),
    },
)
