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


# Listed under `study --help`: every variable the tool reads, so nothing is a hidden switch.
ENVIRONMENT = (
    ("STUDY_WORKSPACE", "the workspace to use when --workspace is not given"),
    ("STUDY_WATCH_POLL", "1: notice saves by polling, where file events do not arrive (some network or "
     "container file systems); unset: watchfiles decides (it polls on WSL, or with WATCHFILES_FORCE_POLLING)"),
    ("STUDY_SHARED_WORKER", "0: `study check` grades without the shared warm worker"),
    ("STUDY_WORKER_DIR", "where the shared worker's socket lives (default: a private folder in the temp dir)"),
    ("NO_COLOR", "any non-empty value turns colour off (an empty one does not)"),
    ("VISUAL, EDITOR", "the editor the app opens an exercise in"),
)  # fmt: skip


def _environment_help() -> str:
    import textwrap

    width = max(len(name) for name, _ in ENVIRONMENT)
    lines = []
    for name, text in ENVIRONMENT:
        lines += textwrap.wrap(text, 78, initial_indent=f"  {name:<{width}}  ", subsequent_indent=" " * (width + 4))
    lines += ["", "Runs on POSIX systems: Linux, macOS; on Windows, in WSL."]
    return "environment variables:\n" + "\n".join(lines)


def platform_problem(os_name: str = os.name) -> str | None:
    """Why this system cannot run the tool, or None. Grading needs fork, process groups, resource limits
    and Unix sockets, so rather than fail deep inside, say so at once."""
    if os_name == "posix":
        return None
    return (
        "backprop-study runs on POSIX systems (Linux, macOS): grading your code needs fork, process groups "
        "and resource limits, which Windows does not have. On Windows, install and run it inside WSL "
        "(https://learn.microsoft.com/windows/wsl/)."
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="study",
        description="Learn neural-network backpropagation in the terminal: "
        "flashcards, graded NumPy exercises, and plots of your own network learning. "
        "With no command, opens the app.",
        epilog=_environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        sub.set_defaults(
            _run=module.run,
            _passthrough=getattr(module, "PASSTHROUGH", False),
            _stale_notice=getattr(module, "STALE_NOTICE", True),
        )
    return parser


def _split_passthrough(argv: list[str]) -> tuple[list[str], list[str]]:
    """`study [-w DIR] pytest -x -k name`: everything after a pass-through command is handed on as it is
    (argparse would read `-x` as an option of ours)."""
    passthrough = {module.NAME for module in _command_modules() if getattr(module, "PASSTHROUGH", False)}
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in ("--workspace", "-w"):
            index += 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        if token in passthrough:
            return argv[: index + 1], argv[index + 1 :]
        break  # the first word that is not an option is the command
    return argv, []


def main(argv: list[str] | None = None) -> int:
    problem = platform_problem()
    if problem is not None:
        print(f"study: {problem}", file=sys.stderr)
        return 2
    parser = build_parser()
    ours, handed_on = _split_passthrough(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(ours)
    if getattr(args, "_passthrough", False):
        args.passthrough = handed_on
    # The app shows the notice about out-of-date graders itself: printed here, its screen would hide it.
    context = Context(
        workspace_arg=args.workspace,
        stale_notice=getattr(args, "_stale_notice", False),
        progress_notices=args.command is not None,
        parser=parser,
    )
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
    # Without a terminal (a pipe, cron, CI) the app would write escape codes nobody sees and wait for keys
    # that never come: say what to do instead. Two runs need no terminal: `study serve` starts the app with
    # a web driver (named in TEXTUAL_DRIVER) that talks over pipes, and TEXTUAL_SCREENSHOT makes the app
    # save a picture and leave by itself.
    headless = os.environ.get("TEXTUAL_DRIVER") or os.environ.get("TEXTUAL_SCREENSHOT")
    if not headless and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CommandError(
            "the app needs a terminal (standard input and output are not one here). Without one, use the "
            "commands: study list, study check, study --help.",
            code=2,
        )
    workspace = context.workspace()
    from backprop_study.tui.app import make_app

    app = make_app(workspace)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
