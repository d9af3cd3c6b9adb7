"""Sinks to other apps: JSON Lines files, webhooks, NATS JetStream."""

from __future__ import annotations

from kimcore.adapters.sinks.jsonl import JsonLinesSink
from kimcore.adapters.sinks.nats import NatsSink
from kimcore.adapters.sinks.webhook import WebhookSink, sign, verify

__all__ = ["JsonLinesSink", "NatsSink", "WebhookSink", "sign", "verify"]
