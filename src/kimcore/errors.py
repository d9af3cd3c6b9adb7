"""Every error kimcore raises, by family: catch a base to catch its whole family.

A refusal's ``rule`` is a stable code; ``kimcore.domain.indonesian(error)`` says it in
Indonesian.

::

    DomainError              a command or value breaks a rule (``rule`` names it)
    ├── InvalidValue         a field is malformed (names the field): InvalidFields (a command
    │                        body's, each by path), PolicyFileError, TooLarge (a file)
    ├── …                    one class per rule: see docs/domain.md
    └── PersonalDataError    UnknownSubject, SubjectForgotten
    StoreError               ConcurrencyConflict (WrongExpectedVersion, KeyConflict,
                             ConflictRetriesExhausted), DuplicateEventId,
                             StoreUnavailable, InvalidStoreArgument, WrongKek, CopyFailed
    EventError               EventTypeError, UnknownEventType, UpcastError, EventDecodeError
    ProjectionError          ReadModelError, CheckpointMoved, DeliveryFailed
    PluginError              PluginConflict, PluginFailed, UnknownPluginName
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.domain import errors as _rules
from kimcore.domain.errors import *  # noqa: F403 - every rule error, as its module lists them
from kimcore.events import errors as _events
from kimcore.events.errors import *  # noqa: F403
from kimcore.plugins import errors as _plugins
from kimcore.plugins.errors import *  # noqa: F403
from kimcore.vocabulary import errors as _crossing
from kimcore.vocabulary.errors import *  # noqa: F403

# The errors that cross layers, but the domain's (kimcore.domain.errors lists those).
__all__ = [name for name in _crossing.__all__ if name not in _rules.__all__]
__all__ += _rules.__all__
__all__ += _events.__all__
__all__ += _plugins.__all__

__getattr__ = _deprecated.old_names(__name__)
