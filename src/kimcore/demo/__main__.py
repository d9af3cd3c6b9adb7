"""``python -m kimcore.demo``: ``kimcore demo``."""

from kimcore.demo import main

main()
