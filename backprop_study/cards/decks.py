"""Loading decks (`quizzes/*.yaml`): every problem located by file and line, the good decks kept.

`load_decks(folder)` never raises for content: it returns a `DeckSet` with the
decks that loaded and a list of `ContentError`s. A deck whose header is wrong
(not valid YAML, no `deck` id, no `cards` list) is left out whole; a card with
a problem is left out alone, so one typo does not hide a whole deck. Ids are
global: a card id, deck id or pool name used twice is an error that names both
places, and the later one is left out.

The format is documented for teachers in `quizzes/README.md`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backprop_study.cards import deck_cache
from backprop_study.cards.card import (
    ID_PATTERN,
    MIN_WRONG_OPTIONS,
    Card,
    ReviewItem,
    choice_wrong_options,
    fold_text,
    parse_card,
)
from backprop_study.cards.deck_cache import ParsedFile
from backprop_study.cards.numeric import TEMPLATE_NAMES
from backprop_study.store.yamlfile import ContentError, LineDict, LineList, load_yaml_text

DECK_FIELDS = ("deck", "title", "description", "source", "pools", "cards")
DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    description: str
    source: str
    path: Path
    cards: tuple[Card, ...]
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def review_items(self) -> tuple[ReviewItem, ...]:
        cached = self.__dict__.get("_review_items")
        if cached is None:
            cached = self.__dict__["_review_items"] = tuple(item for card in self.cards for item in card.review_items())
        return cached


@dataclass
class DeckSet:
    """The decks that loaded, the problems found, and lookups by id."""

    decks: tuple[Deck, ...] = ()
    errors: tuple[ContentError, ...] = ()
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _items: dict[str, ReviewItem] = field(default_factory=dict, repr=False)
    _cards: dict[str, Card] = field(default_factory=dict, repr=False)

    def _index(self) -> None:
        # Built on first lookup: a review session needs the items in order, not this index.
        for deck in self.decks:
            for card in deck.cards:
                self._cards[card.id] = card
                for item in card.review_items():
                    self._items[item.id] = item

    def deck(self, deck_id: str) -> Deck:
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        raise KeyError(f"There is no deck {deck_id!r}; the decks are: {', '.join(d.id for d in self.decks)}")

    def cards(self, deck_ids: Iterable[str] | None = None) -> tuple[Card, ...]:
        return tuple(card for deck in self._chosen(deck_ids) for card in deck.cards)

    def review_items(self, deck_ids: Iterable[str] | None = None) -> tuple[ReviewItem, ...]:
        """Every review item of the chosen decks (all when None), in deck-file order."""
        return tuple(item for deck in self._chosen(deck_ids) for item in deck.review_items())

    def cards_about(self, row_id: str) -> tuple[Card, ...]:
        """The cards on one row of the lesson's tables (`concept-forward-pass`): its own card, and the
        cards tagged with its topic (`forward-pass`)."""
        topic = row_id.split("-", 1)[-1]
        return tuple(card for card in self.cards() if card.id == row_id or topic in card.tags)

    def item(self, item_id: str) -> ReviewItem | None:
        if not self._cards:
            self._index()
        return self._items.get(item_id)

    def card(self, card_id: str) -> Card | None:
        if not self._cards:
            self._index()
        return self._cards.get(card_id)

    def _chosen(self, deck_ids: Iterable[str] | None) -> tuple[Deck, ...]:
        if deck_ids is None:
            return self.decks
        wanted = list(deck_ids)
        return tuple(self.deck(deck_id) for deck_id in wanted)


def deck_files(source: Path) -> list[Path]:
    """The deck files in a folder (sorted, so load order and error order are stable), or the one file given."""
    source = Path(source)
    if source.is_dir():
        # Hidden files are editors' lock and backup files (.#deck.yaml), not decks.
        return sorted(
            p for p in source.iterdir() if p.suffix in DECK_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
    return [source]


def load_decks(sources: Path | Iterable[Path], *, cache: bool = True) -> DeckSet:
    """Load every deck in a folder (or the given files); problems are collected, never raised.

    With `cache`, each file's checked cards are kept in the user's cache folder (`deck_cache.py`), so
    an unchanged deck is not parsed again (YAML parsing is the slow part: about 0.2 ms a card).
    """
    files, errors = _deck_paths(sources)
    with gc_paused():
        parsed_files = [_load_file(path, cache) for path in files]
    decks, pools, wrong_from_lines = _merge(parsed_files, errors)
    checked = _check_choice_pools(decks, pools, wrong_from_lines, errors)
    errors.sort(key=lambda e: (str(e.path), e.line or 0))
    with gc_paused():
        for deck in checked:
            deck.review_items()  # made now, while the collector is paused, and kept
    return DeckSet(decks=tuple(checked), errors=tuple(errors), pools=pools)


def _deck_paths(sources: Path | Iterable[Path]) -> tuple[list[Path], list[ContentError]]:
    """Every deck file to read, and an error for each source that does not exist."""
    if isinstance(sources, str | Path):
        sources = [Path(sources)]
    files: list[Path] = []
    errors: list[ContentError] = []
    for source in sources:
        source = Path(source)
        if not source.exists():
            errors.append(ContentError(source, None, "no such file or folder"))
            continue
        files.extend(deck_files(source))
    return files, errors


def _load_file(path: Path, use_cache: bool) -> ParsedFile:
    """One file checked on its own: from the cache when its bytes and our rules are unchanged."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ParsedFile(path, None, errors=[ContentError(path, None, f"cannot be read: {exc.strerror}")])
    if not use_cache:
        return _parse_bytes(path, raw)
    cached = deck_cache.read(path, raw)
    if cached is not None:
        return cached
    parsed = _parse_bytes(path, raw)
    deck_cache.write(parsed, raw)
    return parsed


def _merge(
    parsed_files: list[ParsedFile], errors: list[ContentError]
) -> tuple[list[Deck], dict[str, tuple[str, ...]], dict[str, int]]:
    """The decks of every file, with ids made global: a deck id, pool name or card id used twice is an
    error naming both places, and the later one is left out."""
    decks: list[Deck] = []
    pools: dict[str, tuple[str, ...]] = {}
    pool_lines: dict[str, tuple[Path, int]] = {}
    deck_lines: dict[str, tuple[Path, int]] = {}
    card_lines: dict[str, tuple[Path, int]] = {}
    wrong_from_lines: dict[str, int] = {}
    for parsed in parsed_files:
        path = parsed.path
        errors.extend(parsed.errors)
        if parsed.header is None:
            continue
        deck_id = parsed.header["deck"]
        if deck_id in deck_lines:
            first_path, first_line = deck_lines[deck_id]
            errors.append(
                ContentError(
                    path,
                    parsed.deck_line,
                    f"deck id {deck_id!r} is already used by {first_path}:{first_line}; each deck needs its own id",
                )
            )
            continue
        deck_lines[deck_id] = (path, parsed.deck_line)
        for name, (options, line) in parsed.pools.items():
            if name in pool_lines:
                first_path, first_line = pool_lines[name]
                message = f"pool {name!r} is already defined at {first_path}:{first_line}; pool names are global"
                errors.append(ContentError(path, line, message))
                continue
            pool_lines[name] = (path, line)
            pools[name] = options
        cards: list[Card] = []
        for card in parsed.cards:
            id_line = parsed.id_lines[card.id]
            if card.id in card_lines:
                first_path, first_line = card_lines[card.id]
                errors.append(_duplicate_card(path, id_line, card.id, f"{first_path}:{first_line}"))
                continue
            card_lines[card.id] = (path, id_line)
            cards.append(card)
        wrong_from_lines.update(parsed.wrong_from_lines)
        decks.append(
            Deck(
                id=deck_id,
                title=parsed.header["title"],
                description=parsed.header["description"],
                source=parsed.header["source"],
                path=path,
                cards=tuple(cards),
                pools={name: options for name, (options, _line) in parsed.pools.items()},
            )
        )
    return decks, pools, wrong_from_lines


def _duplicate_card(path: Path, line: int, card_id: str, first: str) -> ContentError:
    return ContentError(
        path,
        line,
        f"card id {card_id!r} is already used at {first}; every card needs its own id (its review history "
        "follows the id)",
    )


def _check_choice_pools(
    decks: list[Deck], pools: dict[str, tuple[str, ...]], wrong_from_lines: dict[str, int], errors: list[ContentError]
) -> list[Deck]:
    """Pools are global, so a choice card's options can only be checked once every deck is read."""
    checked: list[Deck] = []
    pool_sizes = {name: len({fold_text(option) for option in options}) for name, options in pools.items()}
    for deck in decks:
        kept = []
        for card in deck.cards:
            problem = _check_choice_pool(card, pools, pool_sizes, wrong_from_lines.get(card.id, card.line))
            if problem is None:
                kept.append(card)
            else:
                errors.append(problem)
        checked.append(Deck(deck.id, deck.title, deck.description, deck.source, deck.path, tuple(kept), deck.pools))
    return checked


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many small objects (a large deck, a long review log).

    Tens of thousands of new objects trigger it again and again for nothing, since none of them form
    cycles; pausing it cuts loading a 10,000-card deck by about a quarter.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_bytes(path: Path, raw: bytes) -> ParsedFile:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedFile(path, None, errors=[ContentError(path, None, f"the file is not UTF-8 text ({exc.reason})")])
    try:
        data = load_yaml_text(text, path)
    except ContentError as problem:
        return ParsedFile(path, None, errors=[problem])
    return _parse_file(path, data)


def _parse_file(path: Path, data: Any) -> ParsedFile:
    try:
        header = _parse_header(path, data)
    except ContentError as problem:
        return ParsedFile(path, None, errors=[problem])
    parsed = ParsedFile(path, header, deck_line=data.line_of("deck"))
    parsed.pools, pool_errors = _parse_pools(path, data)
    parsed.errors.extend(pool_errors)
    entries = data["cards"]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        try:
            card = parse_card(path, entry, entries.line_of(index), header["deck"], index, TEMPLATE_NAMES)
        except ContentError as problem:
            parsed.errors.append(problem)
            continue
        id_line = entry.line_of("id")
        if card.id in seen:
            parsed.errors.append(_duplicate_card(path, id_line, card.id, f"{path}:{seen[card.id]}"))
            continue
        seen[card.id] = id_line
        parsed.id_lines[card.id] = id_line
        if card.wrong_from is not None:
            parsed.wrong_from_lines[card.id] = entry.line_of("wrong_from")
        parsed.cards.append(card)
    return parsed


def _parse_header(path: Path, data: Any) -> dict[str, Any]:
    if data is None:
        raise ContentError(path, None, "the file is empty; a deck starts with `deck:`, `title:` and `cards:`")
    if not isinstance(data, LineDict):
        raise ContentError(path, getattr(data, "line", 1), "a deck must be a mapping with `deck`, `title` and `cards`")
    for key in data:
        if key not in DECK_FIELDS:
            raise ContentError(
                path, data.line_of(key), f"unknown top-level field {key!r} (expected {', '.join(DECK_FIELDS)})"
            )
    for key in ("deck", "title", "cards"):
        if key not in data:
            raise ContentError(path, data.line, f"the deck has no `{key}:`")
    deck_id = data["deck"]
    if not isinstance(deck_id, str) or not ID_PATTERN.match(deck_id):
        raise ContentError(
            path,
            data.line_of("deck"),
            f"deck id {deck_id!r} must be lowercase letters, digits and single hyphens, like lesson-concepts",
        )
    header: dict[str, Any] = {"deck": deck_id}
    for key in ("title", "description", "source"):
        value = data.get(key, "")
        if key == "title" and not (isinstance(value, str) and value.strip()):
            raise ContentError(path, data.line_of(key), "`title` must be non-empty text")
        if not isinstance(value, str):
            raise ContentError(path, data.line_of(key), f"`{key}` must be text")
        header[key] = value.strip()
    cards = data["cards"]
    if not isinstance(cards, LineList) or not cards:
        raise ContentError(path, data.line_of("cards"), "`cards:` must be a non-empty list of cards")
    return header


def _parse_pools(path: Path, data: LineDict) -> tuple[dict[str, tuple[tuple[str, ...], int]], list[ContentError]]:
    """A deck's pools by name, with each one's line; a bad pool is reported and skipped."""
    found: dict[str, tuple[tuple[str, ...], int]] = {}
    errors: list[ContentError] = []
    if "pools" not in data:
        return found, errors
    raw = data["pools"]
    if not isinstance(raw, LineDict):
        errors.append(ContentError(path, data.line_of("pools"), "`pools:` must map pool names to lists of text"))
        return found, errors
    for name, options in raw.items():
        line = raw.line_of(name)
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            errors.append(ContentError(path, line, f"pool name {name!r} must look like concept-explanations"))
            continue
        if not isinstance(options, list) or not options:
            errors.append(ContentError(path, line, f"pool {name!r} must be a non-empty list of text"))
            continue
        bad = next((i for i, option in enumerate(options) if not isinstance(option, str) or not option.strip()), None)
        if bad is not None:
            item_line = options.line_of(bad) if isinstance(options, LineList) else line
            errors.append(ContentError(path, item_line, f"pool {name!r}: entry {bad + 1} must be non-empty text"))
            continue
        found[name] = (tuple(option.strip() for option in options), line)
    return found, errors


def _check_choice_pool(
    card: Card, pools: dict[str, tuple[str, ...]], pool_sizes: dict[str, int], line: int
) -> ContentError | None:
    if card.kind != "choice" or card.wrong_from is None:
        return None  # its own `wrong` list was checked with the card
    if card.wrong_from not in pools:
        known = ", ".join(sorted(pools)) or "none are defined"
        return ContentError(card.path, line, f"card {card.id}: no pool named {card.wrong_from!r} (pools: {known})")
    if pool_sizes[card.wrong_from] > MIN_WRONG_OPTIONS:
        return None  # enough even if one of them is this card's answer
    available = choice_wrong_options(card, pools)
    if len(available) < MIN_WRONG_OPTIONS:
        return ContentError(
            card.path,
            line,
            f"card {card.id}: needs at least {MIN_WRONG_OPTIONS} different wrong options besides the answer, "
            f"has {len(available)}",
        )
    return None
