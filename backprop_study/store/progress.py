"""The learner's progress: one versioned JSON file in `<workspace>/.study/`.

Written atomically (see `atomic.py`) under a lock, so a crash, a kill or two
`study` processes at once always leave the last good state. A file that cannot
be read, or one written by a newer version, is moved aside with a message and
never stops the tool.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from backprop_study.store.atomic import atomic_write_json

FORMAT = "backprop-study-progress"
VERSION = 1
FILE_NAME = "progress.json"

T = TypeVar("T")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class ExerciseState:
    passed_at: str | None = None  # first pass, ISO 8601 UTC
    hints_seen: int = 0
    last_checked_at: str | None = None
    last_passed: bool | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExerciseState:
        return cls(
            passed_at=data.get("passed_at"),
            hints_seen=int(data.get("hints_seen", 0)),
            last_checked_at=data.get("last_checked_at"),
            last_passed=data.get("last_passed"),
        )


@dataclass
class Progress:
    exercises: dict[str, ExerciseState] = field(default_factory=dict)
    # Card scheduling state by card id, and the review log: their entries are
    # owned by the scheduling module; the store only keeps them safe.
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    current_exercise: str | None = None

    def exercise(self, name: str) -> ExerciseState:
        return self.exercises.setdefault(name, ExerciseState())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "exercises": {name: asdict(state) for name, state in self.exercises.items()},
            "cards": self.cards,
            "reviews": self.reviews,
            "settings": self.settings,
            "current_exercise": self.current_exercise,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Progress:
        return cls(
            exercises={name: ExerciseState.from_dict(s) for name, s in data.get("exercises", {}).items()},
            cards=dict(data.get("cards", {})),
            reviews=list(data.get("reviews", [])),
            settings=dict(data.get("settings", {})),
            current_exercise=data.get("current_exercise"),
        )


class UnreadableProgress(Exception):
    def __init__(self, reason: str, tag: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.tag = tag


class ProgressStore:
    """Loads and saves one workspace's progress.

    `notices` collects messages for the learner (a file moved aside); the CLI
    prints them and the TUI shows them as notifications.
    """

    def __init__(self, study_dir: Path) -> None:
        self.study_dir = Path(study_dir)
        self.path = self.study_dir / FILE_NAME
        self.notices: list[str] = []

    def load(self) -> Progress:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress()
        try:
            return self._parse(raw)
        except UnreadableProgress as problem:
            with self._locked():
                # Another process may have replaced it meanwhile: look again under the lock.
                try:
                    return self._parse(self.path.read_bytes())
                except FileNotFoundError:
                    return Progress()
                except UnreadableProgress:
                    self._move_aside(problem)
                    return Progress()

    def update(self, change: Callable[[Progress], T]) -> T:
        """Read the latest progress, apply `change`, and save it, all under the lock."""
        with self._locked():
            self._remove_stale_temporaries()
            progress = self._load_unlocked()
            result = change(progress)
            atomic_write_json(self.path, progress.to_dict())
            return result

    def _load_unlocked(self) -> Progress:
        try:
            return self._parse(self.path.read_bytes())
        except FileNotFoundError:
            return Progress()
        except UnreadableProgress as problem:
            self._move_aside(problem)
            return Progress()

    def _remove_stale_temporaries(self) -> None:
        # Writers hold the lock, so under it any temporary file is one a killed writer left.
        for stale in self.study_dir.glob(f".{FILE_NAME}.*.tmp"):
            with suppress(OSError):
                stale.unlink()

    @staticmethod
    def _parse(raw: bytes) -> Progress:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnreadableProgress(f"it is not valid JSON ({exc})", "corrupt") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UnreadableProgress("it is not a backprop-study progress file", "corrupt")
        version = data.get("version")
        if not isinstance(version, int):
            raise UnreadableProgress("it has no format version", "corrupt")
        if version > VERSION:
            raise UnreadableProgress(
                f"it was written by a newer backprop-study (format {version}; this one reads {VERSION})",
                f"v{version}",
            )
        try:
            return Progress.from_dict(data)
        except (TypeError, ValueError, AttributeError) as exc:
            raise UnreadableProgress(f"its contents are malformed ({exc})", "corrupt") from None

    def _move_aside(self, problem: UnreadableProgress) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{FILE_NAME}.{problem.tag}-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{FILE_NAME}.{problem.tag}-{stamp}-{counter}")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            return
        self.notices.append(
            f"Your progress file could not be read: {problem.reason}. "
            f"It was kept as {aside} and progress starts afresh."
        )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.study_dir.mkdir(parents=True, exist_ok=True)
        with open(self.study_dir / "progress.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
