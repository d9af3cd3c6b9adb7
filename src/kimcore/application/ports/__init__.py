"""The ports the application service works through, which adapters implement.

:mod:`~kimcore.application.ports.store` (the event store),
:mod:`~kimcore.application.ports.keys` (subjects' keys) and
:mod:`~kimcore.application.ports.models` (read models' tables and sinks).
"""
