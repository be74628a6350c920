"""Keeping a workspace's copy of the course machinery in step with the installed package.

`study init` copies the whole `exercises/` folder: the learner's files (the
top-level `NN_slug.py`) and the course's own files (`course.yaml`,
`conftest.py`, `graders/`). After an upgrade the package's engine is new but
the workspace's graders are the old copies, which may import modules that no
longer exist. So the workspace is stamped with the course it was laid out
from (`.study/course-version.json`: the package version and a digest of the
course's files), a stale one is noticed, and `study update` copies the
course's files again. It never touches a learner's file: it only adds the
starting file of an exercise the workspace does not have yet.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from backprop_study import __version__
from backprop_study.store import paths
from backprop_study.store.atomic import atomic_write_bytes, atomic_write_json

STAMP_FILE = "course-version.json"
# Caches and editors' leftovers are nobody's files: never copied, compared or stamped.
# Caches, and the checkout's own lint settings (ruff.toml extends the repository's pyproject.toml, which a
# workspace does not have): none of them is part of the course a workspace receives.
IGNORED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache", "ruff.toml"})
IGNORED_SUFFIXES = (".pyc", ".pyo", "~", ".swp", ".tmp")


@dataclass(frozen=True)
class CourseFiles:
    """The course's files in one `exercises/` folder: relative path -> sha256 of the bytes."""

    hashes: dict[str, str]

    @property
    def digest(self) -> str:
        text = "".join(f"{name}\0{digest}\n" for name, digest in sorted(self.hashes.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CourseStatus:
    state: str  # "current", "stale", or "source" (the workspace is the installed course itself)
    stamped_version: str | None  # the package version that laid the workspace out, when it is stamped
    outdated: tuple[str, ...] = ()  # course files that differ from the installed ones, or are missing
    new_exercises: tuple[str, ...] = ()  # starting files the workspace does not have yet

    @property
    def stale(self) -> bool:
        return self.state == "stale"


@dataclass
class UpdateReport:
    replaced: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # course files and new exercises' starting files
    kept: list[str] = field(default_factory=list)  # course files of the workspace's own, not in the package
    backup: Path | None = None  # where the replaced files were kept

    @property
    def changed(self) -> bool:
        return bool(self.replaced or self.added)


def is_learner_file(relative: str) -> bool:
    """A learner's exercise file: a top-level `.py` in `exercises/` other than pytest's conftest."""
    path = PurePosixPath(relative)
    return len(path.parts) == 1 and path.suffix == ".py" and path.name != "conftest.py"


def _files(folder: Path) -> dict[str, Path]:
    """Every file in `folder` worth comparing, by its relative POSIX path."""
    found = {}
    if not folder.is_dir():
        return found
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if IGNORED_PARTS & set(relative.parts) or path.name.endswith(IGNORED_SUFFIXES) or not path.is_file():
            continue
        found[relative.as_posix()] = path
    return found


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_files(folder: Path) -> CourseFiles:
    """The course's own files in an `exercises/` folder (everything but the learner's files)."""
    return CourseFiles({name: _sha256(path) for name, path in _files(folder).items() if not is_learner_file(name)})


def stamp_path(workspace_root: Path) -> Path:
    return Path(workspace_root) / paths.STUDY_DIR / STAMP_FILE


def write_stamp(workspace_root: Path, shipped: CourseFiles | None = None) -> None:
    """Record which course the workspace's files now come from."""
    shipped = shipped or course_files(paths.shipped_exercises_dir())
    atomic_write_json(
        stamp_path(workspace_root),
        {"package_version": __version__, "course_digest": shipped.digest, "files": shipped.hashes},
    )


def read_stamp(workspace_root: Path) -> dict[str, object] | None:
    """The stamp, or None when there is none or it cannot be read (then the files themselves are compared)."""
    try:
        data = json.loads(stamp_path(workspace_root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("course_digest"), str):
        return None
    return data


def course_status(workspace_root: Path) -> CourseStatus:
    """Whether the workspace's graders and course file are the installed package's.

    Stamped with the installed course: current, even where a teacher has edited a grader on purpose.
    Stamped with another one, or not stamped (a workspace from before stamps): stale when any course
    file differs from the installed one or is missing.
    """
    root = Path(workspace_root)
    shipped_dir = paths.shipped_exercises_dir()
    mine = root / "exercises"
    if mine.resolve() == shipped_dir.resolve():
        return CourseStatus("source", None)
    shipped = course_files(shipped_dir)
    stamp = read_stamp(root)
    version = stamp.get("package_version") if stamp else None
    version = version if isinstance(version, str) else None
    if stamp is not None and stamp["course_digest"] == shipped.digest:
        return CourseStatus("current", version)
    own = course_files(mine).hashes
    outdated = tuple(sorted(name for name, digest in shipped.hashes.items() if own.get(name) != digest))
    learner_files = {name for name in _files(mine) if is_learner_file(name)}
    new = tuple(sorted(n for n in _files(shipped_dir) if is_learner_file(n) and n not in learner_files))
    return CourseStatus("stale" if outdated or new else "current", version, outdated, new)


def stale_notice(workspace_root: Path) -> str | None:
    """One sentence for the start of a session when the workspace's graders are out of date, else None."""
    try:
        status = course_status(workspace_root)
    except OSError:
        return None  # an unreadable course is reported by whatever reads it next, with more to say
    if not status.stale:
        return None
    since = f"backprop-study {status.stamped_version}" if status.stamped_version else "an older backprop-study"
    count = len(status.outdated) + len(status.new_exercises)
    return (
        f"This workspace's graders and course file come from {since}; the installed version is "
        f"{__version__} ({count} file{'s' if count != 1 else ''} differ). Run `study update` to bring "
        "them up to date: your exercise files are never touched."
    )


def update_workspace(workspace_root: Path, *, now: datetime | None = None) -> UpdateReport:
    """Copy the installed course's files into the workspace, keeping any it replaces under
    `.study/backups/update-<time>/`, add the starting files of exercises it lacks, and stamp it.
    Learner files that exist are never written."""
    root = Path(workspace_root)
    shipped_dir = paths.shipped_exercises_dir()
    mine = root / "exercises"
    report = UpdateReport()
    if mine.resolve() == shipped_dir.resolve():
        return report
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    backup = root / paths.STUDY_DIR / "backups" / f"update-{stamp}"
    shipped_files = _files(shipped_dir)
    for name, source in sorted(shipped_files.items()):
        target = mine / name
        data = source.read_bytes()
        if is_learner_file(name):
            if not target.exists():
                atomic_write_bytes(target, data)
                report.added.append(name)
            continue
        if not target.exists():
            atomic_write_bytes(target, data)
            report.added.append(name)
        elif target.read_bytes() != data:
            kept = backup / name
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, kept)
            report.backup = backup
            atomic_write_bytes(target, data)
            report.replaced.append(name)
    report.kept = sorted(name for name in course_files(mine).hashes if name not in shipped_files)
    write_stamp(root, course_files(shipped_dir))
    return report
