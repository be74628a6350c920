"""A workspace: the learner's exercise files and their progress (`.study/`)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from backprop_study.store import paths


class WorkspaceError(Exception):
    """A workspace that cannot be used, with a message for the learner."""


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    def exercise_file(self, name: str) -> Path:
        """The learner's file for the exercise named `name` ("04_d_output"): the one place that says where."""
        return self.exercises_dir / f"{name}.py"

    def grader_file(self, name: str) -> Path:
        return self.exercises_dir / "graders" / f"test_{name}.py"

    def starting_file(self, name: str) -> Path:
        """The exercise as shipped, untouched (what `reset` restores)."""
        return paths.shipped_exercises_dir() / f"{name}.py"

    @property
    def course_file(self) -> Path:
        return self.exercises_dir / paths.COURSE_FILE

    @property
    def study_dir(self) -> Path:
        return self.root / paths.STUDY_DIR

    @property
    def backups_dir(self) -> Path:
        return self.study_dir / "backups"

    @property
    def quizzes_dir(self) -> Path:
        """The workspace's own decks if it has them (a checkout does), else the shipped ones."""
        own = self.root / "quizzes"
        return own if own.is_dir() else paths.shipped_quizzes_dir()

    def deck_sources(self) -> list[Path]:
        """The deck folders, in the order they load: the shipped decks, then the workspace's own
        `quizzes/` (which add to them; a card or deck with the same id replaces the shipped one)."""
        shipped = paths.shipped_quizzes_dir()
        own = self.root / "quizzes"
        if own.is_dir() and own.resolve() != shipped.resolve():
            return [shipped, own]
        return [shipped]

    @property
    def solutions_dir(self) -> Path:
        own = self.root / "solutions"
        return own if own.is_dir() else paths.shipped_solutions_dir()

    def progress(self):  # -> ProgressStore; imported late to keep start-up light
        """The workspace's progress database (one store per folder in a process)."""
        from backprop_study.store.progress import store_for

        return store_for(self.study_dir)


def init_workspace(dest: Path) -> Workspace:
    """Lay out a fresh workspace in `dest` from the installed package.

    Never overwrites: if `dest` already holds exercises the learner may have
    edited them, so we stop and say so.
    """
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and not dest.is_dir():
        raise WorkspaceError(f"{dest} exists and is not a folder.")
    target = dest / "exercises"
    if target.exists() and any(target.iterdir()):
        raise WorkspaceError(
            f"{target} already has files; they may hold your work, so nothing was changed.\n"
            f"Use it as it is: study --workspace {dest}"
        )
    source = paths.shipped_exercises_dir()
    if not (source / paths.COURSE_FILE).is_file():
        raise WorkspaceError(f"The installed package has no course at {source}; reinstall backprop-study.")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        source,
        target,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "ruff.toml"),
    )
    (dest / paths.STUDY_DIR).mkdir(exist_ok=True)
    # Stamped with the course it was laid out from, so an upgrade of the package is noticed (`study update`).
    from backprop_study.store.upgrade import write_stamp

    write_stamp(dest)
    gitignore = dest / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(".study/\n__pycache__/\n.pytest_cache/\n", encoding="utf-8")
    return Workspace(dest)


def resolve_workspace(explicit: Path | None = None, *, cwd: Path | None = None) -> tuple[Workspace, str | None]:
    """Pick the workspace: --workspace, then STUDY_WORKSPACE, then the folder we are in
    (a checkout is a workspace), then a default one in the user's data folder.

    Returns the workspace and, when one was created, a note for the learner.
    """
    chosen = explicit or paths.workspace_from_env()
    if chosen is not None:
        chosen = chosen.expanduser().resolve()
        if not paths.is_workspace(chosen):
            raise WorkspaceError(
                f"{chosen} is not a study workspace (it has no exercises/{paths.COURSE_FILE}).\n"
                f"Create one with: study init {chosen}"
            )
        return Workspace(chosen), None
    found = paths.find_workspace_above(cwd or Path.cwd())
    if found is not None:
        return Workspace(found), None
    default = paths.default_workspace()
    if paths.is_workspace(default):
        return Workspace(default), None
    workspace = init_workspace(default)
    return workspace, f"Created your workspace at {default} (your exercise files are in {default / 'exercises'})."
