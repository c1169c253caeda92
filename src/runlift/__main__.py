"""`python -m runlift` runs the CLI."""

from runlift.cli import main

main()
