"""The KIM domain: value objects, commands, deciders and their rules. Pure: no I/O, no clock.

Import from :mod:`kimcore`; the submodules are organised by concept.
"""
