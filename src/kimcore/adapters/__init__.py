"""Adapters: event stores (and, later, sinks) behind the store port."""
