"""Every Indonesian message reads as an office writes it: no English sentence, no Python repr."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

import kimcore as k
import kimcore.domain
from kimcore.domain.messages import DETAILS_ID, RULES_ID, indonesian, say_value
from kimcore.vocabulary.errors import DomainError, InvalidValue

# Words of English sentences; none is an Indonesian word.
ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "must",
        "should",
        "can",
        "cannot",
        "not",
        "no",
        "of",
        "with",
        "without",
        "at",
        "least",
        "most",
        "got",
        "given",
        "before",
        "after",
        "than",
        "this",
        "that",
        "these",
        "those",
        "its",
        "it",
        "by",
        "for",
        "from",
        "into",
        "on",
        "or",
        "and",
        "group",
        "member",
        "members",
        "partnership",
        "activity",
        "founding",
        "maximum",
        "minimum",
        "unknown",
        "required",
        "decree",
        "office",
        "already",
        "only",
        "one",
    ]
)
REPR = re.compile(r"'[^']*'|\b[A-Z][A-Za-z]+\(|<[a-z]|\b[A-Z][A-Za-z]+\.[A-Z_]{2,}\b")

SAMPLES: dict[str, object] = {
    "minimum": 3,
    "maximum": 30,
    "members": 31,
    "given": 2,
    "when": dt.date(2024, 2, 1),
    "earliest": dt.date(2024, 3, 5),
    "future": dt.date(2031, 1, 1),
    "today": dt.date(2026, 12, 4),
    "date": "31/02/2024",
    "accepted": ("Laki-laki", "pria"),
    "required": True,
    "authority": k.values.Authority.NEIGHBOURHOOD_HEAD,
    "held": k.values.OfficerRole.CHAIR,
    "post": k.values.OfficerRole.TREASURER,
    "office": "62.72",
    "regency": "62.71",
}


def english_words(text: str) -> set[str]:
    # Codes in brackets ([min-founders]) and column names (joined_on) are not sentences.
    text = re.sub(r"\[[a-z-]+\]|\b\w+_\w+\b", " ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text.casefold()) if w in ENGLISH}


def _rule_classes() -> list[type[DomainError]]:
    found, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("cls", _rule_classes(), ids=lambda c: c.__qualname__)
def test_every_error_said_in_indonesian_holds_no_english_and_no_repr(
    cls: type[DomainError],
) -> None:
    english = "the group has 'KIM-1' members: UUID('x') at least <object> Gender.MAN"
    error = cls.__new__(cls)
    if issubclass(cls, InvalidValue):
        InvalidValue.__init__(error, "joined_on", english, **SAMPLES)
    else:
        DomainError.__init__(error, english, **SAMPLES)
    said = indonesian(error)
    assert english_words(said) == set(), said
    assert not REPR.search(said), said
    assert said.startswith(f"[{error.rule}] ")


@pytest.mark.parametrize("rule", sorted(RULES_ID))
def test_every_rule_and_its_details_read_in_indonesian(rule: str) -> None:
    texts = [RULES_ID[rule]]
    for template in DETAILS_ID.get(rule, ()):
        names = {n for _, n, _, _ in string.Formatter().parse(template) if n}
        values = {n: say_value(SAMPLES.get(n, "contoh")) for n in names}
        texts.append(template.format_map({**values, "field": "tanggal_bergabung"}))
    for text in texts:
        assert english_words(text) == set(), text
        assert not REPR.search(text), text
    assert "(kebijakan)" not in RULES_ID[rule]
    assert not re.search(r"paling sedikit.*minimal|sudah mencapai", RULES_ID[rule])


def test_values_read_as_an_office_writes_them() -> None:
    assert say_value(dt.date(2024, 8, 17)) == "17 Agustus 2024"
    assert say_value(k.values.Gender.WOMAN) == "perempuan"
    assert say_value(k.values.Authority.COMMUNICATION_OFFICE_HEAD) == "kepala Dinas Kominfo"
    assert say_value("KIM Sukamaju") == "\u201cKIM Sukamaju\u201d"
    founders = k.domain.errors.TooFewFounders("english", minimum=3, given=2)
    assert indonesian(founders) == (
        "[min-founders] Anggota pendiri KIM kurang dari jumlah paling sedikit:"
        " paling sedikit 3 anggota pendiri, tercatat 2"
    )


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 413, 415, 422, 500, 503])
def test_an_http_error_without_its_own_indonesian_says_its_status_in_indonesian(
    status: int,
) -> None:
    http = pytest.importorskip("kimcore.web.http", reason="needs the web extra")
    error = http.HttpError(status, "the body is over 10 bytes: 'x'")
    assert english_words(error.message_id) == set(), error.message_id
    assert not REPR.search(error.message_id)
