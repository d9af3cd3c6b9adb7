"""Events: classes, their stable names and versions, the codec, upcasting and envelopes."""
