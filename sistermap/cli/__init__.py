"""The command line: ``python -m sistermap …`` (see ``main``; one module per command group)."""

from sistermap.cli.commands import main

__all__ = ["main"]
