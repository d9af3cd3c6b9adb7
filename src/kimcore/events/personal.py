"""The event that records a data subject's erasure; it holds no personal data itself."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import attrs

from kimcore.events.base import Event, event_type
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.labels import add_labels

__all__ = ["ErasureBasis", "ErasureRequester", "MemberForgotten"]


class ErasureRequester(enum.StrEnum):
    """Who asked for the erasure (a role, never a name)."""

    DATA_SUBJECT = "data_subject"
    GUARDIAN = "guardian"  # for a child or a person under guardianship
    GROUP_OFFICER = "group_officer"
    FORUM_OFFICER = "forum_officer"
    AUTHORITY = "authority"  # a court order or the supervising agency


class ErasureBasis(enum.StrEnum):
    """The ground for erasure under UU No. 27 of 2022 (arts. 8 and 43)."""

    SUBJECT_REQUEST = "subject_request"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    NO_LONGER_NECESSARY = "no_longer_necessary"
    UNLAWFUL_PROCESSING = "unlawful_processing"


@event_type("MemberForgotten")
@attrs.frozen(kw_only=True)
class MemberForgotten(Event):
    """A data subject's key was destroyed: their personal data now reads as redacted.

    Recorded on the stream ``subject-<subject_id>`` in the same atomic write
    that destroys the key. Read models scrub the subject when they see it.
    """

    subject_id: uuid.UUID = attrs.field(validator=v.identifier())
    requested_by: ErasureRequester = attrs.field(validator=v.enum_member(ErasureRequester))
    basis: ErasureBasis = attrs.field(validator=v.enum_member(ErasureBasis))
    requested_on: dt.date = attrs.field(validator=v.date())
    reference: str | None = attrs.field(default=None, validator=v.optional_text(100))


add_labels(
    {
        ErasureBasis.SUBJECT_REQUEST: "Permintaan subjek data",
        ErasureBasis.CONSENT_WITHDRAWN: "Persetujuan ditarik",
        ErasureBasis.NO_LONGER_NECESSARY: "Tidak diperlukan lagi",
        ErasureBasis.UNLAWFUL_PROCESSING: "Pemrosesan melanggar hukum",
        ErasureRequester.DATA_SUBJECT: "Subjek data",
        ErasureRequester.GUARDIAN: "Wali",
        ErasureRequester.GROUP_OFFICER: "Pengurus KIM",
        ErasureRequester.FORUM_OFFICER: "Pengurus Forum KIM",
        ErasureRequester.AUTHORITY: "Otoritas",
    }
)
