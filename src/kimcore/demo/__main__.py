"""``python -m kimcore.demo``."""

from kimcore.demo import main

main()
