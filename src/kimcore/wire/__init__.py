"""What crosses the wire to other apps: commands from JSON, and the JSON Schema of each.

```python
types = kimcore.wire.command_types(app.deciders)
command = kimcore.wire.structure_command("JoinGroup", body, types)
schema = kimcore.wire.json_schema(types["JoinGroup"])
```
"""

from __future__ import annotations

from kimcore.vocabulary.errors import InvalidFields
from kimcore.wire.commands import command_types, structure_command
from kimcore.wire.schema import json_schema

__all__ = ["InvalidFields", "command_types", "json_schema", "structure_command"]
