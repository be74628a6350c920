"""The `study` subcommands: one module each, found by `cli.py`.

A command module defines NAME, HELP, ORDER (its place in `study --help`),
`add_arguments(parser)` and `run(args, context) -> int` (the exit code:
0 done, 1 something failed, 2 a usage error). Import heavy things inside
`run`, so `study --help` and the TUI start stay fast.
"""

from __future__ import annotations

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
    _workspace: Workspace | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        if self._workspace is None:
            try:
                self._workspace, note = resolve_workspace(self.workspace_arg)
            except WorkspaceError as exc:
                raise CommandError(str(exc), code=2) from None
            if note:
                print(note, file=sys.stderr)
        return self._workspace
