"""The shared vocabulary every layer of kimcore speaks; it imports nothing above it.

- :mod:`~kimcore.vocabulary.values`: value objects and enumerations of the KIM
  domain (regions, seats, members, decrees, partners…);
- :mod:`~kimcore.vocabulary.validate`: attrs validators that raise
  :class:`~kimcore.vocabulary.errors.InvalidValue` naming the field;
- :mod:`~kimcore.vocabulary.personal`: declaring which fields hold a person's
  data, and redacting them;
- :mod:`~kimcore.vocabulary.errors`: the error families' bases, and the
  errors that cross layers.
"""
