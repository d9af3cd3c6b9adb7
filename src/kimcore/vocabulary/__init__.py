"""The shared vocabulary every layer of kimcore speaks; it imports nothing above it.

- the value objects and enumerations several subjects share, each in the module of what it is:
  `places` (regions, seats), `members` (members, officers' posts), `government` (authorities,
  decrees, the communication office), `channels`, `partners`, `parties` (and competition
  results), `boards` (forums' levels and board seats); `values` gathers them all. Each is a frozen
  attrs class or an enumeration, validated on construction;
- [`validate`][kimcore.vocabulary.validate]: attrs validators that raise
  [`InvalidValue`][kimcore.errors.InvalidValue] naming the field;
- [`personal`][kimcore.vocabulary.personal]: declaring which fields hold a person's data, and
  redacting them;
- [`errors`][kimcore.vocabulary.errors]: the error families' bases, and the errors that cross
  layers.
"""
