"""``moderator add NAME`` and ``contributions export``: the contributions' command line.

The password is read from standard input (a prompt on a terminal), never from the command
line, where other users and the shell's history would see it.
"""

from __future__ import annotations

import getpass
import sys

from sistermap.cli import options
from sistermap.contrib import accounts, db, layer, upstream
from sistermap.store import dataset


def _db_option(p) -> None:
    p.add_argument("--db", default=None, metavar="URL",
                   help=f"database URL (default: ${db.DB_URL_ENV} or an SQLite file under "
                   "~/.local/share/sistermap)")


def setup_moderator(p) -> None:
    p.add_argument("action", choices=["add"], help="add: create an account, or reset its "
                   "password (its sessions end)")
    p.add_argument("name", help="the moderator's name (letters, digits, . _ -)")
    _db_option(p)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise options.UsageError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_moderator(args) -> int:
    """Create a moderator account; the password comes from standard input."""
    name = accounts.add_moderator(db.open_db(args.db), args.name, _read_password())
    print(f"moderator {name}: ready")
    return 0


def setup_contributions(p) -> None:
    p.add_argument("action", choices=["export", "rebuild"],
                   help="export: accepted contributions as QuickStatements for Wikidata "
                   "editors; rebuild: write the contributed layer of the dataset again")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="export: the QuickStatements file (default: standard output)")
    options.dataset_dir_option(p)
    _db_option(p)


def cmd_contributions(args) -> int:
    """Export accepted contributions as QuickStatements, or rebuild the contributed layer."""
    store = db.open_db(args.db)
    data_dir = dataset.resolve_dir(args.data)
    if args.action == "rebuild":
        changed = layer.rebuild(store, data_dir)
        print(f"{layer.layer_dir(data_dir)}: {'written' if changed else 'unchanged'}")
        return 0
    out = options.output_file(args.out) if args.out else None
    batch = upstream.quickstatements(layer.accepted(store), upstream.wikidata_ids(data_dir))
    if out is None:
        sys.stdout.write(batch.text)
    else:
        out.write_text(batch.text, encoding="utf-8")
    print(f"{len(batch.exported)} contribution(s) exported", file=sys.stderr)
    for sid, why in batch.needs:
        print(f"contribution {sid} not exported: {why}", file=sys.stderr)
    return 0


COMMANDS = (
    options.Command("moderator", "Create a moderator account (password from standard "
                    "input).", setup_moderator, cmd_moderator),
    options.Command("contributions", "Export accepted contributions as QuickStatements for "
                    "Wikidata, or rebuild their layer.", setup_contributions,
                    cmd_contributions),
)
