"""kimcore over HTTP, for other apps and for an office: ``pip install 'kimcore[web]'``.

```python
app = kimcore.web.create_app(kimcore.open_store("sqlite:///kim.db"), tokens=Tokens.from_file(path))
```

or ``kimcore serve --store sqlite:///kim.db --tokens tokens.json``; mounted in another
ASGI app, its host enters [`lifespan`][kimcore.web.lifespan]. Starlette
on uvicorn, the Python ecosystem's ASGI stack. ``docs/http.md`` lists every
route; [`Tokens`][kimcore.web.Tokens] says how tokens and scopes work.
"""

from __future__ import annotations

from kimcore.web.access import SCOPES, Grant, Tokens
from kimcore.web.app import create_app
from kimcore.web.mount import lifespan

__all__ = ["SCOPES", "Grant", "Tokens", "create_app", "lifespan"]
