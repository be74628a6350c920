"""`study init DIR`: lay out a fresh workspace."""

from __future__ import annotations

import argparse
from pathlib import Path

from backprop_study.commands import CommandError, Context

NAME = "init"
HELP = "lay out a fresh workspace in DIR (your exercise files, ready to edit)"
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (or an empty one)")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.store.workspace import WorkspaceError, init_workspace

    try:
        workspace = init_workspace(args.dir)
    except WorkspaceError as exc:
        raise CommandError(str(exc)) from None
    print(f"Workspace ready at {workspace.root}")
    print(f"  your exercises: {workspace.exercises_dir}")
    print(f"  start studying: study --workspace {workspace.root}")
    print(f"  (or cd {workspace.root} && study)")
    return 0
