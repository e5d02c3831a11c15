"""``haproxy-config``: the load balancer's configuration for N replicas (docs/deployment.md)."""

from __future__ import annotations

from sistermap import deploy
from sistermap.cli import options
from sistermap.i18n import _


def setup_command(p) -> None:
    p.add_argument("--replicas", type=int, default=3,
                   help=_("how many app processes (one per core; default 3)"))
    p.add_argument("--first-port", type=int, default=8501,
                   help=_("the first replica's port on 127.0.0.1; the others follow "
                          "(default 8501)"))
    p.add_argument("--bind", default=deploy.Balancer.bind,
                   help=_("where HAProxy listens (default *:80)"))
    p.add_argument("--stats", metavar="ADDR", default=None,
                   help=_("also HAProxy's status page there, e.g. 127.0.0.1:8404"))
    p.add_argument("--out", default=None, help=_("write to this file (default: print it)"))


def cmd_haproxy_config(args) -> int:
    """Print or write HAProxy's configuration (sistermap.deploy.haproxy_config)."""
    if args.replicas < 1:
        raise options.UsageError(_("--replicas must be at least 1"))
    if not 0 < args.first_port <= 65536 - args.replicas:
        raise options.UsageError(_("--first-port {port}: not a port for {n} replicas").format(
            port=args.first_port, n=args.replicas))
    replicas = [("127.0.0.1", args.first_port + i) for i in range(args.replicas)]
    text = deploy.haproxy_config(replicas, deploy.Balancer(bind=args.bind,
                                                           stats_bind=args.stats))
    if args.out is None:
        print(text, end="")
        return 0
    out = options.output_file(args.out)
    out.write_text(text, encoding="utf-8")
    print(_("wrote {path} ({n} replicas)").format(path=out, n=args.replicas))
    return 0


COMMANDS = (
    options.Command("haproxy-config", _("HAProxy's configuration for N app replicas on "
                                        "loopback ports (see docs/deployment.md)."),
                    setup_command, cmd_haproxy_config),
)
