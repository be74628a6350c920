"""The decks' parse cache: each deck file's checked cards, kept in the user's cache folder.

Keyed by the file's bytes and by the code of the loader (card, decks, numeric, yamlfile and this
module), so an unchanged deck is not parsed again and a cache never outlives the rules it was
checked by. A missing, stale or damaged entry is simply parsed again; a read-only cache folder only
costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from backprop_study.cards.card import Card
from backprop_study.store.atomic import atomic_write_bytes
from backprop_study.store.yamlfile import ContentError


@dataclass
class ParsedFile:
    """One deck file checked on its own (before the checks across decks); what the cache keeps."""

    path: Path
    header: dict[str, Any] | None  # None when the deck is left out whole
    deck_line: int = 0
    pools: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)
    accept_lists: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)
    cards: list[Card] = field(default_factory=list)
    id_lines: dict[str, int] = field(default_factory=dict)
    wrong_from_lines: dict[str, int] = field(default_factory=dict)
    accept_from_lines: dict[str, int] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


_CACHE_FORMAT = 4


@lru_cache(maxsize=1)
def _loader_fingerprint() -> bytes:
    """Changes whenever the code that checks decks changes, so a cache never outlives its rules."""
    digest = hashlib.blake2b(str(_CACHE_FORMAT).encode(), digest_size=16)
    here = Path(__file__).resolve().parent
    for source in (
        "card.py",
        "decks.py",
        "numeric.py",
        "deck_cache.py",
        "../store/yamlfile.py",
        "../store/safe_text.py",
    ):
        with contextlib.suppress(OSError):
            digest.update((here / source).read_bytes())
    return digest.digest()


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("backprop-study", appauthor=False) / "decks"


def _to_cache(parsed: ParsedFile, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "path": str(parsed.path),
        "header": parsed.header,
        "deck_line": parsed.deck_line,
        "pools": {name: [list(options), line] for name, (options, line) in parsed.pools.items()},
        "accept_lists": {name: [list(options), line] for name, (options, line) in parsed.accept_lists.items()},
        # Rows of field values (not dicts): about half the size and twice as fast to read back.
        "fields": _CARD_FIELDS,
        "cards": [[getattr(card, name) for name in _CARD_FIELDS] for card in parsed.cards],
        "id_lines": parsed.id_lines,
        "wrong_from_lines": parsed.wrong_from_lines,
        "accept_from_lines": parsed.accept_from_lines,
        "errors": [[e.line, e.message] for e in parsed.errors],
    }


_CARD_FIELDS = [f.name for f in fields(Card) if f.name != "path"]
_TUPLE_FIELDS = frozenset({"tags", "accept", "wrong", "items", "cloze_answers", "mistakes"})


def _card_from_row(row: list[Any], path: Path) -> Card:
    # Frozen dataclasses set each field through object.__setattr__; filling __dict__ at once is several
    # times faster, and the values were checked when the cache was written.
    card = object.__new__(Card)
    values = card.__dict__
    values.update(zip(_CARD_FIELDS, row, strict=True))
    for name in _TUPLE_FIELDS:
        values[name] = tuple(values[name]) if values[name] else ()
    values["path"] = path
    return card


def _read_cache(cache_file: Path, key: str, path: Path) -> ParsedFile | None:
    try:
        data = json.loads(cache_file.read_bytes())
        if data.get("key") != key or data.get("path") != str(path):
            return None
        if data.get("fields") != _CARD_FIELDS:
            return None
        cards = [_card_from_row(row, path) for row in data["cards"]]
        return ParsedFile(
            path=path,
            header=data["header"],
            deck_line=data["deck_line"],
            pools={name: (tuple(options), line) for name, (options, line) in data["pools"].items()},
            accept_lists={name: (tuple(options), line) for name, (options, line) in data["accept_lists"].items()},
            cards=cards,
            id_lines=data["id_lines"],
            wrong_from_lines=data["wrong_from_lines"],
            accept_from_lines=data["accept_from_lines"],
            errors=[ContentError(path, line, message) for line, message in data["errors"]],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, stale or damaged: parse the file again


def read(path: Path, raw: bytes) -> ParsedFile | None:
    """The cached check of a deck file with these bytes, or None."""
    return _read_cache(_cache_file(path), _key(raw), path)


def write(parsed: ParsedFile, raw: bytes) -> None:
    with contextlib.suppress(OSError):  # a read-only or full cache folder only costs speed
        atomic_write_bytes(_cache_file(parsed.path), json.dumps(_to_cache(parsed, _key(raw))).encode("utf-8"))


def _key(raw: bytes) -> str:
    return hashlib.blake2b(_loader_fingerprint() + raw, digest_size=16).hexdigest()


def _cache_file(path: Path) -> Path:
    return _cache_dir() / (hashlib.blake2b(str(path.resolve()).encode(), digest_size=12).hexdigest() + ".json")
