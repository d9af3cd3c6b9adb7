"""The rules a deployment may switch: those kimcore made up, not the sources or the regulation.

Every rule the seed texts or Permenkominfo No. 4/2024 require is always
enforced. These are judgements of kimcore's (``docs/domain.md`` marks each
"[policy]"), so that an office can record existing partnerships and forums
as they happened. Each switch has a documented default; a
:class:`~kimcore.domain.policy.Policy` holds one :class:`Rules`.
"""

from __future__ import annotations

import attrs

from kimcore.vocabulary import validate as v

__all__ = ["Rules"]


def _switch(default: bool) -> bool:
    switch: bool = attrs.field(default=default, validator=v.of_type(bool))
    return switch


@attrs.frozen(kw_only=True)
class Rules:
    """One switch per invented rule, with its default.

    The rules kimcore invented about partnerships and activities are off by
    default, so that an office records what happened as it happened; each
    can be switched on in the policy file (``kimcore policy`` shows them).

    - ``experience_needs_prior_activity`` (off): an experience-based
      partnership needs an activity on its topic, held or attended, on an
      earlier date (topics match by their words, see ``topics_match``).
    - ``analog_needs_meeting_details`` (off): an analog-based partnership
      names where and how often the parties meet.
    - ``partnership_needs_instrument`` (off): every partnership cites a
      signed instrument (MoU, PKS, decree). Off: a programme with a legal
      basis and no MoU is recorded as it is.
    - ``one_partnership_per_type_and_partner`` (off): a second partnership
      of one type with the same partner is refused while the first is
      active. Off: an office runs several programmes with one puskesmas.
    - ``activity_needs_function`` (off): every activity names at least one
      ADINDA function.
    - ``advocacy_needs_kind`` (off): an advocacy activity names litigation or
      paralegal help (the seed's examples). Off: "advokasi aspirasi" is
      recorded too; a kind is still refused on an activity that is not
      advocacy.
    - ``below_minimum_cannot_sign`` (on): a group below its minimum
      membership signs no partnership.
    - ``forum_needs_decree`` (off): a forum is established only with a
      government decree. Off: forums organise themselves.
    - ``board_after_term_ends`` (on): a new forum board is installed only
      after the old one's term ended.
    - ``regency_forum_of_district_forums`` (off): a regency/city forum's members
      are the district forums of its regency, not KIMs (as some regencies build
      it, Kab. Bandung 2024). Off: it admits the KIMs seated in its region.
    - ``board_needs_decree`` (off): a forum board is installed only with its
      decree (SK kepengurusan). Off: a board elected by musyawarah is recorded
      as it is, and its decree where there is one.
    - ``refuse_future_dates`` (on): a register's import refuses a row dated
      after the day of the import (a clerk's typing slip, such as 2204 for
      2024).
    - ``evaluation_needs_result`` (off): an office's monitoring and evaluation
      of a KIM gives a result (its conclusion or grade). Off: PM 4/2024 names
      monitoring and evaluation and fixes no scale; findings alone are recorded.
    """

    experience_needs_prior_activity: bool = _switch(False)
    analog_needs_meeting_details: bool = _switch(False)
    partnership_needs_instrument: bool = _switch(False)
    one_partnership_per_type_and_partner: bool = _switch(False)
    activity_needs_function: bool = _switch(False)
    advocacy_needs_kind: bool = _switch(False)
    below_minimum_cannot_sign: bool = _switch(True)
    forum_needs_decree: bool = _switch(False)
    board_after_term_ends: bool = _switch(True)
    refuse_future_dates: bool = _switch(True)
    regency_forum_of_district_forums: bool = _switch(False)
    board_needs_decree: bool = _switch(False)
    evaluation_needs_result: bool = _switch(False)
