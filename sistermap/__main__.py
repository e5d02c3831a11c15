"""Entry point for ``python -m sistermap``."""

from sistermap.cli import main

raise SystemExit(main())
