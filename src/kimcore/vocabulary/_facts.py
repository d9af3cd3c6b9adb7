"""The fields a command and the event it records share, declared once for both.

A command says what a party asks to record and its event what was recorded: where they carry
the same facts (an activity held, a product published), both classes inherit them from one base,
so a field's type and validation cannot drift apart. Each base's fields come first, in the order
the event's payload has always had.

Where the bases live: `OfParty` (the party a group's, forum's or office's command or event is
about) here; a subject's own bases beside its values, in its module of the vocabulary
(``OfForum`` and ``InstalledBoardFacts`` in ``kimcore.vocabulary.forum``, ``OfOffice``,
``ProgrammeFacts`` and ``EvaluationFacts`` in ``kimcore.vocabulary.mapping``,
``HeldActivityFacts`` and ``AttendedActivityFacts`` in ``kimcore.vocabulary.activity``,
``PublishedProductFacts`` in ``kimcore.vocabulary.product``). They are parts of commands and
events, not values a user makes, so no ``__all__`` lists them (``kimcore.values`` publishes
those lists whole); users meet their fields on the command and the event.
``tests/test_public_face.py`` keeps it so: a class of the vocabulary that its module does not
list is a base of both a command and an event.
"""

from __future__ import annotations

import attrs

from kimcore.vocabulary import validate as v
from kimcore.vocabulary.parties import PartyRef


@attrs.frozen(kw_only=True)
class OfParty:
    """The party (group, forum or office) the command or event is about."""

    party: PartyRef = attrs.field(validator=v.of_type(PartyRef))
