"""``python -m nusalingo`` runs the command line."""

from nusalingo.cli import main

main()
