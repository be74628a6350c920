"""`study import FILE [--deck ID]`: Anki cards (.apkg, or a TSV/CSV text export) into a YAML deck in the
workspace's own quizzes/ folder, checked like any deck, with what could not be converted listed."""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backprop_study.commands import CommandError, Context

if TYPE_CHECKING:
    from backprop_study.store.workspace import Workspace

NAME = "import"
HELP = "turn Anki cards (.apkg, or a TSV text export) into a deck of this workspace (quizzes/ID.yaml)"
ORDER = 86


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Basic, reversed, type-in-the-answer and cloze notes convert; what does not (images, "
        "sounds, empty sides) is listed. Card ids come from the notes' Anki GUIDs, so importing a newer "
        "export of the same notes with --replace keeps the learner's history."
    )
    parser.add_argument(
        "file", type=Path, metavar="FILE", help="an Anki package (.apkg) or text export (.tsv, .txt, .csv)"
    )
    parser.add_argument(
        "--deck", metavar="ID", help="the new deck's id: lowercase words joined by hyphens (default: from FILE's name)"
    )
    parser.add_argument("--title", help="the deck's title (default: the Anki deck's name)")
    parser.add_argument("--replace", action="store_true", help="overwrite quizzes/ID.yaml if it exists")


def _deck_id(args: argparse.Namespace) -> str:
    from backprop_study.cards.card import ID_PATTERN

    if args.deck is not None:
        if not ID_PATTERN.match(args.deck):
            raise CommandError(
                f"--deck {args.deck!r}: a deck id is lowercase letters, digits and single hyphens, like my-cards.",
                code=2,
            )
        return args.deck
    made = re.sub(r"[^a-z0-9]+", "-", args.file.stem.lower()).strip("-")
    if not made or not ID_PATTERN.match(made):
        raise CommandError(f"cannot make a deck id from {args.file.name!r}: give one with --deck my-cards.", code=2)
    return made


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.cards.anki_import import ImportProblem, convert, read_notes

    deck_id = _deck_id(args)
    workspace = context.workspace()
    target = workspace.root / "quizzes" / f"{deck_id}.yaml"
    if target.exists() and not args.replace:
        raise CommandError(
            f"{target} already exists. Import under another --deck, or add --replace to overwrite it "
            "(cards keep their ids, so the learner's history stays).",
            code=2,
        )
    _refuse_a_taken_deck_id(workspace, deck_id, target)
    try:
        notes, anki_decks = read_notes(args.file.expanduser())
    except ImportProblem as exc:
        raise CommandError(str(exc)) from None
    if not notes:
        raise CommandError(f"{args.file} holds no notes.")
    result = convert(notes, deck_id)
    title = args.title or (" & ".join(anki_decks) if anki_decks else args.file.stem)
    text, cards, dropped = _checked_deck(deck_id, title, args.file.name, result.cards)
    result.skipped += dropped
    kept = len(cards)
    if kept == 0:
        for line in result.skipped:
            print(f"  {line}", file=sys.stderr)
        raise CommandError(f"none of the {len(notes)} notes could be converted; nothing was written.")

    from backprop_study.store.atomic import atomic_write_text

    atomic_write_text(target, text)
    counts: dict[str, int] = {}
    for card in cards:
        counts[card["kind"]] = counts.get(card["kind"], 0) + 1
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
    print(f"Wrote {target}: {kept} card{'s' if kept != 1 else ''} ({kinds}) from {len(notes)} notes.")
    if result.notes:
        print(f"Converted with changes ({len(result.notes)}):")
        for line in result.notes:
            print(f"  {line}")
    if result.skipped:
        print(f"Not converted ({len(result.skipped)}):")
        for line in result.skipped:
            print(f"  {line}")
    problems = _workspace_problems(workspace, target)
    for problem in problems:
        print(problem)
    print("Study them in Review, or pick the deck in Quiz. Check the decks with: study validate")
    return 1 if problems else 0


def _refuse_a_taken_deck_id(workspace: Workspace, deck_id: str, target: Path) -> None:
    """An id already used by another deck would replace (or clash with) it: refuse and say which."""
    from backprop_study.cards.decks import load_decks

    for deck in load_decks(workspace.deck_sources()).decks:
        if deck.id == deck_id and deck.path.resolve() != target.resolve():
            raise CommandError(
                f"the deck id {deck_id!r} is already used by {deck.path}; choose another with --deck.", code=2
            )


def _checked_deck(
    deck_id: str, title: str, source: str, cards: list[dict[str, Any]]
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """The deck's text, checked as `study validate` would; a card it finds a problem in is left out and
    listed with the problem (then the rest is checked again)."""
    from backprop_study.cards.anki_import import deck_text
    from backprop_study.cards.decks import load_decks

    comment = (
        f"Imported from {source} by `study import` on {date.today().isoformat()}.\n"
        "Card ids come from the Anki notes: edit the text freely, but keep the ids (history follows them)."
    )
    cards = list(cards)
    dropped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="study-import-") as tmp:
        check = Path(tmp) / f"{deck_id}.yaml"
        for _ in range(len(cards) + 1):
            text, starts = deck_text(deck_id, title, source, cards, comment)
            check.write_text(text, encoding="utf-8")
            errors = load_decks(check, cache=False).errors
            if not errors:
                return text, cards, dropped
            bad = set()
            for error in errors:
                index = max((i for i, start in enumerate(starts) if error.line and start <= error.line), default=None)
                if index is None:  # the header itself: nothing a card can fix
                    raise CommandError(f"the deck made from {source} is not valid: {error.message}")
                bad.add(index)
                dropped.append(f"card {cards[index]['id']}: {error.message}")
            cards = [card for i, card in enumerate(cards) if i not in bad]
            if not cards:
                return text, cards, dropped
    raise AssertionError("unreachable: every round drops at least one card")


def _workspace_problems(workspace: Workspace, target: Path) -> list[str]:
    """The new deck among all the others (ids are global): anything that clashes, as file:line: message."""
    from backprop_study.cards.decks import load_decks

    errors = load_decks(workspace.deck_sources(), cache=False).errors
    return [str(error) for error in errors if error.path.resolve() == target.resolve()]
