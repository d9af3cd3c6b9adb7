"""Bringing in the KIM register an office keeps in a spreadsheet (``kimcore import``).

```python
report = kimcore.register.import_register(app, Path("register.xlsx"), dry_run=True)
```

The layout (one table, a ``record`` column saying what each row records) is
in ``kimcore.register.layout`` and ``docs/import.md``; a template to
fill in comes from [`write_template`][kimcore.register.write_template].
"""

from __future__ import annotations

from kimcore.register.export import export_register, register_rows, register_table
from kimcore.register.importer import ImportReport, RowOutcome, import_register
from kimcore.register.layout import COLUMNS, RECORDS, Column, group_id_of, member_id_of
from kimcore.register.template import TEMPLATE_ROWS, template_table, write_template

__all__ = [
    "COLUMNS",
    "RECORDS",
    "TEMPLATE_ROWS",
    "Column",
    "ImportReport",
    "RowOutcome",
    "export_register",
    "group_id_of",
    "import_register",
    "member_id_of",
    "register_rows",
    "register_table",
    "template_table",
    "write_template",
]
