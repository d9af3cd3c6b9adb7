"""The shared vocabulary every layer of kimcore speaks; it imports nothing above it.

- [`values`][kimcore.vocabulary.values]: value objects and enumerations of the KIM domain (regions,
  seats, members, decrees, partners…);
- [`validate`][kimcore.vocabulary.validate]: attrs validators that raise
  [`InvalidValue`][kimcore.errors.InvalidValue] naming the field;
- [`personal`][kimcore.vocabulary.personal]: declaring which fields hold a person's data, and
  redacting them;
- [`errors`][kimcore.vocabulary.errors]: the error families' bases, and the errors that cross
  layers.
"""
