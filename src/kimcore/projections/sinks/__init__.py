"""Sinks to other apps: JSON Lines files, webhooks, NATS JetStream."""

from __future__ import annotations

from kimcore.projections.sinks.jsonl import JsonLinesSink
from kimcore.projections.sinks.nats import NatsSink
from kimcore.projections.sinks.webhook import WebhookSink, sign, verify

__all__ = ["JsonLinesSink", "NatsSink", "WebhookSink", "sign", "verify"]
