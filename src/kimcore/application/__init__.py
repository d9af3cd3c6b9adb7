"""Application layer: command handling over an event store."""
