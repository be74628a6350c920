"""`study pytest [ARGS...]`: the graders, plainly, with the pytest that backprop-study is installed with.

Installed with pipx or `uv tool`, the tool's pytest is inside the tool's own environment, so a plain
`pytest exercises/` finds no pytest (or another one, without NumPy or backprop_study). This runs the right one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from backprop_study.commands import Context

NAME = "pytest"
HELP = "run pytest on the graders with the Python backprop-study is installed in (any pytest options pass on)"
ORDER = 35
PASSTHROUGH = True  # `study pytest -x -k sigmoid`: pytest's options, not ours


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Run the graders with plain pytest, as `pytest exercises/` does in a checkout, but with the pytest "
        "of backprop-study's own installation (what a pipx or uv tool install needs). Every word after "
        "`pytest` is handed to pytest; with none, the workspace's exercises/ folder is graded. "
        "Example: study pytest -x -k sigmoid"
    )


def run(args: argparse.Namespace, context: Context) -> int:
    workspace = context.workspace()
    handed_on = list(args.passthrough)
    if handed_on[:1] == ["--"]:
        handed_on = handed_on[1:]
    # No file or folder named (only options such as -x or -k sigmoid): this workspace's graders are meant,
    # graded from its top as `pytest exercises/` is.
    if not any(Path(word.split("::", 1)[0]).exists() for word in handed_on if not word.startswith("-")):
        os.chdir(workspace.root)
        handed_on.append("exercises")
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process: pytest's output, exit code and Ctrl-C behave exactly as when run directly.
    os.execv(sys.executable, [sys.executable, "-m", "pytest", *handed_on])
    return 0  # not reached
