"""Refusals of a KIM's stages: confirmation, registration, decrees, merges, splits and re-coding."""

from __future__ import annotations

from kimcore.vocabulary.errors import DomainError


class LifecycleViolation(DomainError):
    """A step of formed → confirmed → registered was taken out of order."""


class ConfirmationRequiresChair(LifecycleViolation):
    """A group is confirmed by decree only when it has a chair."""

    rule = "confirm-needs-chair"


class AuthorityTooLow(LifecycleViolation):
    """A decree must be issued by at least a village head or lurah."""

    rule = "decree-authority"


class RegistrationRequiresConfirmation(LifecycleViolation):
    """A group is registered with the communication office only once confirmed."""

    rule = "register-needs-confirmation"


class WrongRegistrationOffice(LifecycleViolation):
    """A group registers with the communication office of its own regency or city."""

    rule = "registration-office"


class AlreadyConfirmed(LifecycleViolation):
    """The group was confirmed already."""

    rule = "confirmed-once"


class AlreadyRegistered(LifecycleViolation):
    """The group was registered already."""

    rule = "registered-once"


class DateBeforePrevious(LifecycleViolation):
    """A dated fact cannot precede the fact it depends on."""

    rule = "date-order"


class DecreeOutsideRegion(LifecycleViolation):
    """A decree reaches only what lies in its issuing office's region."""

    rule = "decree-region"


class MergeRefused(LifecycleViolation):
    """A group merges into another group that exists and is active, never into itself."""

    rule = "merge-target"


class SplitNotRecorded(LifecycleViolation):
    """A group formed from a split is named by that split, and formed on or after it."""

    rule = "split-origin"


class RecodeRefused(LifecycleViolation):
    """A seat is re-coded to a successor its region catalogue names (else within its district)."""

    rule = "recode"
