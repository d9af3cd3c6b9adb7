"""The ports the application service works through, which adapters implement.

[`store`][kimcore.application.ports.store] (the event store),
[`keys`][kimcore.application.ports.keys] (subjects' keys) and `models` (read models' tables and
sinks).
"""
