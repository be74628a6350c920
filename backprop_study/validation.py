"""Checking content as a teacher would before committing it: decks, the course file, and the links between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.store.yamlfile import ContentError


@dataclass
class ValidationReport:
    problems: list[ContentError] = field(default_factory=list)
    notes: list[ContentError] = field(default_factory=list)  # worth knowing, not wrong (a deck replaced)
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
            noted = f" ({len(self.notes)} note{'s' if len(self.notes) != 1 else ''})" if self.notes else ""
            return f"OK: {checked} checked, no problems{noted}."
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found ({checked} loaded)."


def validate_paths(
    decks: Path | Sequence[Path] | None, course: Path | None, *, every_mistake_has_a_card: bool = False
) -> ValidationReport:
    """Check the decks (a file, a folder, or the layered folders of `Workspace.deck_sources()`) and the
    course file; course concepts must name cards.

    Decks are parsed afresh (no cache), so what is printed is what is in the files now. A later folder
    replacing a deck or card of an earlier one is a note, not a problem. A card's `mistakes:` must each name
    catalogued mistakes (backprop_study/checks/mistakes.py); with `every_mistake_has_a_card` (a whole
    workspace's decks), every catalogued mistake must be named by some card, so that making it in an
    exercise brings a card forward.
    """
    report = ValidationReport()
    deck_set = DeckSet()
    if decks is not None:
        sources = [decks] if isinstance(decks, str | Path) else list(decks)
        deck_set = load_decks(sources, cache=False)
        report.problems.extend(deck_set.errors)
        report.notes.extend(deck_set.notes)
        report.deck_count = len(deck_set.decks)
        report.card_count = len(deck_set.cards())
        if not deck_set.decks and not deck_set.errors:
            where = sources[-1] if sources else Path(".")
            report.problems.append(ContentError(where, None, "no decks found (deck files end in .yaml)"))
        report.problems.extend(_check_mistake_map(deck_set, sources, every_mistake_has_a_card))
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


def _check_mistake_map(deck_set: DeckSet, sources: Sequence[Path], complete: bool) -> list[ContentError]:
    """Every card's `mistakes:` names catalogued mistakes; with `complete`, every mistake has a card."""
    from fnmatch import fnmatchcase

    from backprop_study.checks.mistakes import catalogue

    ids = list(catalogue())
    covered: set[str] = set()
    problems = []
    for card in deck_set.cards():
        if not card.mistakes:
            continue
        lines = _pattern_lines(card)
        if len(card.review_items()) > 1:
            problems.append(
                ContentError(
                    card.path,
                    lines[0] if lines else card.line,
                    f"card {card.id}: `mistakes:` belongs on a card with one review item (a mistake brings "
                    f"the first forward; this {card.kind} card has {len(card.review_items())}): use a one-item card",
                )
            )
        for position, pattern in enumerate(card.mistakes):
            matched = [mistake_id for mistake_id in ids if fnmatchcase(mistake_id, pattern)]
            covered.update(matched)
            if not matched:
                problems.append(
                    ContentError(
                        card.path,
                        lines[position] if position < len(lines) else card.line,
                        f"card {card.id}: {pattern!r} names no catalogued mistake (ids look like "
                        "LESSON:d_output:flipped_sign or SOFTMAX:ce sum; * matches any text; the catalogue is "
                        "backprop_study/checks/mistakes.py)",
                    )
                )
    missing = [mistake_id for mistake_id in ids if mistake_id not in covered]
    if complete and missing:
        shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        where = sources[-1] if sources else Path(".")
        problems.append(
            ContentError(
                where,
                None,
                f"{len(missing)} catalogued mistake(s) have no card to bring forward in Review: {shown}. "
                "Name each in some card's `mistakes:`.",
            )
        )
    return problems


def _pattern_lines(card: object) -> list[int]:
    """The line of each entry of a card's `mistakes:` list, read again from its deck file."""
    from backprop_study.store.yamlfile import LineDict, LineList, load_yaml_file

    try:
        data = load_yaml_file(card.path)  # type: ignore[attr-defined]
    except ContentError:
        return []
    entries = data.get("cards") if isinstance(data, LineDict) else None
    for entry in entries if isinstance(entries, LineList) else []:
        if isinstance(entry, LineDict) and entry.get("id") == card.id:  # type: ignore[attr-defined]
            patterns = entry.get("mistakes")
            if isinstance(patterns, LineList):
                return [patterns.line_of(index) for index in range(len(patterns))]
    return []
