"""``python -m iflaplans`` runs the command line."""

from iflaplans.cli import main

main()
