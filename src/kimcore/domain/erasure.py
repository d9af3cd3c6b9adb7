"""Erasing a data subject's personal data: the command and its decision.

The subject's history lives on the stream ``subject-<id>``. Forgetting twice
records nothing the second time; the caller (the application service) refuses
a subject the key store never knew.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

import attrs

from kimcore.domain.party import recorded
from kimcore.events.base import Event
from kimcore.events.personal import ErasureBasis, ErasureRequester, MemberForgotten
from kimcore.vocabulary import validate as v

__all__ = ["ForgetSubject", "decide_forget", "subject_stream_id"]


def subject_stream_id(subject_id: uuid.UUID) -> str:
    """The stream that records what happened to a data subject's personal data."""
    return f"subject-{subject_id}"


@attrs.frozen(kw_only=True)
class ForgetSubject:
    """Erase a person's data: destroy their key and record ``MemberForgotten``."""

    subject_id: uuid.UUID = attrs.field(validator=v.identifier())
    requested_by: ErasureRequester = attrs.field(validator=v.enum_member(ErasureRequester))
    basis: ErasureBasis = attrs.field(validator=v.enum_member(ErasureBasis))
    requested_on: dt.date = attrs.field(validator=v.date())
    reference: str | None = attrs.field(default=None, validator=v.optional_text(100))


def decide_forget(command: ForgetSubject, history: Iterable[Event]) -> list[Event]:
    """``[MemberForgotten]``, or nothing when the subject was forgotten already."""
    if any(isinstance(event, MemberForgotten) for event in history):
        return []
    return [recorded(MemberForgotten, command)]
