"""The course: the ordered list of exercises, read from `exercises/course.yaml`.

Like rustlings' info.toml, this one data file is the course: its order, each
exercise's title, the deck cards it practises, and its hints. The code never
lists exercises by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from backprop_study.store.safe_text import shown
from backprop_study.store.yamlfile import ContentError, LineDict, LineList, load_yaml_file

NAME_PATTERN = re.compile(r"^([0-9]{2})_([a-z0-9]+(?:_[a-z0-9]+)*)\Z")  # \Z: "$" would allow a final newline
_NUMBER = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True)
class Exercise:
    name: str  # "04_d_output": the file is exercises/04_d_output.py
    title: str
    concepts: tuple[str, ...]  # deck card ids this exercise practises
    hints: tuple[str, ...]
    line: int  # where its entry starts in course.yaml

    @property
    def number(self) -> int:
        return int(self.name[:2])

    @property
    def slug(self) -> str:
        return self.name[3:]

    @property
    def label(self) -> str:
        """How commands name it: "04 d_output" (what `study check` accepts, with its number)."""
        return f"{self.number:02d} {self.slug}"

    @property
    def list_name(self) -> str:
        """How lists show it: "04 d output"."""
        return f"{self.number:02d} {self.slug.replace('_', ' ')}"

    @property
    def file_name(self) -> str:
        return f"{self.name}.py"


@dataclass(frozen=True)
class Course:
    path: Path
    exercises: tuple[Exercise, ...]

    def find(self, ref: str) -> Exercise:
        """An exercise by number (`5`, `05`), full name (`05_d_hidden`) or slug (`d_hidden`)."""
        wanted = ref.strip().lower().removesuffix(".py").replace("-", "_")
        # ASCII digits only: "¹" and "٣" pass str.isdigit(), and int() refuses the first.
        number = int(wanted) if _NUMBER.fullmatch(wanted) else None
        for exercise in self.exercises:
            if number == exercise.number or wanted in (exercise.name, exercise.slug):
                return exercise
        listing = "\n".join(f"  {e.number:>2}  {e.slug}  ({e.title})" for e in self.exercises)
        raise LookupError(f"There is no exercise {shown(ref)}. The exercises are:\n{listing}")

    def next_after(self, exercise: Exercise) -> Exercise | None:
        index = self.exercises.index(exercise)
        return self.exercises[index + 1] if index + 1 < len(self.exercises) else None


def load_course(path: Path) -> Course:
    """Read and check the course file; any problem is a ContentError with its line."""
    path = Path(path)
    data = load_yaml_file(path)
    if not isinstance(data, LineDict) or "exercises" not in data:
        raise ContentError(path, getattr(data, "line", 1), "expected a mapping with an `exercises:` list")
    entries = data["exercises"]
    if not isinstance(entries, LineList) or not entries:
        raise ContentError(path, data.line_of("exercises"), "`exercises:` must be a non-empty list")
    exercises: list[Exercise] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        exercise = _parse_entry(path, entry, line)
        if exercise.name in seen:
            raise ContentError(path, line, f"{exercise.name} is listed twice (first on line {seen[exercise.name]})")
        number_clash = next((e for e in exercises if e.number == exercise.number), None)
        if number_clash:
            raise ContentError(path, line, f"{exercise.name} has the same number as {number_clash.name}")
        seen[exercise.name] = line
        exercises.append(exercise)
    return Course(path=path, exercises=tuple(exercises))


def _parse_entry(path: Path, entry: object, line: int) -> Exercise:
    if not isinstance(entry, LineDict):
        raise ContentError(path, line, "each exercise must be a mapping with name, title, concepts and hints")
    unknown = set(entry) - {"name", "title", "concepts", "hints"}
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ContentError(path, entry.line_of(key), f"unknown field {key!r} (expected name, title, concepts, hints)")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ContentError(
            path,
            entry.line_of("name"),
            f"`name` must look like 04_d_output (two digits, then a slug), got {shown(name)}",
        )
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError(path, entry.line_of("title"), f"{name}: `title` must be non-empty text")
    concepts = _text_list(path, entry, "concepts", name, allow_empty=True)
    hints = _text_list(path, entry, "hints", name, allow_empty=False)
    return Exercise(name=name, title=title.strip(), concepts=concepts, hints=hints, line=line)


def _text_list(path: Path, entry: LineDict, key: str, name: str, *, allow_empty: bool) -> tuple[str, ...]:
    value = entry.get(key, LineList())
    if not isinstance(value, list) or (not value and not allow_empty):
        need = "a list" if allow_empty else "a non-empty list"
        raise ContentError(path, entry.line_of(key), f"{name}: `{key}` must be {need} of text")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            item_line = value.line_of(index) if isinstance(value, LineList) else entry.line_of(key)
            raise ContentError(path, item_line, f"{name}: every item of `{key}` must be non-empty text")
    return tuple(item.strip() for item in value)
