"""Why an event cannot be encoded or a payload decoded, said by field (the codec's failures).

Built only on failure: encoding and decoding are the hot paths, and these walk the value again or
decode it once more with detailed validation to name the field.
"""

from __future__ import annotations

from collections.abc import Callable

import cattrs
from cattrs.errors import CattrsError, ClassValidationError
from cattrs.v import format_exception

from kimcore.vocabulary.errors import DomainError
from kimcore.vocabulary.validate import bad_characters

__all__ = ["FAILURES", "decode_failed_at", "explain", "unencodable"]

# What decoding a bad payload can raise. AttributeError: a nested value of the
# wrong shape (text where an object belongs) fails inside the hooks as one.
FAILURES = (DomainError, ValueError, TypeError, KeyError, AttributeError, CattrsError)


def unencodable(data: object, path: str = "") -> tuple[str | None, str]:
    """The path of the first value in *data* that cannot be JSON text, and why."""
    if isinstance(data, str):
        why = bad_characters(data)
        return (path or "value", why) if why is not None else (None, "")
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str):
                return path or "value", f"has a key that is not text: {key!r}"
            found = unencodable(key, f"{path}.{key}" if path else key)
            if found[0] is None:
                found = unencodable(value, f"{path}.{key}" if path else key)
            if found[0] is not None:
                return found
        return None, ""
    if isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = unencodable(value, f"{path}[{index}]")
            if found[0] is not None:
                return found
        return None, ""
    if data is None or isinstance(data, bool | int | float):
        return None, ""
    return path or "value", f"cannot be stored as JSON: {type(data).__name__}"


def decode_failed_at(type_name: str, version: int, where: Callable[[], str]) -> str:
    """The start of a decoding error: which stored event, and where it is."""
    return f"cannot decode {type_name} v{version} at {where()}"


def explain(again: Callable[[], object], exc: Exception) -> str:
    """What failed in a decode: *again* runs it again with detailed validation, naming fields."""
    try:
        again()
    except ClassValidationError as found:
        return "; ".join(cattrs.transform_error(found, path="event", format_exception=_describe))
    except Exception as other:
        return f"{type(other).__name__}: {other}"
    return f"{type(exc).__name__}: {exc}"


def _describe(exc: BaseException, type_: type | None) -> str:
    # The domain's own errors already name the rule and the field; keep their words.
    if isinstance(exc, DomainError):
        return str(exc)
    return format_exception(exc, type_)
