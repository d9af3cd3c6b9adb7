"""The whole domain as a hypothesis state machine (kimcore.testing.machine)."""

from __future__ import annotations

from hypothesis import settings

from kimcore.testing.machine import DomainMachine

DomainMachine.TestCase.settings = settings(stateful_step_count=60)
TestDomain = DomainMachine.TestCase
