"""``python -m twin.cli``: the same as the ``gigatwin`` command."""

from twin.cli.app import main

main()
