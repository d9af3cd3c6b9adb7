"""Testing aids for downstream suites: the store conformance kit.

Import :mod:`kimcore.testing.conformance` from a test module; it needs the
``test`` extra (pytest and hypothesis).
"""
