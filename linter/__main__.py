"""`python -m linter` runs the CLI."""

from linter.cli import run

run()
