"""Every command kimcore decides, and the base a plugin's commands derive from.

A command is decided on one aggregate's stream (its ``aggregate``): a group,
a forum, a communication office, or a kind a plugin brings (``kimcore_deciders``). ``ForgetSubject``
is the erasure of a person's data, which ``Application.handle`` takes too.
"""

from __future__ import annotations

from kimcore.domain import commands as _commands
from kimcore.domain.commands import *  # noqa: F403 - every command, as its module lists them
from kimcore.domain.erasure import ForgetSubject

__all__ = ["ForgetSubject"]
__all__ += _commands.__all__
