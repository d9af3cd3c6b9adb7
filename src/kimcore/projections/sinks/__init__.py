"""Sinks to other apps: JSON Lines files, webhooks, NATS JetStream."""

from __future__ import annotations

from kimcore.projections.sinks.jsonl import JsonLinesSink
from kimcore.projections.sinks.nats import NatsSink
from kimcore.projections.sinks.webhook import SIGNATURE_HEADER, WebhookSink, sign

__all__ = ["SIGNATURE_HEADER", "JsonLinesSink", "NatsSink", "WebhookSink", "sign"]
