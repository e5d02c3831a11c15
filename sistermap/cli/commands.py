"""``python -m sistermap``: validate, stats, export, curate, import, fetch-wikidata, render,
sheet, image, publish.

Each command is a thin shell over the library: parse arguments, call one function, print.
Exit codes: 0 success, 1 the data has problems, 2 the command line is wrong.
Every error is one line on stderr starting with ``error:``, never a traceback; set
``SISTERMAP_DEBUG=1`` to get the full trace of an unexpected error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from sistermap.cli import (
    cmd_animate,
    cmd_contrib,
    cmd_curate,
    cmd_data,
    cmd_deploy,
    cmd_import,
    cmd_kit,
    cmd_publish,
    cmd_render,
    cmd_tour,
)
from sistermap.cli.options import DEBUG_ENV, Command, UsageError
from sistermap.errors import SisterMapError, UnknownCity
from sistermap.store.dataset import DatasetError

#: The command modules, in the order ``--help`` lists them; each has ``COMMANDS``.
COMMAND_MODULES = (cmd_data, cmd_import, cmd_render, cmd_kit, cmd_animate, cmd_tour,
                   cmd_curate, cmd_deploy, cmd_contrib, cmd_publish)


def commands() -> list[Command]:
    """Every sub-command, from the registry above."""
    return [c for module in COMMAND_MODULES for c in module.COMMANDS]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sistermap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands():
        p = sub.add_parser(command.name, help=command.help)
        command.setup(p)
        p.set_defaults(handler=command.handler)
    return parser


def _one_line(text: object, limit: int = 400) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; any failure is one ``error:`` line on stderr and a non-zero exit."""
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except DatasetError as exc:
        print(f"error: {_one_line(exc.one_line())}", file=sys.stderr)
        return 1
    except (UsageError, UnknownCity) as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except SisterMapError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{_one_line(exc.strerror or exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # the never-a-traceback rule: a short line and a hint
        if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {_one_line(exc, 200)} (this is a bug; "
              f"rerun with {DEBUG_ENV}=1 for the full trace and report it)", file=sys.stderr)
        return 1
