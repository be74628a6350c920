"""`study export anki|tsv|json [FILE]`: the cards for Anki, or the whole learning state as JSON. Each target is
one `Target` in TARGETS: its help, its default file name and the function that writes it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backprop_study.commands import CommandError, Context

if TYPE_CHECKING:
    from backprop_study.cards.decks import DeckSet
    from backprop_study.store.workspace import Workspace

NAME = "export"
HELP = "export the cards to Anki (anki: an .apkg, tsv: text Anki imports) or your whole progress as JSON"
ORDER = 85


@dataclass(frozen=True)
class Target:
    name: str
    help: str
    default_file: str
    # Writes the export to the path given ("-": standard output) and returns one line saying what it wrote.
    write: Callable[[Workspace, Path, argparse.Namespace], str]
    takes_decks: bool = True  # whether --deck applies


def _loaded_decks(workspace: Workspace, args: argparse.Namespace) -> tuple[DeckSet, list[str] | None]:
    """Every deck of the workspace (the shipped ones and its own), and the ids chosen with --deck."""
    from backprop_study.cards.decks import load_decks

    deck_set = load_decks(workspace.deck_sources())
    if deck_set.errors:
        count = len(deck_set.errors)
        print(
            f"study: {count} problem{'s' if count != 1 else ''} in the decks; the cards concerned are left out "
            "(study validate lists them).",
            file=sys.stderr,
        )
    chosen = args.deck or None
    for deck_id in chosen or ():
        try:
            deck_set.deck(deck_id)
        except KeyError as exc:
            raise CommandError(str(exc.args[0]), code=2) from None
    return deck_set, chosen


def _cards_summary(notes: list) -> str:
    decks = len({note.deck for note in notes})
    return f"{len(notes)} notes from {decks} deck{'s' if decks != 1 else ''}"


def _write_anki(workspace: Workspace, path: Path, args: argparse.Namespace) -> str:
    from backprop_study.cards.anki_export import notes_for, write_apkg

    if str(path) == "-":
        raise CommandError("an .apkg package is a binary file: give a file name, not -.", code=2)
    deck_set, chosen = _loaded_decks(workspace, args)
    notes = notes_for(deck_set, chosen)
    write_apkg(notes, path)
    return (
        f"Wrote {path}: {_cards_summary(notes)}. In Anki: File > Import. Importing a newer export updates "
        "these notes (same GUIDs) and keeps their Anki history."
    )


def _write_tsv(workspace: Workspace, path: Path, args: argparse.Namespace) -> str:
    from backprop_study.cards.anki_export import notes_for, tsv_text
    from backprop_study.store.atomic import atomic_write_text

    deck_set, chosen = _loaded_decks(workspace, args)
    notes = notes_for(deck_set, chosen)
    text = tsv_text(notes)
    if str(path) == "-":
        sys.stdout.write(text)
        return ""
    atomic_write_text(path, text)
    return f"Wrote {path}: {_cards_summary(notes)}, for Anki's File > Import (its header lines set every option)."


def _write_json(workspace: Workspace, path: Path, args: argparse.Namespace) -> str:
    import json

    from backprop_study.store.atomic import atomic_write_text

    state = workspace.progress().export()
    text = json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    if str(path) == "-":
        sys.stdout.write(text)
        return ""
    atomic_write_text(path, text)
    return (
        f"Wrote {path}: {len(state['reviews']):,} reviews, {len(state['cards']):,} scheduled cards, "
        f"{len(state['checks']):,} checks, your exercises and settings (readable JSON; the app keeps "
        f"{workspace.progress().path})."
    )


TARGETS = (
    Target("anki", "an Anki package (.apkg) with every card kind", "backprop-study.apkg", _write_anki),
    Target("tsv", "tab-separated text with Anki's header lines", "backprop-study.tsv", _write_tsv),
    Target(
        "json",
        "your whole progress (exercises, schedule, review log, checks, settings) as readable JSON",
        "backprop-study-progress.json",
        _write_json,
        takes_decks=False,
    ),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_subparsers(dest="target", metavar="TARGET", title="targets", required=True)
    for target in TARGETS:
        sub = targets.add_parser(target.name, help=target.help, description=target.help)
        sub.add_argument(
            "file",
            nargs="?",
            type=Path,
            default=Path(target.default_file),
            metavar="FILE",
            help=f"where to write it (default: {target.default_file} here; - for standard output where it can)",
        )
        if target.takes_decks:
            sub.add_argument(
                "--deck", action="append", metavar="ID", help="only this deck (repeat for several; default: all)"
            )


def run(args: argparse.Namespace, context: Context) -> int:
    target = next(t for t in TARGETS if t.name == args.target)
    workspace = context.workspace()
    path = args.file.expanduser() if str(args.file) != "-" else args.file
    try:
        said = target.write(workspace, path, args)
    except OSError as exc:
        raise CommandError(f"could not write {path}: {exc.strerror or exc}.") from None
    if said:
        print(said, file=sys.stderr if str(path) == "-" else sys.stdout)
    return 0
