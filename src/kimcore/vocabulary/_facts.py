"""The fields a command and the event it records share, declared once for both.

A command says what a party asks to record and its event what was recorded: where they carry
the same facts (an activity held, a product published), both classes inherit them from one base
here, so a field's type and validation cannot drift apart. Each base's fields come first, in the
order the event's payload has always had.
"""

from __future__ import annotations

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.parties import PartyRef


@attrs.frozen(kw_only=True)
class OfParty:
    """The party (group, forum or office) the command or event is about."""

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
