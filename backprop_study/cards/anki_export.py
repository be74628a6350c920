"""Cards to Anki: an `.apkg` package (genanki) or a tab-separated file that Anki imports.

Every card becomes one Anki note, rendered as faithfully as Anki can show it:

- basic and reversed cards: front and back (reversed ones with both directions, as Anki's own
  "Basic (and reversed card)");
- cloze cards: an Anki cloze note, each `{{...}}` span its own `{{cN::...}}`, so each gap is one card
  as in the app, with the card's context above it;
- typed cards: Anki's type-in-the-answer (`{{type:Back}}`), the other accepted answers listed;
- choice cards: the question with four lettered options (the answer and three wrong ones, chosen and
  shuffled once, by the card's id) and the right one on the back;
- order cards: the items shuffled (never already in order) on the front, the order on the back;
- numeric cards: one fixed worked instance (numbers drawn with the card's id as the seed, the answer
  from the reference code), with a note that the app draws fresh numbers every review;
- graph cards: one fixed walk of the lesson's graph, drawn the same way (cards/graph.py's
  `lesson_graph`, from a generator seeded with the card's id): the example, the weights and every
  forward value on the front with the gradients to find, in order; on the back each node's gradient
  with the local rule that gives it and its working; and the same note.

Each note's GUID comes from the card's id, so exporting again and importing updates the notes in
place (and keeps their Anki history) instead of adding copies. Tags: the deck's id and the card's
own tags. Text is plain text in our decks, so it is HTML-escaped, and line breaks and indentation
are kept.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backprop_study.cards.card import CLOZE_SPAN, Card, choice_wrong_options

if TYPE_CHECKING:
    from backprop_study.cards.decks import Deck, DeckSet

# Anki's deck tree: every exported deck sits under one parent.
ANKI_PARENT_DECK = "Backprop study"
NUMERIC_NOTE = (
    "backprop-study draws fresh numbers for this card at every review and checks your answer against "
    "its reference code; this is one fixed example."
)
GRAPH_NOTE = (
    "backprop-study draws a fresh example for this card at every review and checks each node's gradient "
    "against its reference code (three significant figures, within 1%); this is one fixed example."
)
CHOICE_NOTE = "backprop-study draws the three wrong options afresh from {count} at every review."
CHOICE_SHOWN_WRONG = 3
CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white;
        white-space: pre-wrap; }
.nightMode .card, .card.nightMode { color: #eee; background: #222; }
.extra, .context { font-size: 16px; color: #666; }
ol { margin-top: 0.4em; }
"""
# The lesson's network as a graph (cards/graph.py), drawn above a graph card's numbers.
ANSWER_SIDE = '{{FrontSide}}<hr id="answer">'
EXTRA = '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}'


@dataclass(frozen=True)
class NoteType:
    """An Anki note type: ours in an `.apkg` (`name`), Anki's stock one in a TSV (`stock_name`)."""

    name: str
    stock_name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, question format, answer format)
    cloze: bool = False

    @property
    def model_id(self) -> int:
        return stable_id(f"note type {self.name}")


BASIC = NoteType(
    "backprop-study basic",
    "Basic",
    ("Front", "Back", "Extra"),
    (("Card 1", "{{Front}}", f"{ANSWER_SIDE}{{{{Back}}}}{EXTRA}"),),
)
REVERSED = NoteType(
    "backprop-study reversed",
    "Basic (and reversed card)",
    ("Front", "Back", "Extra"),
    (
        ("Card 1", "{{Front}}", f"{ANSWER_SIDE}{{{{Back}}}}{EXTRA}"),
        ("Card 2", "{{Back}}", f"{ANSWER_SIDE}{{{{Front}}}}{EXTRA}"),
    ),
)
TYPED = NoteType(
    "backprop-study typed answer",
    "Basic (type in the answer)",
    ("Front", "Back", "Extra"),
    (("Card 1", "{{Front}}\n\n{{type:Back}}", f'{{{{Front}}}}<hr id="answer">{{{{type:Back}}}}{EXTRA}'),),
)
CLOZE = NoteType(
    "backprop-study cloze",
    "Cloze",
    ("Text", "Context", "Extra"),
    (
        (
            "Cloze",
            '{{#Context}}<div class="context">{{Context}}</div>{{/Context}}{{cloze:Text}}',
            '{{#Context}}<div class="context">{{Context}}</div>{{/Context}}{{cloze:Text}}' + EXTRA,
        ),
    ),
    cloze=True,
)
NOTE_TYPES = (BASIC, REVERSED, TYPED, CLOZE)


@dataclass(frozen=True)
class AnkiNote:
    card_id: str
    deck: str  # Anki's deck name, "Backprop study::Concepts: ..."
    note_type: NoteType
    fields: tuple[str, ...]  # HTML, one per field of the note type
    tags: tuple[str, ...]

    @property
    def guid(self) -> str:
        return note_guid(self.card_id)


def note_guid(card_id: str) -> str:
    """The Anki GUID of a card's note: the same on every export, so a re-import updates it."""
    import genanki

    return genanki.guid_for("backprop-study", card_id)


def stable_id(text: str) -> int:
    """A positive 62-bit id for an Anki deck or note type that stays the same on every export."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 2


def as_html(text: str) -> str:
    """Plain card text as Anki field HTML: nothing read as markup, line breaks kept (the note type's
    `white-space: pre-wrap` keeps indentation)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def anki_tag(text: str) -> str:
    """Anki tags are single words: spaces become underscores."""
    return re.sub(r"\s+", "_", text.strip())


def anki_deck_name(deck: Deck) -> str:
    # "::" would nest decks in Anki; a title's own colons are fine.
    return f"{ANKI_PARENT_DECK}::{deck.title.replace('::', ':')}"


def _seeded(card: Card) -> random.Random:
    """The same choices every export for a card, so a re-export does not reshuffle a learner's notes."""
    return random.Random(int.from_bytes(hashlib.sha256(card.id.encode()).digest()[:8], "big"))


def _extra(*parts: str | None) -> str:
    return "<br><br>".join(as_html(part) for part in parts if part)


def _cloze_text(text: str) -> str:
    """`a {{b}} c {{d}}` -> `a {{c1::b}} c {{c2::d}}`: one Anki card per span, as the app has one item per span."""
    pieces = []
    position = 0
    for number, match in enumerate(CLOZE_SPAN.finditer(text), start=1):
        pieces.append(as_html(text[position : match.start()]))
        # "::" inside a span would start an Anki hint: write the second colon as an entity.
        hidden = as_html(match.group(1)).replace("::", ":&#58;")
        pieces.append(f"{{{{c{number}::{hidden}}}}}")
        position = match.end()
    pieces.append(as_html(text[position:]))
    return "".join(pieces)


def _options_html(options: Iterable[str], style: str) -> str:
    items = "".join(f"<li>{as_html(option)}</li>" for option in options)
    return f"<ol type={style}>{items}</ol>"


def note_for(card: Card, deck: Deck, pools: dict[str, tuple[str, ...]]) -> AnkiNote:
    """One card as an Anki note (see the module docstring for how each kind is rendered)."""
    tags = tuple(dict.fromkeys(anki_tag(tag) for tag in (deck.id, *card.tags) if tag.strip()))

    def note(note_type: NoteType, *fields: str) -> AnkiNote:
        return AnkiNote(card.id, anki_deck_name(deck), note_type, fields, tags)

    if card.kind == "basic":
        return note(BASIC, as_html(card.front), as_html(card.back), _extra(card.explain))
    if card.kind == "reversed":
        return note(REVERSED, as_html(card.front), as_html(card.back), _extra(card.explain))
    if card.kind == "cloze":
        return note(CLOZE, _cloze_text(card.text), as_html(card.context or ""), _extra(card.explain))
    if card.kind == "typed":
        accepted = f"Also accepted: {'; '.join(card.accept)}" if card.accept else None
        return note(TYPED, as_html(card.question), as_html(card.answer), _extra(accepted, card.explain))
    if card.kind == "choice":
        rng = _seeded(card)
        wrong = list(choice_wrong_options(card, pools))
        options = [*rng.sample(wrong, min(CHOICE_SHOWN_WRONG, len(wrong))), card.answer]
        rng.shuffle(options)
        letter = "ABCDEFGH"[options.index(card.answer)]
        front = as_html(card.question) + _options_html(options, "A")
        back = f"{letter}. {as_html(card.answer)}"
        varies = CHOICE_NOTE.format(count=len(wrong)) if len(wrong) > CHOICE_SHOWN_WRONG else None
        return note(BASIC, front, back, _extra(card.explain, varies))
    if card.kind == "order":
        rng = _seeded(card)
        shuffled = list(card.items)
        while tuple(shuffled) == card.items:  # at least 3 distinct items, so this ends quickly
            rng.shuffle(shuffled)
        front = as_html(card.question) + _options_html(shuffled, "a")
        return note(BASIC, front, _options_html(card.items, "1"), _extra(card.explain))
    if card.kind == "numeric":
        from backprop_study.cards.numeric import generate

        problem = generate(card.template, _seeded(card), card.tolerance)
        return note(
            BASIC,
            as_html(problem.question),
            as_html(problem.format_answer()),
            _extra(problem.working, card.explain, NUMERIC_NOTE),
        )
    if card.kind == "graph":
        front, back = _graph_sides(card)
        return note(BASIC, front, back, _extra(card.explain, GRAPH_NOTE))
    raise ValueError(f"card {card.id}: no Anki rendering for the kind {card.kind!r}")


def _graph_sides(card: Card) -> tuple[str, str]:
    """A graph card's front and back (HTML): the app's question for it, with its walk drawn by
    `lesson_graph` from a generator seeded with the card's id."""
    import numpy as np

    from backprop_study.cards.graph import LESSON_DIAGRAM, format_values
    from backprop_study.cards.questions import make_question

    def matrix(values: np.ndarray) -> str:
        return "[" + "; ".join(format_values(row) for row in np.atleast_2d(values)) + "]"

    def shown(values: np.ndarray) -> str:
        """A row of values as the app shows it; a matrix (dL/dW1) row by row."""
        return matrix(values) if np.atleast_2d(values).shape[0] > 1 else format_values(values)

    def size(values: np.ndarray) -> str:
        rows, columns = np.atleast_2d(values).shape
        if rows > 1:
            return f" ({rows}×{columns}, row by row)"
        return "" if columns == 1 else f" ({columns} values)"

    question = make_question(card.review_items()[0], rng=_seeded(card))
    walk = question.graph
    if walk is None:  # pragma: no cover - make_question gives every graph card its walk
        raise ValueError(f"card {card.id}: no graph to walk")
    graph = walk.graph
    example = [
        LESSON_DIAGRAM,
        "",
        f"x = [{format_values(graph.x)}]    y = {graph.y:g}",
        f"W1 = {matrix(graph.W1)}    W2 = {matrix(graph.W2)}",
        "",
        *(f"{node.label} = {format_values(node.value)}" for node in graph.nodes if node.name != "x"),
        f"L = ½ (y − o)² = {format_values(np.asarray(graph.loss))}",
        "",
        "Find, from L backwards, to three significant figures:",
    ]
    asked = [f"{step.node}{size(step.expected)}" for step in graph.steps]
    front = as_html(f"{question.prompt}\n\n" + "\n".join(example)) + _options_html(asked, "1")
    worked = [
        f"{step.node} = {shown(step.expected)}\n{step.rule}\nHere: {step.how} = {shown(step.expected)}"
        for step in graph.steps
    ]
    return front, _options_html(worked, "1")


def notes_for(deck_set: DeckSet, deck_ids: Iterable[str] | None = None) -> list[AnkiNote]:
    """Every card of the chosen decks (all when None) as a note, in deck order."""
    decks = deck_set.decks if deck_ids is None else [deck_set.deck(deck_id) for deck_id in deck_ids]
    return [note_for(card, deck, deck_set.pools) for deck in decks for card in deck.cards]


def write_apkg(notes: list[AnkiNote], path: Path) -> None:
    """An Anki package with our note types, one Anki deck per deck."""
    import genanki

    models = {
        note_type.name: genanki.Model(
            note_type.model_id,
            note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=[{"name": name, "qfmt": q, "afmt": a} for name, q, a in note_type.templates],
            css=CSS,
            model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        )
        for note_type in NOTE_TYPES
    }
    decks: dict[str, genanki.Deck] = {}
    for note in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(stable_id(f"deck {note.deck}"), note.deck)
        deck.add_note(
            genanki.Note(models[note.note_type.name], fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(list(decks.values())).write_to_file(str(path))


def tsv_text(notes: list[AnkiNote]) -> str:
    """Anki's text import format with its header lines, so File > Import needs no choices: the note type
    and deck per row (Anki's stock note types), the GUID (a re-import updates), the tags last."""
    lines = [
        "#separator:tab",
        "#html:true",
        "#guid column:1",
        "#notetype column:2",
        "#deck column:3",
        "#tags column:6",
    ]
    for note in notes:
        front, back = _stock_fields(note)
        row = (note.guid, note.note_type.stock_name, note.deck, front, back, " ".join(note.tags))
        lines.append("\t".join(_tsv_cell(cell) for cell in row))
    return "\n".join(lines) + "\n"


def _stock_fields(note: AnkiNote) -> tuple[str, str]:
    """Our three fields folded into the two of Anki's stock note types."""
    first, second, extra = note.fields
    if note.note_type.cloze:
        text = f"<div class=context>{second}</div>{first}" if second else first
        return text, extra  # Cloze: Text, Back Extra
    return first, f"{second}<br><br>{extra}" if extra else second


def _tsv_cell(text: str) -> str:
    # The fields are HTML already (line breaks are <br>): a raw tab or newline would split the row, and a
    # cell starting with a quote would be read as a quoted CSV field, so those become entities too.
    return text.replace("\t", "&#9;").replace("\r", "").replace("\n", "<br>").replace('"', "&quot;")
