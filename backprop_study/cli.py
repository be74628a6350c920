"""The `study` command line. With no subcommand it opens the TUI."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from backprop_study import __version__, commands
from backprop_study.commands import CommandError, Context


def _command_modules() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda module: (module.ORDER, module.NAME))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="study",
        description="Learn neural-network backpropagation in the terminal: "
        "flashcards, graded NumPy exercises, and plots of your own network learning. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"backprop-study {__version__}")
    parser.add_argument(
        "--workspace",
        "-w",
        type=Path,
        metavar="DIR",
        help="the workspace to use (default: $STUDY_WORKSPACE, else the workspace you are in, "
        "else one in your user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in _command_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(workspace_arg=args.workspace)
    try:
        if args.command is None:
            return _run_app(context)
        return args._run(args, context)
    except CommandError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("study: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `study list | head`: the reader left; say nothing more to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run_app(context: Context) -> int:
    workspace = context.workspace()
    from backprop_study.tui.app import make_app

    app = make_app(workspace)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
