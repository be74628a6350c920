"""What a card is: one entry of a deck, checked field by field, and the review items it gives.

A card is written once in a deck file; a *review item* is one thing the
scheduler tracks. Most cards give one item with the card's own id; a
`reversed` card also asks back -> front (`<id>:reverse`); a `cloze` card gives
one item per `{{...}}` span (`<id>:1`, `<id>:2`, ...). History follows the
item id, so editing a card's text keeps its progress.

All text is plain text: nothing here interprets `[bold]`, `$x$` or `**`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backprop_study.store.yamlfile import ContentError, LineDict, LineList

KINDS = ("basic", "reversed", "cloze", "choice", "typed", "order", "numeric", "graph")
AUTO_CHECKED_KINDS = frozenset({"choice", "typed", "order", "numeric", "graph"})
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CLOZE_SPAN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
CLOZE_GAP = "[...]"
MIN_WRONG_OPTIONS = 3
MIN_ORDER_ITEMS = 3
MAX_ORDER_ITEMS = 12  # each item gets a letter key in Review, a to l

COMMON_FIELDS = ("id", "kind", "tags", "explain", "mistakes")
KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required fields, optional fields)
    "basic": (("front", "back"), ()),
    "reversed": (("front", "back"), ()),
    "cloze": (("text",), ("context",)),
    "choice": (("question", "answer"), ("wrong", "wrong_from")),
    "typed": (("question", "answer"), ("accept", "accept_from")),
    "order": (("question", "items"), ()),
    "numeric": (("template",), ("tolerance",)),
    "graph": (("graph",), ("question",)),
}


@dataclass(frozen=True)
class Card:
    """One card as written in a deck. Fields that its kind does not use are empty."""

    id: str
    kind: str
    deck: str  # the deck id
    path: Path  # the deck file
    line: int  # where the card starts in that file
    position: int  # its index in the deck, for a stable order of new cards
    tags: tuple[str, ...] = ()
    explain: str | None = None
    front: str = ""  # basic, reversed
    back: str = ""
    text: str = ""  # cloze
    context: str | None = None
    question: str = ""  # choice, typed, order
    answer: str = ""  # choice, typed
    accept: tuple[str, ...] = ()  # typed: other accepted answers (with its `accept_from` list's, once decks merge)
    accept_from: str | None = None  # typed: the name of a shared accept list (one per concept)
    wrong: tuple[str, ...] = ()  # choice: its own wrong options
    wrong_from: str | None = None  # choice: a pool name
    items: tuple[str, ...] = ()  # order: the correct order
    template: str = ""  # numeric
    tolerance: float | None = None
    cloze_answers: tuple[str, ...] = ()  # cloze: what each {{...}} span hides, in order
    graph: str = ""  # graph: which network's graph is walked (cards/graph.py)
    # Catalogued exercise mistakes this card is about (ids or patterns like "LESSON:*:flipped_sign", see
    # checks/mistakes.py): making one in an exercise brings this card forward in Review.
    mistakes: tuple[str, ...] = ()

    @property
    def prompt(self) -> str:
        """What the card asks, in one line of plain text (a cloze's gaps shown as [...] around the answer).

        A question written over several lines (a question, then the code it is about) is joined: after a
        sentence with a space, between lines of code with "; ", as Python would read them on one line.
        Comment lines of code are left out (they would comment out the rest of the line).
        """
        text = self.front or self.question or self.text.replace("{{", "[").replace("}}", "]")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        code = [line for line in lines if not line.startswith("#")]
        lines = code or lines
        joined = lines[0] if lines else ""
        for line in lines[1:]:
            joined += (" " if joined.endswith((".", ":", "?", "!")) else "; ") + line
        return joined

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def review_items(self) -> tuple[ReviewItem, ...]:
        cached = self.__dict__.get("_review_items")
        if cached is None:
            cached = self.__dict__["_review_items"] = self._make_review_items()
        return cached

    def _make_review_items(self) -> tuple[ReviewItem, ...]:
        make = ReviewItem.fast
        if self.kind == "reversed":
            return (make(self.id, self, ""), make(f"{self.id}:reverse", self, "reverse"))
        if self.kind == "cloze":
            return tuple(make(f"{self.id}:{n}", self, str(n)) for n in range(1, len(self.cloze_answers) + 1))
        return (make(self.id, self, ""),)


@dataclass(frozen=True)
class ReviewItem:
    """One thing the scheduler tracks: a card, or one direction or gap of it."""

    id: str  # "concept-forward-pass", "concept-forward-pass:reverse", "code-d-output:1"
    card: Card = field(repr=False)
    variant: str  # "", "reverse", or the cloze span number "1", "2", ...

    @classmethod
    def fast(cls, item_id: str, card: Card, variant: str) -> ReviewItem:
        """The same as ReviewItem(...), without frozen-dataclass overhead (decks of 10,000 cards)."""
        item = object.__new__(cls)
        item.__dict__.update(id=item_id, card=card, variant=variant)
        return item

    @property
    def deck(self) -> str:
        return self.card.deck

    @property
    def kind(self) -> str:
        return self.card.kind

    @property
    def auto_checked(self) -> bool:
        return self.card.kind in AUTO_CHECKED_KINDS

    @property
    def sibling_rank(self) -> int:
        """0 for the first item of a card, 1 for the second, ...: spreads siblings apart."""
        if self.variant == "reverse":
            return 1
        # isdecimal, not isdigit: "¹" is a digit that int() refuses.
        return int(self.variant) - 1 if self.variant.isdecimal() and self.variant.isascii() else 0


def parse_card(path: Path, entry: Any, line: int, deck: str, position: int, templates: frozenset[str]) -> Card:
    """Check one card entry of a deck and build it; the first problem is a ContentError with its line.

    `wrong_from` pools are checked later, when every deck's pools are known.
    """
    if not isinstance(entry, LineDict):
        raise ContentError(path, line, "each card must be a mapping with at least `id` and `kind`")
    card_id = entry.get("id")
    if card_id is None:
        raise ContentError(path, entry.line, "this card has no `id` (a stable name like concept-forward-pass)")
    if not isinstance(card_id, str) or not ID_PATTERN.match(card_id):
        raise ContentError(
            path,
            entry.line_of("id"),
            f"card id {card_id!r} must be lowercase letters, digits and single hyphens, like concept-forward-pass",
        )
    kind = entry.get("kind")
    if kind not in KINDS:
        where = entry.line_of("kind")
        got = "no `kind`" if kind is None else f"kind {kind!r}"
        raise ContentError(path, where, f"card {card_id}: {got}; expected one of {', '.join(KINDS)}")
    required, optional = KIND_FIELDS[kind]
    allowed = set(COMMON_FIELDS) | set(required) | set(optional)
    for key in entry:
        if key not in allowed:
            expected = ", ".join((*required, *optional, "tags", "explain", "mistakes"))
            raise ContentError(
                path,
                entry.line_of(key),
                f"card {card_id}: unknown field {key!r} for a {kind} card (expected {expected})",
            )
    for key in required:
        if key not in entry:
            raise ContentError(path, entry.line, f"card {card_id}: a {kind} card needs `{key}`")

    def text(key: str) -> str:
        return _text(path, entry, key, card_id)

    values: dict[str, Any] = {
        "tags": _text_list(path, entry, "tags", card_id, minimum=0),
        "explain": text("explain") if "explain" in entry else None,
        "mistakes": _text_list(path, entry, "mistakes", card_id, minimum=0),
    }
    if kind in ("basic", "reversed"):
        values.update(front=text("front"), back=text("back"))
    elif kind == "cloze":
        values.update(text=_cloze_text(path, entry, card_id))
        values.update(cloze_answers=tuple(CLOZE_SPAN.findall(values["text"])))
        if "context" in entry:
            values.update(context=text("context"))
    elif kind == "choice":
        values.update(question=text("question"), answer=text("answer"))
        values.update(_choice_options(path, entry, card_id, values["answer"]))
    elif kind == "typed":
        values.update(question=text("question"), answer=text("answer"))
        values.update(accept=_text_list(path, entry, "accept", card_id, minimum=0))
        if "accept_from" in entry:
            values.update(accept_from=text("accept_from"))
    elif kind == "order":
        values.update(question=text("question"), items=_order_items(path, entry, card_id))
    elif kind == "numeric":
        values.update(_numeric_fields(path, entry, card_id, templates))
    elif kind == "graph":
        values.update(_graph_fields(path, entry, card_id))
    return Card(id=card_id, kind=kind, deck=deck, path=path, line=entry.line, position=position, **values)


def _text(path: Path, entry: LineDict, key: str, card_id: str) -> str:
    value = entry.get(key)
    return _as_text(path, entry.line_of(key), value, f"card {card_id}: `{key}`")


def _as_text(path: Path, line: int, value: Any, what: str) -> str:
    if isinstance(value, bool):
        # YAML 1.1 reads yes/no/on/off as booleans: say so, since the author wrote a word.
        raise ContentError(path, line, f"{what} was read as true/false; put the text in quotes")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, line, f"{what} must be non-empty text")
    # Block scalars (`|`) end with a newline; the text itself does not.
    return value.strip("\n").rstrip()


def _text_list(path: Path, entry: LineDict, key: str, card_id: str, *, minimum: int) -> tuple[str, ...]:
    if key not in entry:
        if minimum:
            raise ContentError(path, entry.line, f"card {card_id}: needs `{key}`")
        return ()
    value = entry[key]
    line = entry.line_of(key)
    if not isinstance(value, list):
        raise ContentError(path, line, f"card {card_id}: `{key}` must be a list, like [first, second]")
    if len(value) < minimum:
        raise ContentError(path, line, f"card {card_id}: `{key}` needs at least {minimum} entries, got {len(value)}")
    result = []
    for index, item in enumerate(value):
        item_line = value.line_of(index) if isinstance(value, LineList) else line
        result.append(_as_text(path, item_line, item, f"card {card_id}: entry {index + 1} of `{key}`"))
    return tuple(result)


def _cloze_text(path: Path, entry: LineDict, card_id: str) -> str:
    value = _text(path, entry, "text", card_id)
    line = entry.line_of("text")
    spans = CLOZE_SPAN.findall(value)
    if not spans:
        raise ContentError(path, line, f"card {card_id}: a cloze `text` needs at least one {{{{...}}}} span to hide")
    for span in spans:
        if not span.strip():
            raise ContentError(path, line, f"card {card_id}: a {{{{...}}}} span is empty")
    leftover = CLOZE_SPAN.sub("", value)
    if "{{" in leftover or "}}" in leftover:
        raise ContentError(
            path, line, f"card {card_id}: a `{{{{` or `}}}}` has no partner; spans look like {{{{...}}}}"
        )
    return value


def _choice_options(path: Path, entry: LineDict, card_id: str, answer: str) -> dict[str, Any]:
    if "wrong" not in entry and "wrong_from" not in entry:
        raise ContentError(
            path, entry.line, f"card {card_id}: a choice card needs `wrong` (a list) and/or `wrong_from` (a pool name)"
        )
    wrong = _text_list(path, entry, "wrong", card_id, minimum=0)
    if fold_text(answer) in {fold_text(option) for option in wrong}:
        raise ContentError(path, entry.line_of("wrong"), f"card {card_id}: the answer is also listed in `wrong`")
    wrong_from = None
    if "wrong_from" in entry:
        wrong_from = _text(path, entry, "wrong_from", card_id)
    elif len({fold_text(option) for option in wrong}) < MIN_WRONG_OPTIONS:
        raise ContentError(
            path,
            entry.line_of("wrong"),
            f"card {card_id}: needs at least {MIN_WRONG_OPTIONS} different wrong options, got {len(set(wrong))}",
        )
    return {"wrong": wrong, "wrong_from": wrong_from}


def _order_items(path: Path, entry: LineDict, card_id: str) -> tuple[str, ...]:
    items = _text_list(path, entry, "items", card_id, minimum=MIN_ORDER_ITEMS)
    if len(items) > MAX_ORDER_ITEMS:
        raise ContentError(
            path,
            entry["items"].line_of(MAX_ORDER_ITEMS),
            f"card {card_id}: at most {MAX_ORDER_ITEMS} items (each gets a letter key, a to l); this has {len(items)}",
        )
    folded = [fold_text(item) for item in items]
    for index, item in enumerate(folded):
        if item in folded[:index]:
            raise ContentError(
                path, entry["items"].line_of(index), f"card {card_id}: the item {items[index]!r} appears twice"
            )
    return items


def _numeric_fields(path: Path, entry: LineDict, card_id: str, templates: frozenset[str]) -> dict[str, Any]:
    template = _text(path, entry, "template", card_id)
    if template not in templates:
        raise ContentError(
            path,
            entry.line_of("template"),
            f"card {card_id}: unknown template {template!r}; expected one of {', '.join(sorted(templates))}",
        )
    tolerance = entry.get("tolerance")
    if tolerance is not None and (isinstance(tolerance, bool) or not isinstance(tolerance, int | float)):
        raise ContentError(path, entry.line_of("tolerance"), f"card {card_id}: `tolerance` must be a number")
    if tolerance is not None and not 0 < tolerance < 1e6:
        raise ContentError(path, entry.line_of("tolerance"), f"card {card_id}: `tolerance` must be above 0")
    return {"template": template, "tolerance": float(tolerance) if tolerance is not None else None}


def fold_text(text: str) -> str:
    """The form in which two options count as the same: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def choice_wrong_options(card: Card, pools: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every distinct wrong option a choice card can draw from: its own list, then its pool's."""
    seen = {fold_text(card.answer)}
    options = []
    for option in (*card.wrong, *pools.get(card.wrong_from or "", ())):
        if fold_text(option) not in seen:
            seen.add(fold_text(option))
            options.append(option)
    return tuple(options)


def _graph_fields(path: Path, entry: LineDict, card_id: str) -> dict[str, Any]:
    from backprop_study.cards.graph import GRAPHS

    graph = _text(path, entry, "graph", card_id)
    if graph not in GRAPHS:
        raise ContentError(
            path,
            entry.line_of("graph"),
            f"card {card_id}: no graph {graph!r}; the graphs are {', '.join(sorted(GRAPHS))}",
        )
    values: dict[str, Any] = {"graph": graph}
    if "question" in entry:
        values["question"] = _text(path, entry, "question", card_id)
    return values
