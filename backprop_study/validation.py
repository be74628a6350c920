"""Checking content as a teacher would before committing it: decks, the course file, and the links between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.store.yamlfile import ContentError


@dataclass
class ValidationReport:
    problems: list[ContentError] = field(default_factory=list)
    deck_count: int = 0
    card_count: int = 0
    exercise_count: int | None = None  # None when no course file was checked

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [f"{self.deck_count} deck{'s' if self.deck_count != 1 else ''}", f"{self.card_count} cards"]
        if self.exercise_count is not None:
            parts.append(f"{self.exercise_count} exercises")
        checked = ", ".join(parts)
        if self.ok:
            return f"OK: {checked} checked, no problems."
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found ({checked} loaded)."


def validate_paths(decks: Path | None, course: Path | None) -> ValidationReport:
    """Check the decks in `decks` (a file or folder) and the course file; course concepts must name cards.

    Decks are parsed afresh (no cache), so what is printed is what is in the files now.
    """
    report = ValidationReport()
    deck_set = DeckSet()
    if decks is not None:
        deck_set = load_decks(decks, cache=False)
        report.problems.extend(deck_set.errors)
        report.deck_count = len(deck_set.decks)
        report.card_count = len(deck_set.cards())
        if not deck_set.decks and not deck_set.errors:
            report.problems.append(ContentError(decks, None, "no decks found (deck files end in .yaml)"))
    if course is not None:
        report.problems.extend(_check_course(course, deck_set if decks is not None else None))
        if report.exercise_count is None and course.is_file():
            report.exercise_count = _count_exercises(course)
    return report


def _check_course(course: Path, deck_set: DeckSet | None) -> list[ContentError]:
    from backprop_study.course import load_course
    from backprop_study.store.yamlfile import LineDict, LineList, load_yaml_file

    if not course.is_file():
        return [ContentError(course, None, "no course file here")]
    try:
        loaded = load_course(course)
    except ContentError as problem:
        return [problem]
    if deck_set is None:
        return []
    # The course dataclasses keep each exercise's line, not each concept's: read the lines again to point
    # at the exact concept.
    raw = load_yaml_file(course)
    entries = raw["exercises"] if isinstance(raw, LineDict) else LineList()
    problems = []
    for index, exercise in enumerate(loaded.exercises):
        entry = entries[index] if index < len(entries) else None
        concepts = entry.get("concepts") if isinstance(entry, LineDict) else None
        for position, concept in enumerate(exercise.concepts):
            if deck_set.card(concept) is not None or deck_set.item(concept) is not None:
                continue
            line = concepts.line_of(position) if isinstance(concepts, LineList) else exercise.line
            problems.append(
                ContentError(
                    course, line, f"{exercise.name}: concept {concept!r} is not the id of any card in the decks"
                )
            )
    return problems


def _count_exercises(course: Path) -> int | None:
    from backprop_study.course import load_course

    try:
        return len(load_course(course).exercises)
    except ContentError:
        return None
