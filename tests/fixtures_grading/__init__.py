"""Small fixture courses for the grading tests: a course.yaml, exercise files and graders in a temp folder.

They stand in for the real course so the runner is tested on its own: each
grader imports the learner's file the way plain pytest would, and reports a
wrong answer with `pytest.fail(message, pytrace=False)` as the real graders do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from backprop_study.store.workspace import Workspace

COURSE_YAML = """\
exercises:
  - name: 01_add
    title: Adding two numbers
    concepts: []
    hints:
      - Use the + operator.
      - Return a + b.
  - name: 02_scale
    title: Scaling an array
    concepts: []
    hints:
      - Multiply the array by the factor.
  - name: 03_mean
    title: The mean of an array
    concepts: []
    hints:
      - np.mean does it.
      - Or sum and divide by the length.
      - x.sum() / len(x)
"""

LOADER = """\
import importlib.util
import sys
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent.parent


def load(name):
    spec = importlib.util.spec_from_file_location(name, FOLDER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
"""

STARTING = {
    "01_add": '''\
"""Exercise 01: return the sum of a and b."""


def add(a, b):
    # TODO: add a and b
    return 0


if __name__ == "__main__":
    print(add(2, 3))
''',
    "02_scale": '''\
"""Exercise 02: scale an array."""

import numpy as np


def scale(x, factor):
    # TODO: multiply x by factor
    return np.zeros_like(x)
''',
    "03_mean": '''\
"""Exercise 03: the mean of an array."""


def mean(x):
    # TODO
    return None
''',
}

SOLVED = {
    "01_add": "def add(a, b):\n    return a + b\n",
    "02_scale": "import numpy as np\n\n\ndef scale(x, factor):\n    return np.asarray(x) * factor\n",
    "03_mean": "def mean(x):\n    return sum(x) / len(x)\n",
}

GRADERS = {
    "01_add": LOADER
    + """

def test_add_small():
    add = load("01_add").add
    got = add(2, 3)
    if got != 5:
        pytest.fail(f"add(2, 3) should be 5, got {got!r}", pytrace=False)


def test_add_negative():
    add = load("01_add").add
    got = add(-2, -3)
    if got != -5:
        pytest.fail(f"add(-2, -3) should be -5, got {got!r}", pytrace=False)
""",
    "02_scale": LOADER
    + """
import numpy as np


def test_scale():
    scale = load("02_scale").scale
    got = scale(np.array([1.0, 2.0, 3.0]), 2.0)
    if not np.allclose(got, [2.0, 4.0, 6.0]):
        pytest.fail(f"scale([1, 2, 3], 2) should be [2, 4, 6], got {got!r}", pytrace=False)
""",
    "03_mean": LOADER
    + """

def test_mean():
    mean = load("03_mean").mean
    got = mean([1.0, 2.0, 3.0, 6.0])
    if got != 3.0:
        pytest.fail(f"mean([1, 2, 3, 6]) should be 3.0, got {got!r}", pytrace=False)
""",
}


def make_course(root: Path) -> Path:
    """A shipped-course folder (exercises + graders + solutions) at `root`; returns its exercises folder."""
    exercises = root / "exercises"
    (exercises / "graders").mkdir(parents=True)
    (exercises / "course.yaml").write_text(COURSE_YAML)
    solutions = root / "solutions"
    solutions.mkdir()
    for name, text in STARTING.items():
        (exercises / f"{name}.py").write_text(text)
        (exercises / "graders" / f"test_{name}.py").write_text(GRADERS[name])
        (solutions / f"{name}.py").write_text(SOLVED[name])
    return exercises


def write_exercise(workspace: Workspace, name: str, text: str) -> Path:
    path = workspace.exercises_dir / f"{name}.py"
    path.write_text(textwrap.dedent(text))
    return path


def make_workspace(root: Path) -> tuple[Workspace, Path]:
    """A shipped fixture course at root/shipped and a workspace laid out from it at root/ws.

    Returns the workspace and the shipped folder (point `paths.shipped_exercises_dir` and
    `paths.shipped_solutions_dir` there for reset and solution).
    """
    import shutil

    shipped = root / "shipped"
    make_course(shipped)
    workspace_root = root / "ws"
    shutil.copytree(shipped / "exercises", workspace_root / "exercises")
    (workspace_root / ".study").mkdir()
    return Workspace(workspace_root), shipped


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: grading must leave this unchanged."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stop_shared_workers(folder: Path) -> None:
    """Kill every shared grading worker whose socket is in `folder` (tests must not leave them running)."""
    import contextlib
    import os
    import signal
    import socket
    import struct

    for path in folder.glob("worker-*.sock"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with contextlib.suppress(OSError):
            sock.connect(str(path))
            creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(struct.unpack("3i", creds)[0], signal.SIGKILL)
        sock.close()
