"""Every path the tool touches, resolved in one place."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # backprop_study/

WORKSPACE_ENV = "STUDY_WORKSPACE"
COURSE_FILE = "course.yaml"
STUDY_DIR = ".study"


def content_root() -> Path:
    """The folder holding `exercises/`, `quizzes/` and `solutions/`.

    Installed from a wheel they sit inside the package; in a checkout (or an
    editable install) they sit beside it at the top of the repository.
    """
    if (PACKAGE_DIR / "exercises").is_dir():
        return PACKAGE_DIR
    return PACKAGE_DIR.parent


def shipped_exercises_dir() -> Path:
    return content_root() / "exercises"


def shipped_quizzes_dir() -> Path:
    return content_root() / "quizzes"


def shipped_solutions_dir() -> Path:
    return content_root() / "solutions"


def default_workspace() -> Path:
    """Where `study` keeps a workspace when none is given and none is found."""
    from platformdirs import user_data_path

    return user_data_path("backprop-study", appauthor=False) / "workspace"


def is_workspace(folder: Path) -> bool:
    return (folder / "exercises" / COURSE_FILE).is_file()


def find_workspace_above(start: Path) -> Path | None:
    """The nearest folder at or above `start` that is a workspace (a checkout is one)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_workspace(folder):
            return folder
    return None


def workspace_from_env() -> Path | None:
    value = os.environ.get(WORKSPACE_ENV, "").strip()
    return Path(value).expanduser() if value else None
