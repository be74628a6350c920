"""Loading decks (`quizzes/*.yaml`): every problem located by file and line, the good decks kept.

`load_decks(sources)` never raises for content: it returns a `DeckSet` with the
decks that loaded and a list of `ContentError`s. A deck whose header is wrong
(not valid YAML, not UTF-8, no `deck` id, no `cards` list) is left out whole; a
card with a problem is left out alone, so one typo does not hide a whole deck.
Ids are global: within one source a card id, deck id, pool or accept list used
twice is an error that names both places, and the later one is left out. Across
sources (the shipped decks, then a workspace's own) the later one replaces the
earlier, and `DeckSet.notes` says so.

The format is documented for teachers in `quizzes/README.md`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
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

DECK_FIELDS = ("deck", "title", "description", "source", "pools", "accept_lists", "cards")
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
    """The decks that loaded, the problems found, what a later source replaced (notes), and lookups by id."""

    decks: tuple[Deck, ...] = ()
    errors: tuple[ContentError, ...] = ()
    pools: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[ContentError, ...] = ()  # not problems: a workspace's own deck or card replacing a shipped one
    accept_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
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

    def cards_for_mistake(self, mistake_id: str) -> tuple[Card, ...]:
        """The cards about a catalogued exercise mistake (their `mistakes:` name it or a pattern matching it)."""
        from fnmatch import fnmatchcase

        return tuple(
            card for card in self.cards() if any(fnmatchcase(mistake_id, pattern) for pattern in card.mistakes)
        )

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


def deck_files(source: Path) -> tuple[list[Path], list[ContentError]]:
    """The deck files in a folder (sorted, so load order and error order are stable), or the one file given,
    and a problem for each entry that looks like a deck but cannot be one.

    A `*.yaml` entry that is a symbolic link going nowhere (a loop, or a target that is gone) or a folder is
    reported, never skipped in silence: the teacher meant it to be a deck. A folder that cannot be listed
    is reported too.
    """
    source = Path(source)
    if not source.is_dir():
        return [source], []
    try:
        entries = sorted(source.iterdir())
    except OSError as exc:
        return [], [ContentError(source, None, f"the folder cannot be listed: {exc.strerror or exc}")]
    files: list[Path] = []
    problems: list[ContentError] = []
    for entry in entries:
        # Hidden files are editors' lock and backup files (.#deck.yaml), not decks.
        if entry.suffix not in DECK_SUFFIXES or entry.name.startswith("."):
            continue
        problem = _not_a_deck_file(entry)
        if problem is None:
            files.append(entry)
        else:
            problems.append(ContentError(entry, None, problem))
    return files, problems


def _not_a_deck_file(entry: Path) -> str | None:
    """Why a `*.yaml` entry of a deck folder cannot be read as a deck, or None when it is a file."""
    try:
        entry.stat()  # follows links: a loop raises ELOOP, a dangling link FileNotFoundError
    except OSError as exc:
        if entry.is_symlink():
            return (
                f"a symbolic link that leads nowhere ({exc.strerror or exc}): it loops, or its target is gone; "
                "point it at a deck file or remove it"
            )
        return f"cannot be read: {exc.strerror or exc}"
    if entry.is_dir():
        return "is a folder, not a deck file; decks are the .yaml files directly in the decks folder"
    if not entry.is_file():
        return "is not a regular file (a pipe or a device?), so it is not read as a deck"
    return None


def load_decks(sources: Path | Iterable[Path], *, cache: bool = True) -> DeckSet:
    """Load the decks of one folder or file, or of several in order; problems are collected, never raised.

    Several sources are layered, as `Workspace.deck_sources()` gives them (the shipped decks, then the
    workspace's own): a deck, card, pool or accept list that a later source defines again replaces the
    earlier one, with a note (`DeckSet.notes`) rather than an error. Within one source an id used twice
    is an error.

    With `cache`, each file's checked cards are kept in the user's cache folder (`deck_cache.py`), so
    an unchanged deck is not parsed again (YAML parsing is the slow part: about 0.2 ms a card).
    """
    layers, errors = _deck_paths(sources)
    # Hundreds of thousands of small objects, none in a cycle: the collector would only slow this down.
    with gc_paused():
        parsed = [(layer, _load_file(path, cache)) for layer, path in layers]
        merged = _Merge(errors)
        for layer, parsed_file in parsed:
            merged.add(layer, parsed_file)
        decks = merged.decks()
        decks = _resolve_accept_lists(decks, merged.accept_lists, merged.accept_from_lines, errors)
        checked = _check_choice_pools(decks, merged.pools, merged.wrong_from_lines, errors)
        errors.sort(key=lambda e: (str(e.path), e.line or 0))
        notes = sorted(merged.notes, key=lambda e: (str(e.path), e.line or 0))
        for deck in checked:
            deck.review_items()  # made now and kept
        # The decks live as long as the app: moved out of the collector's sight, later collections (which
        # would otherwise walk every card and item again and again) skip them.
        gc.freeze()
    return DeckSet(
        decks=tuple(checked),
        errors=tuple(errors),
        pools=merged.pools,
        notes=tuple(notes),
        accept_lists=merged.accept_lists,
    )


def _deck_paths(sources: Path | Iterable[Path]) -> tuple[list[tuple[int, Path]], list[ContentError]]:
    """Every deck file to read with the index of its source (its layer), and the problems met on the way."""
    if isinstance(sources, str | Path):
        sources = [Path(sources)]
    files: list[tuple[int, Path]] = []
    errors: list[ContentError] = []
    for layer, source in enumerate(sources):
        source = Path(source)
        if not source.exists():
            if source.is_symlink():
                errors.append(
                    ContentError(source, None, "a symbolic link that leads nowhere (it loops, or its target is gone)")
                )
            else:
                errors.append(ContentError(source, None, "no such file or folder"))
            continue
        found, problems = deck_files(source)
        files.extend((layer, path) for path in found)
        errors.extend(problems)
    return files, errors


def _load_file(path: Path, use_cache: bool) -> ParsedFile:
    """One file checked on its own: from the cache when its bytes and our rules are unchanged."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return ParsedFile(path, None, errors=[ContentError(path, None, f"cannot be read: {exc.strerror or exc}")])
    if not use_cache:
        return _parse_bytes(path, raw)
    cached = deck_cache.read(path, raw)
    if cached is not None:
        return cached
    parsed = _parse_bytes(path, raw)
    deck_cache.write(parsed, raw)
    return parsed


@dataclass
class _Placed:
    """Where an id was defined: its file, line and source layer (and for a card, its deck)."""

    path: Path
    line: int
    layer: int
    deck: str = ""


class _Merge:
    """The decks of every file, with ids made global.

    In one layer, a deck id, pool name, accept list or card id used twice is an error naming both places,
    and the later one is left out. A later layer replaces what an earlier one defined, with a note: a
    deck replaces the whole deck (its cards go with it), a card replaces the card wherever it was.
    """

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        self.notes: list[ContentError] = []
        self.pools: dict[str, tuple[str, ...]] = {}
        self.accept_lists: dict[str, tuple[str, ...]] = {}
        self.wrong_from_lines: dict[str, int] = {}
        self.accept_from_lines: dict[str, int] = {}
        self._decks: dict[str, tuple[ParsedFile, list[Card]]] = {}  # insertion order is load order
        self._deck_places: dict[str, _Placed] = {}
        self._card_places: dict[str, _Placed] = {}
        self._pool_places: dict[str, _Placed] = {}
        self._list_places: dict[str, _Placed] = {}

    def add(self, layer: int, parsed: ParsedFile) -> None:
        path = parsed.path
        self.errors.extend(parsed.errors)
        if parsed.header is None:
            return
        deck_id = parsed.header["deck"]
        earlier = self._deck_places.get(deck_id)
        if earlier is not None and earlier.layer == layer:
            self.errors.append(
                ContentError(
                    path,
                    parsed.deck_line,
                    f"deck id {deck_id!r} is already used by {earlier.path}:{earlier.line}; each deck needs its own id",
                )
            )
            return
        if earlier is not None:
            self.notes.append(
                ContentError(
                    path,
                    parsed.deck_line,
                    f"deck {deck_id!r} replaces the one at {earlier.path}:{earlier.line}, with all its cards",
                )
            )
            for card in self._decks[deck_id][1]:
                self._card_places.pop(card.id, None)
        self._deck_places[deck_id] = _Placed(path, parsed.deck_line, layer)
        self._named(layer, path, "pool", parsed.pools, self.pools, self._pool_places)
        self._named(layer, path, "accept list", parsed.accept_lists, self.accept_lists, self._list_places)
        cards: list[Card] = []
        for card in parsed.cards:
            if self._place_card(layer, path, parsed.id_lines[card.id], card, deck_id):
                cards.append(card)
        self.wrong_from_lines.update(parsed.wrong_from_lines)
        self.accept_from_lines.update(parsed.accept_from_lines)
        # A replaced deck keeps its place in the load order (the order new cards are introduced in).
        self._decks[deck_id] = (parsed, cards)

    def _place_card(self, layer: int, path: Path, line: int, card: Card, deck_id: str) -> bool:
        earlier = self._card_places.get(card.id)
        if earlier is not None and earlier.layer == layer:
            self.errors.append(_duplicate_card(path, line, card.id, f"{earlier.path}:{earlier.line}"))
            return False
        if earlier is not None:
            self.notes.append(
                ContentError(path, line, f"card {card.id!r} replaces the one at {earlier.path}:{earlier.line}")
            )
            parsed, cards = self._decks[earlier.deck]
            self._decks[earlier.deck] = (parsed, [c for c in cards if c.id != card.id])
        self._card_places[card.id] = _Placed(path, line, layer, deck_id)
        return True

    def _named(
        self,
        layer: int,
        path: Path,
        what: str,
        found: dict[str, tuple[tuple[str, ...], int]],
        merged: dict[str, tuple[str, ...]],
        places: dict[str, _Placed],
    ) -> None:
        """Pools and accept lists: names are global across decks, like card ids."""
        for name, (options, line) in found.items():
            earlier = places.get(name)
            if earlier is not None and earlier.layer == layer:
                message = (
                    f"{what} {name!r} is already defined at {earlier.path}:{earlier.line}; {what} names are global"
                )
                self.errors.append(ContentError(path, line, message))
                continue
            if earlier is not None:
                self.notes.append(
                    ContentError(path, line, f"{what} {name!r} replaces the one at {earlier.path}:{earlier.line}")
                )
            places[name] = _Placed(path, line, layer)
            merged[name] = options

    def decks(self) -> list[Deck]:
        return [
            Deck(
                id=deck_id,
                title=parsed.header["title"],
                description=parsed.header["description"],
                source=parsed.header["source"],
                path=parsed.path,
                cards=tuple(cards),
                pools={name: options for name, (options, _line) in parsed.pools.items()},
            )
            for deck_id, (parsed, cards) in self._decks.items()
            if parsed.header is not None
        ]


def _duplicate_card(path: Path, line: int, card_id: str, first: str) -> ContentError:
    return ContentError(
        path,
        line,
        f"card id {card_id!r} is already used at {first}; every card needs its own id (its review history "
        "follows the id)",
    )


def _resolve_accept_lists(
    decks: list[Deck],
    accept_lists: dict[str, tuple[str, ...]],
    accept_from_lines: dict[str, int],
    errors: list[ContentError],
) -> list[Deck]:
    """A typed card's `accept_from` list joins its own `accept`: every card on a concept accepts the same
    answers. Lists are global, so this waits until every deck is read."""
    resolved: list[Deck] = []
    for deck in decks:
        cards = []
        for card in deck.cards:
            if card.kind != "typed" or card.accept_from is None:
                cards.append(card)
                continue
            shared = accept_lists.get(card.accept_from)
            if shared is None:
                known = ", ".join(sorted(accept_lists)) or "none are defined"
                line = accept_from_lines.get(card.id, card.line)
                message = f"card {card.id}: no accept list named {card.accept_from!r} (accept lists: {known})"
                errors.append(ContentError(card.path, line, message))
                continue
            seen = {fold_text(card.answer)}
            accept = []
            for option in (*card.accept, *shared):
                if fold_text(option) not in seen:
                    seen.add(fold_text(option))
                    accept.append(option)
            cards.append(replace(card, accept=tuple(accept)))
        resolved.append(replace(deck, cards=tuple(cards)))
    return resolved


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
        return ParsedFile(path, None, errors=[_not_utf8(path, raw, exc)])
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
    parsed.pools, pool_errors = _parse_named_lists(path, data, "pools", "pool", "concept-explanations")
    parsed.errors.extend(pool_errors)
    parsed.accept_lists, list_errors = _parse_named_lists(path, data, "accept_lists", "accept list", "forward-pass")
    parsed.errors.extend(list_errors)
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
        if card.accept_from is not None:
            parsed.accept_from_lines[card.id] = entry.line_of("accept_from")
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


def _parse_named_lists(
    path: Path, data: LineDict, key: str, what: str, example: str
) -> tuple[dict[str, tuple[tuple[str, ...], int]], list[ContentError]]:
    """A deck's pools (or accept lists) by name, with each one's line; a bad one is reported and skipped."""
    found: dict[str, tuple[tuple[str, ...], int]] = {}
    errors: list[ContentError] = []
    if key not in data:
        return found, errors
    raw = data[key]
    if not isinstance(raw, LineDict):
        errors.append(ContentError(path, data.line_of(key), f"`{key}:` must map {what} names to lists of text"))
        return found, errors
    for name, options in raw.items():
        line = raw.line_of(name)
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            errors.append(ContentError(path, line, f"{what} name {name!r} must look like {example}"))
            continue
        if not isinstance(options, list) or not options:
            errors.append(ContentError(path, line, f"{what} {name!r} must be a non-empty list of text"))
            continue
        bad = next((i for i, option in enumerate(options) if not _is_text(option)), None)
        if bad is not None:
            item_line = options.line_of(bad) if isinstance(options, LineList) else line
            errors.append(ContentError(path, item_line, f"{what} {name!r}: entry {bad + 1} must be non-empty text"))
            continue
        found[name] = (tuple(option.strip() for option in options), line)
    return found, errors


def _is_text(option: Any) -> bool:
    # Numbers and true/false must be quoted (quizzes/README.md): YAML would change "0.10" or "no".
    return isinstance(option, str) and bool(option.strip())


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> ContentError:
    """Where the first byte that is not UTF-8 sits: its line and column, so it can be found and fixed."""
    line = raw.count(b"\n", 0, exc.start) + 1
    column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = raw[exc.start : exc.start + 1].hex()
    return ContentError(
        path,
        line,
        f"not UTF-8 text: byte 0x{byte} at column {column} ({exc.reason}); save the file as UTF-8",
    )


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
