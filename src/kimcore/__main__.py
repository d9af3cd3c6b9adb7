"""``python -m kimcore``: the kimcore command."""

from kimcore.cli import main

main()
