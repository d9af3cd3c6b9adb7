"""Partnership types: a name, its terms class and the rules its terms must meet.

The three kinds the seed names — analog-, regulation- and experience-based — are defined here as
ordinary [`PartnershipType`][kimcore.domain.PartnershipType] records; the domain finds them through
[`Catalogue`][kimcore.domain.Catalogue] exactly as it finds a plugin's type, so none of them is
special.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any, Final, cast

import attrs

from kimcore.domain.errors import (
    InvalidValue,
    NoPriorActivityOnTopic,
    PartnerSectorRefused,
    PartnershipTermsInvalid,
)
from kimcore.domain.rules import Rules
from kimcore.vocabulary import validate as v
from kimcore.vocabulary.parties import PartyKind
from kimcore.vocabulary.partners import Partner, Sector

__all__ = [
    "ANALOG",
    "BUILTIN_PARTNERSHIP_TYPES",
    "EXPERIENCE",
    "REGULATION",
    "AnalogTerms",
    "ExperienceTerms",
    "PartnershipType",
    "PartyHistory",
    "RegulationTerms",
    "normalise_topic",
    "require_text",
]


def normalise_topic(topic: str) -> str:
    """Topics compare case- and space-blind ("Stunting  Prevention" == "stunting prevention")."""
    return " ".join(topic.split()).casefold()


# Words that say nothing of a topic, in Indonesian and English.
_STOPWORDS: Final = frozenset(
    {
        *("dan", "atau", "di", "ke", "dari", "untuk", "yang", "dengan", "pada", "bagi"),
        *("dalam", "serta", "tentang"),
        *("the", "and", "or", "of", "for", "in", "on", "to", "with", "about", "a", "an"),
    }
)
_WORD = re.compile(r"\w+")


def topic_words(topic: str) -> frozenset[str]:
    """The words that carry a topic: case-blind, without punctuation or stop words."""
    return frozenset(w for w in _WORD.findall(topic.casefold()) if w not in _STOPWORDS)


def topics_match(a: str, b: str) -> bool:
    """Whether two topics are one field of work: the words of one are all among the other's.

    "penyuluhan kesehatan" and "Penyuluhan kesehatan ibu dan anak" match;
    "kesehatan" and "pertanian" do not.
    """
    words_a, words_b = topic_words(a), topic_words(b)
    if not words_a or not words_b:
        return False
    return words_a <= words_b or words_b <= words_a


@attrs.frozen(kw_only=True)
class PartyHistory:
    """What a partnership type's rules may read of the party's recorded history."""

    party_kind: PartyKind
    party_id: uuid.UUID
    registered: bool
    activity_topics: frozenset[str]  # normalised with normalise_topic
    activity_count: int
    activities: tuple[tuple[str, dt.date], ...] = ()  # (topic, date held), in order
    as_of: dt.date | None = None  # the date of the fact being decided (a signing)
    rules: Rules = attrs.field(factory=Rules)

    def has_activity_on(self, topic: str, *, before: dt.date | None = None) -> bool:
        """Whether the party held an activity on *topic* (by its words), dated before *before*.

        Without *before*, any activity counts; "earlier" is by the activity's
        date, not by when it was recorded.
        """
        return any(
            topics_match(topic, held) and (before is None or on < before)
            for held, on in self.activities
        ) or (before is None and normalise_topic(topic) in self.activity_topics)


TermsCheck = Callable[[Any, PartyHistory], None]


def _no_check(_terms: Any, _history: PartyHistory) -> None:
    """Accept any well-typed terms."""


@attrs.frozen(kw_only=True)
class PartnershipType:
    """A kind of partnership (kemitraan).

    ``terms_type`` is an attrs class whose fields are JSON scalars (str, int, float, bool, None);
    ``check`` raises a [`PartnershipRuleViolation`][kimcore.errors.PartnershipRuleViolation] when
    the terms or the party's history break the type's rules. ``partner_sectors``, when not empty,
    are the only sectors the type's partners may come from.
    """

    name: str = attrs.field(validator=v.text(64))
    description: str = attrs.field(validator=v.text(2000))
    terms_type: type = attrs.field()
    check: TermsCheck = attrs.field(default=_no_check)
    partner_sectors: frozenset[Sector] = attrs.field(
        default=frozenset(), validator=v.frozenset_of(Sector)
    )

    def check_partner(self, partner: Partner) -> None:
        """Refuse a partner from a sector the type does not take."""
        if self.partner_sectors and partner.sector not in self.partner_sectors:
            allowed = ", ".join(sorted(s.value for s in self.partner_sectors))
            raise PartnerSectorRefused(
                f"a {self.name!r} partnership takes partners from {allowed} only;"
                f" {partner.name!r} is {partner.sector.value}"
            )

    @terms_type.validator
    def _check_terms_type(self, attribute: attrs.Attribute[type], value: type) -> None:
        if not attrs.has(value):
            raise InvalidValue("terms_type", f"{value!r} is not an attrs class")

    def dump_terms(self, terms: Any) -> dict[str, Any]:
        """The terms as a plain dict for the event, after checking their type."""
        if type(terms) is not self.terms_type:
            raise PartnershipTermsInvalid(
                f"a {self.name!r} partnership takes {self.terms_type.__name__} terms,"
                f" got {type(terms).__name__}"
            )
        data = attrs.asdict(cast("attrs.AttrsInstance", terms), recurse=False)
        for key, value in data.items():
            if value is not None and not isinstance(value, str | int | float | bool):
                raise PartnershipTermsInvalid(f"term {key!r} must be a JSON scalar, got {value!r}")
        return data

    def load_terms(self, data: dict[str, Any]) -> Any:
        """Rebuild the typed terms from an event's dict."""
        return self.terms_type(**data)


def require_text(type_name: str, field: str, value: object) -> None:
    """Raise `PartnershipTermsInvalid` unless *value* is non-blank text."""
    if not isinstance(value, str) or not value.strip():
        raise PartnershipTermsInvalid(
            f"a {type_name} partnership must name its {field.replace('_', ' ')}, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class AnalogTerms:
    """Where and how often the parties meet face to face."""

    meeting_place: str
    meeting_frequency: str  # e.g. "monthly", "every posyandu day"


@attrs.frozen(kw_only=True)
class RegulationTerms:
    """The regulation the partnership rests on (name and number)."""

    legal_basis: str


@attrs.frozen(kw_only=True)
class ExperienceTerms:
    """The field the partnership grows from; the party must have worked on it already."""

    topic: str


def _check_analog(terms: AnalogTerms, history: PartyHistory) -> None:
    if history.rules.analog_needs_meeting_details:  # [policy]
        require_text("analog-based", "meeting_place", terms.meeting_place)
        require_text("analog-based", "meeting_frequency", terms.meeting_frequency)


def _check_regulation(terms: RegulationTerms, _history: PartyHistory) -> None:
    require_text("regulation-based", "legal_basis", terms.legal_basis)


def _check_experience(terms: ExperienceTerms, history: PartyHistory) -> None:
    require_text("experience-based", "topic", terms.topic)
    if not history.rules.experience_needs_prior_activity:  # [policy]
        return
    if not history.has_activity_on(terms.topic, before=history.as_of):
        when = f" before {history.as_of}" if history.as_of else ""
        raise NoPriorActivityOnTopic(
            f"an experience-based partnership on {terms.topic!r} needs at least one activity"
            f" on that topic held{when} by the {history.party_kind.value}"
            f" ({history.activity_count} activities held, none on it{when})"
        )


ANALOG = PartnershipType(
    name="analog",
    description="Analog-based: face-to-face meetings or community forums, such as local"
    " government counselling the community directly through the KIM.",
    terms_type=AnalogTerms,
    check=_check_analog,
)
REGULATION = PartnershipType(
    name="regulation",
    description="Regulation-based: rests on a government policy or regulation, such as a"
    " programme requiring a KIM in every village.",
    terms_type=RegulationTerms,
    check=_check_regulation,
)
EXPERIENCE = PartnershipType(
    name="experience",
    description="Experience-based: grows from field experience, such as a KIM experienced in"
    " health counselling partnering with a health institution.",
    terms_type=ExperienceTerms,
    check=_check_experience,
)

BUILTIN_PARTNERSHIP_TYPES = (ANALOG, REGULATION, EXPERIENCE)
