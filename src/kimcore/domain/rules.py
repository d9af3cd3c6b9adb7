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

    - ``experience_needs_prior_activity`` (on): an experience-based
      partnership needs an activity on its topic held on an earlier date
      (topics match by their words, see ``topics_match``).
    - ``analog_needs_meeting_details`` (on): an analog-based partnership
      names where and how often the parties meet.
    - ``partnership_needs_instrument`` (off): every partnership cites a
      signed instrument (MoU, PKS, decree). Off: a programme with a legal
      basis and no MoU is recorded as it is.
    - ``below_minimum_cannot_sign`` (on): a group below its minimum
      membership signs no partnership.
    - ``forum_needs_decree`` (off): a forum is established only with a
      government decree. Off: forums organise themselves.
    - ``board_after_term_ends`` (on): a new forum board is installed only
      after the old one's term ended.
    - ``activity_needs_function`` (on): every activity names at least one
      ADINDA function.
    """

    experience_needs_prior_activity: bool = _switch(True)
    analog_needs_meeting_details: bool = _switch(True)
    partnership_needs_instrument: bool = _switch(False)
    below_minimum_cannot_sign: bool = _switch(True)
    forum_needs_decree: bool = _switch(False)
    board_after_term_ends: bool = _switch(True)
    activity_needs_function: bool = _switch(True)
