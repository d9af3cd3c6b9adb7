"""attrs validators that raise `InvalidValue` naming the field.

attrs' own validators raise ``TypeError``/``ValueError``; ours raise the domain's
typed error so every malformed command or event is refused the same way.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from kimcore.vocabulary.errors import InvalidValue

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

MAX_TEXT = 500


def _schema(check: Validator, **schema: Any) -> Validator:
    """*check*, carrying the JSON Schema keywords it enforces (read by ``kimcore.wire``)."""
    check.json_schema = schema  # type: ignore[attr-defined]
    return check


def bad_characters(value: str) -> str | None:
    """Why *value* cannot be stored as UTF-8 text (a NUL or a lone surrogate), or ``None``."""
    if "\x00" in value:
        return f"holds a NUL character at index {value.index(chr(0))}"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"holds a lone surrogate at index {exc.start}, which is not text"
    return None


def check_text(field: str, value: object, max_length: int = MAX_TEXT) -> str:
    """*value* if it is non-blank text of at most *max_length* characters, else InvalidValue."""
    if not isinstance(value, str):
        raise InvalidValue(field, f"must be text, got {type(value).__name__}")
    if not value.strip():
        raise InvalidValue(field, "must not be blank", required=True)
    if len(value) > max_length:
        raise InvalidValue(field, f"is longer than {max_length} characters", longest=max_length)
    why = bad_characters(value)
    if why is not None:
        raise InvalidValue(field, why)
    return value


def text(max_length: int = MAX_TEXT) -> Validator:
    """Require a non-blank ``str`` of at most *max_length* characters."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        check_text(attribute.name, value, max_length)

    return _schema(check, minLength=1, maxLength=max_length, pattern=r"\S")


def optional_text(max_length: int = MAX_TEXT) -> Validator:
    """Like [`text`][kimcore.vocabulary.validate.text], but ``None`` is allowed."""
    inner = text(max_length)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return _schema(check, minLength=1, maxLength=max_length, pattern=r"\S")


def of_type(*types: type) -> Validator:
    """Require an instance of one of *types* (``bool`` is never accepted as ``int``)."""
    names = " or ".join(t.__name__ for t in types)

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InvalidValue(attribute.name, f"must be {names}, got {value!r}")

    def check_one(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types):
            raise InvalidValue(attribute.name, f"must be {names}, got {value!r}")

    # Every value object checks its fields on creation: where no type in *types* is one that a
    # bool is (int, object), one isinstance says it all.
    return check if any(issubclass(bool, t) for t in types) else check_one


def optional_of_type(*types: type) -> Validator:
    """Like [`of_type`][kimcore.vocabulary.validate.of_type], but ``None`` is allowed."""
    inner = of_type(*types)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return check


def date() -> Validator:
    """Require a `datetime.date` that is not a ``datetime``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidValue(attribute.name, f"must be a date, got {value!r}")

    return check


def identifier() -> Validator:
    """Require a [`uuid.UUID`][uuid.UUID]."""
    return of_type(uuid.UUID)


def enum_member(enum_type: type[enum.Enum]) -> Validator:
    """Require a member of *enum_type*."""
    return of_type(enum_type)


# The largest whole number a value may hold: every reader keeps it exactly (a browser reads
# JSON numbers as doubles: JavaScript's Number.MAX_SAFE_INTEGER), and a thousand of them still
# sum within the 64 bits of SQLite's INTEGER and PostgreSQL's bigint, which a read model's
# counts are kept in. A larger one was refused only when written (orjson), after the command
# was decided, or stored and then broke the read models that sum it.
_LARGEST_WHOLE_NUMBER = 2**53 - 1


def int_range(minimum: int, maximum: int | None = None) -> Validator:
    """Require an ``int`` (not ``bool``) with ``minimum <= value <= maximum``.

    Without *maximum*, the value is still at most 2 ** 53 - 1, the largest whole number kept
    exactly by every reader.
    """
    ceiling = _LARGEST_WHOLE_NUMBER if maximum is None else maximum

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidValue(attribute.name, f"must be a whole number, got {value!r}")
        if value < minimum or value > ceiling:
            bound = (
                f"at least {minimum} and at most {maximum}"
                if maximum is not None
                else f"at least {minimum}"
                if value < minimum
                else f"at most {ceiling}, the largest whole number kept exactly"
            )
            raise InvalidValue(attribute.name, f"must be {bound}, got {value}")

    return _schema(check, minimum=minimum, maximum=ceiling)


def tuple_of(item_type: type, *, min_length: int = 0, unique: bool = False) -> Validator:
    """Require a ``tuple`` of *item_type* items, optionally non-empty and without repeats."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise InvalidValue(attribute.name, f"must be a tuple, got {type(value).__name__}")
        for index, item in enumerate(value):
            if not isinstance(item, item_type):
                raise InvalidValue(
                    f"{attribute.name}[{index}]",
                    f"must be {item_type.__name__}, got {item!r}",
                )
        if len(value) < min_length:
            raise InvalidValue(attribute.name, f"needs at least {min_length} item(s)")
        if unique and len(set(value)) != len(value):
            raise InvalidValue(attribute.name, "must not repeat an item")

    return _schema(check, minItems=min_length, **({"uniqueItems": True} if unique else {}))


def texts(max_length: int = MAX_TEXT, *, unique: bool = False, min_length: int = 0) -> Validator:
    """Require a ``tuple`` of texts, each checked as [`text`][kimcore.vocabulary.validate.text].

    With *min_length*, at least that many (its JSON Schema says ``minItems``).
    """
    shape = tuple_of(str, min_length=min_length, unique=unique)

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        shape(_inst, attribute, value)
        for index, item in enumerate(value):
            check_text(f"{attribute.name}[{index}]", item, max_length)

    return _schema(check, minItems=min_length) if min_length else check


def frozenset_of(item_type: type, *, min_length: int = 0) -> Validator:
    """Require a ``frozenset`` of *item_type* items with at least *min_length* items."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, frozenset):
            raise InvalidValue(attribute.name, f"must be a frozenset, got {type(value).__name__}")
        for item in value:
            if not isinstance(item, item_type):
                raise InvalidValue(attribute.name, f"must hold {item_type.__name__}, got {item!r}")
        if len(value) < min_length:
            raise InvalidValue(attribute.name, f"needs at least {min_length} item(s)")

    return check


def matching(
    regex: str, shape: str, max_length: int = MAX_TEXT, shape_id: str | None = None
) -> Validator:
    """Require text of at most *max_length* characters that *regex* matches whole.

    *shape* says what the text must look like, in the error naming the field
    (``"an e-mail address like kim@desa.id"``); *shape_id* says it in Indonesian, for
    ``kimcore.domain.messages`` to say the error (``"alamat surel seperti kim@desa.id"``).
    """
    compiled = re.compile(regex)
    said = {"shape": shape_id} if shape_id else {}

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, str) and value.strip() and not compiled.fullmatch(value):
            raise InvalidValue(
                attribute.name,
                f"must be {shape}, got {value[:100]!r}",
                malformed=value[:100],
                **said,
            )
        check_text(attribute.name, value, max_length)

    return _schema(check, minLength=1, maxLength=max_length, pattern=f"^(?:{regex})$")


def optional_matching(
    regex: str, shape: str, max_length: int = MAX_TEXT, shape_id: str | None = None
) -> Validator:
    """Like [`matching`][kimcore.vocabulary.validate.matching], but ``None`` is allowed."""
    inner = matching(regex, shape, max_length, shape_id)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return _schema(check, **inner.json_schema)  # type: ignore[attr-defined]
