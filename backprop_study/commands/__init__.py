"""The `study` subcommands: one module each, found by `cli.py`.

A command module defines NAME, HELP, ORDER (its place in `study --help`),
`add_arguments(parser)` and `run(args, context) -> int` (the exit code:
0 done, 1 something failed, 2 a usage error). Import heavy things inside
`run`, so `study --help` and the TUI start stay fast. Optional: PASSTHROUGH
= True hands every word after the command on untouched (`args.passthrough`),
and STALE_NOTICE = False skips the notice about out-of-date graders.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from backprop_study.store.workspace import Workspace, WorkspaceError, resolve_workspace


class CommandError(Exception):
    """A problem to print for the learner, with the exit code to leave with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    workspace_arg: Path | None = None
    # Say so (on stderr) when the workspace's graders are older than the installed package. Off for
    # `study update` itself and for the app, which shows the notice on its own screen.
    stale_notice: bool = True
    # Print what the progress store has to say (a database moved aside, progress that cannot be saved) on
    # stderr as it happens. Off for the app, which shows these as notifications.
    progress_notices: bool = True
    # The whole `study` parser, for a command that describes the others (completion).
    parser: argparse.ArgumentParser | None = field(default=None, repr=False)
    _workspace: Workspace | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        if self._workspace is None:
            try:
                self._workspace, note = resolve_workspace(self.workspace_arg)
            except WorkspaceError as exc:
                raise CommandError(str(exc), code=2) from None
            if note:
                print(note, file=sys.stderr)
            if self.progress_notices:
                self._workspace.progress().subscribe(_print_notice)
            if self.stale_notice:
                from backprop_study.store.upgrade import stale_notice

                notice = stale_notice(self._workspace.root)
                if notice:
                    print(f"study: {notice}", file=sys.stderr)
        return self._workspace


def _print_notice(text: str) -> None:
    print(f"study: {text}", file=sys.stderr)
