"""`study serve [--host 127.0.0.1] [--port 8000]`: the app in a web browser, through textual-serve.

Each browser tab gets its own app, all on the same workspace (progress is shared the same way two
terminals share it). The app grades code by running it, so whoever can open the page can run Python
as the user who serves it: localhost is the default, and any other address gets a warning first.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from backprop_study.commands import CommandError, Context

NAME = "serve"
HELP = "open the app in a web browser (one app per tab, on this workspace); localhost only unless --host"
ORDER = 90


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Anyone who can open the page can run Python code as you (the exercises are graded by "
        "running them): serve on another address only behind a proxy that asks who is there."
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    parser.add_argument(
        "--public-url", metavar="URL", help="the address browsers use, when a proxy serves it under another one"
    )


def is_local(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def app_command(workspace_root: str) -> str:
    """The shell command textual-serve starts for each browser tab: this Python, this workspace."""
    return f"{shlex.quote(sys.executable)} -m backprop_study --workspace {shlex.quote(workspace_root)}"


def run(args: argparse.Namespace, context: Context) -> int:
    workspace = context.workspace()
    if not is_local(args.host):
        print(
            f"study: warning: serving on {args.host}, not only on this machine. Anyone who can reach "
            f"{args.host}:{args.port} can use the app, and through its exercises run Python code as you. "
            "Put it behind a proxy that asks who is there, or use the default (127.0.0.1).",
            file=sys.stderr,
        )
    from textual_serve.server import Server

    url = args.public_url or f"http://{'localhost' if is_local(args.host) else args.host}:{args.port}"
    server = Server(
        app_command(str(workspace.root)), host=args.host, port=args.port, title="backprop-study", public_url=url
    )
    print(f"Serving {workspace.root} at {url} (Ctrl+C stops).", flush=True)
    try:
        server.serve()
    except OSError as exc:
        raise CommandError(
            f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); is another server using "
            "that port? Choose another with --port.",
            code=1,
        ) from None
    return 0
