"""The KIM domain: deciders and their rules, the states they fold, policies, the views.

Pure: no I/O, no clock. A [`Decider`][kimcore.domain.Decider] per kind of aggregate (the group, the
forum, a plugin's) decides commands into events and folds events into a state
([`GroupState`][kimcore.domain.GroupState], [`ForumState`][kimcore.domain.ForumState]); a
[`Policy`][kimcore.domain.Policy] holds the switches a deployment may set and the
[`Catalogue`][kimcore.domain.Catalogue] of partnership types and techniques;
[`kimcore.domain.views`][kimcore.domain.views] are the read models. The commands are in
[`kimcore.commands`][kimcore.commands], the rule errors in
[`kimcore.domain.errors`][kimcore.domain.errors].
"""

from __future__ import annotations

from kimcore import _deprecated
from kimcore.domain.builtin import BUILTIN_DECIDERS
from kimcore.domain.catalogue import (
    Catalogue,
    Technique,
    TechniqueFamily,
)
from kimcore.domain.deciders import (
    Decider,
    Deciders,
    DecisionContext,
)
from kimcore.domain.forum import (
    Applicant,
    ForumState,
)
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import (
    AggregateRef,
    forum_id_for,
    office_id_for,
    stream_id_for,
)
from kimcore.domain.messages import RULES_ID, indonesian
from kimcore.domain.office import OfficeState
from kimcore.domain.partnership_types import (
    AnalogTerms,
    ExperienceTerms,
    PartnershipType,
    PartyHistory,
    RegulationTerms,
)
from kimcore.domain.policy import (
    Policy,
)
from kimcore.domain.region_catalogue import RegionCatalogue, RegionCatalogues
from kimcore.domain.rules import Rules

__all__ = [
    "BUILTIN_DECIDERS",
    "RULES_ID",
    "AggregateRef",
    "AnalogTerms",
    "Applicant",
    "Catalogue",
    "Decider",
    "Deciders",
    "DecisionContext",
    "ExperienceTerms",
    "ForumState",
    "GroupState",
    "OfficeState",
    "PartnershipType",
    "PartyHistory",
    "Policy",
    "RegionCatalogue",
    "RegionCatalogues",
    "RegulationTerms",
    "Rules",
    "Technique",
    "TechniqueFamily",
    "forum_id_for",
    "indonesian",
    "office_id_for",
    "stream_id_for",
]

# Names listed in another face since #24 answer from there, with a warning, until 0.3.
__getattr__ = _deprecated.old_names(__name__)
