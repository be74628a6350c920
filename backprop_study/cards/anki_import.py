"""Anki cards into a deck of ours: read an `.apkg` package or a text (TSV/CSV) export, convert what our
card kinds can hold, and say what could not be converted and why.

What converts:
- cloze notes (Anki's Cloze note type, or any text with `{{c1::...}}`): a `cloze` card, each span its
  own gap (Anki hides spans with the same number together; each becomes its own gap here, and a
  span's hint is dropped: both are listed). The second field ("Back Extra") becomes `explain`.
- every other note: its first field is the front and its second the back; `Basic (and reversed card)`
  (and the optional reversed type, when its "Add Reverse" field is filled) becomes `reversed`,
  `Basic (type in the answer)` becomes `typed`, anything else `basic`. Further non-empty fields are
  kept in `explain` under their names.
Not converted: notes with images or sounds (a terminal cannot show them), an empty front or back,
nested clozes.

Our decks hold plain text, so HTML becomes text: `<br>` and block ends are line breaks, list items
start with "- ", entities are decoded, other tags are dropped. Card ids come from the note's Anki
GUID (or, in a TSV without one, from its first field), so importing a newer export of the same
notes gives the same ids and keeps the learner's history.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
MEDIA = re.compile(r"<img\b|\[sound:|<audio\b|<video\b", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TSV_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}


class ImportProblem(Exception):
    """A file that cannot be read as Anki cards, with a message for the teacher."""


@dataclass(frozen=True)
class SourceNote:
    """One Anki note as read from the file, before conversion."""

    where: str  # "note 12" or "line 7": how the report points at it
    key: str  # what the card id is made from: the GUID, or the first field
    note_type: str  # the note type's name, or "" when the file does not say
    field_names: tuple[str, ...]
    fields: tuple[str, ...]  # HTML (or plain text from a TSV without HTML)
    tags: tuple[str, ...]
    cloze: bool  # the note type is a cloze type
    html: bool = True


@dataclass
class Conversion:
    cards: list[dict[str, Any]] = field(default_factory=list)  # deck entries, ready to write
    skipped: list[str] = field(default_factory=list)  # "note 3 (front ...): why", not converted
    notes: list[str] = field(default_factory=list)  # converted, with something changed on the way
    deck_names: list[str] = field(default_factory=list)  # the Anki decks the notes came from

    def kinds(self) -> Counter[str]:
        return Counter(card["kind"] for card in self.cards)


# -- reading -----------------------------------------------------------------------------------


def read_notes(path: Path) -> tuple[list[SourceNote], list[str]]:
    """The notes in an `.apkg`/`.colpkg` or a text export, and the names of the Anki decks they are in."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(f"{path} does not exist or is not a file.")
    if zipfile.is_zipfile(path):
        return read_apkg(path)
    if path.suffix.lower() in (".apkg", ".colpkg"):
        raise ImportProblem(f"{path} is not an Anki package (it is not a zip file); is it complete?")
    return read_text_export(path), []


def read_apkg(path: Path) -> tuple[list[SourceNote], list[str]]:
    with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory(prefix="study-import-") as tmp:
        names = set(package.namelist())
        database = Path(tmp) / "collection.db"
        # Newest first: a modern export also holds a stub `collection.anki2` that only says "update Anki".
        if "collection.anki21b" in names:
            _unzstd(package.read("collection.anki21b"), database)
        elif "collection.anki21" in names:
            database.write_bytes(package.read("collection.anki21"))
        elif "collection.anki2" in names:
            database.write_bytes(package.read("collection.anki2"))
        else:
            raise ImportProblem(f"{path} holds no Anki collection (no collection.anki2, .anki21 or .anki21b).")
        try:
            return _read_collection(database)
        except sqlite3.DatabaseError as exc:
            raise ImportProblem(f"{path}: its collection cannot be read ({exc}).") from None


def _unzstd(data: bytes, dest: Path) -> None:
    try:
        import zstandard
    except ImportError:  # a declared dependency; only a broken install lacks it
        raise ImportProblem(
            "this package is in Anki's newer compressed format, which needs the zstandard module: "
            "pip install zstandard (or export from Anki with 'Support older Anki versions' ticked)."
        ) from None
    with dest.open("wb") as out:
        zstandard.ZstdDecompressor().copy_stream(io.BytesIO(data), out)


def _read_collection(database: Path) -> tuple[list[SourceNote], list[str]]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        note_types = _note_types_v18(connection) if "notetypes" in tables else _note_types_legacy(connection)
        deck_names = _deck_names(connection, tables)
        notes = []
        for guid, type_id, tags, fields in connection.execute("SELECT guid, mid, tags, flds FROM notes ORDER BY id"):
            name, field_names, cloze = note_types.get(type_id, ("", (), False))
            values = tuple(fields.split("\x1f"))
            notes.append(
                SourceNote(
                    where=f"note {len(notes) + 1}",
                    key=guid,
                    note_type=name,
                    field_names=field_names or tuple(f"Field {n}" for n in range(1, len(values) + 1)),
                    fields=values,
                    tags=tuple(tags.split()),
                    cloze=cloze,
                )
            )
        return notes, deck_names
    finally:
        connection.close()


def _note_types_v18(connection: sqlite3.Connection) -> dict[int, tuple[str, tuple[str, ...], bool]]:
    """Anki 2.1.28+ keeps note types in tables; a cloze type's template has `{{cloze:`."""
    fields: dict[int, list[str]] = {}
    for type_id, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(type_id, []).append(name)
    cloze_types = {
        type_id for type_id, config in connection.execute("SELECT ntid, config FROM templates") if b"{{cloze:" in config
    }
    return {
        type_id: (name, tuple(fields.get(type_id, ())), type_id in cloze_types)
        for type_id, name in connection.execute("SELECT id, name FROM notetypes")
    }


def _note_types_legacy(connection: sqlite3.Connection) -> dict[int, tuple[str, tuple[str, ...], bool]]:
    """Older collections keep note types as JSON in `col.models`; type 1 is cloze."""
    row = connection.execute("SELECT models FROM col").fetchone()
    models = json.loads(row[0]) if row and row[0] else {}
    found = {}
    for model_id, model in models.items():
        names = tuple(f["name"] for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0)))
        found[int(model_id)] = (model.get("name", ""), names, model.get("type") == 1)
    return found


def _deck_names(connection: sqlite3.Connection, tables: set[str]) -> list[str]:
    """The decks that hold the notes' cards (Anki's "Default" left out when others are there)."""
    if "decks" in tables:
        by_id = dict(connection.execute("SELECT id, name FROM decks"))
    else:
        row = connection.execute("SELECT decks FROM col").fetchone()
        by_id = {int(k): v.get("name", "") for k, v in json.loads(row[0] or "{}").items()} if row else {}
    used = [by_id.get(deck_id, "") for (deck_id,) in connection.execute("SELECT DISTINCT did FROM cards")]
    # Anki writes "::" between nested deck names; newer versions use \x1f in the table.
    names = sorted({name.replace("\x1f", "::") for name in used if name})
    return [n for n in names if n != "Default"] or names


def read_text_export(path: Path) -> list[SourceNote]:
    """Anki's text format: optional `#key:value` header lines, then one note per row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(f"{path} is not UTF-8 text; save it as UTF-8 (Anki's text exports are).") from None
    header: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    first_row = 0
    for first_row, line in enumerate(lines):  # noqa: B007 - first_row is used after the loop
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        header[key.strip().lower()] = value.strip()
    else:
        first_row = len(lines)
    separator = header.get("separator", "tab")
    delimiter = TSV_SEPARATORS.get(separator.lower(), separator[:1] or "\t")
    is_html = header.get("html", "false").lower() == "true"
    special = {}
    for name in ("guid", "notetype", "deck", "tags"):
        value = header.get(f"{name} column")
        if value:
            try:
                special[name] = int(value) - 1
            except ValueError:
                raise ImportProblem(
                    f"{path}: the header `#{name} column:{value}` should give a column number."
                ) from None
    labels = header.get("columns", "").split(delimiter) if header.get("columns") else []
    notes = []
    reader = csv.reader(io.StringIO("".join(lines[first_row:])), delimiter=delimiter)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = first_row + reader.line_num
        cells = {index: cell for index, cell in enumerate(row)}
        values = tuple(cells[i] for i in sorted(cells) if i not in special.values())
        names = [label for i, label in enumerate(labels) if i not in special.values()]
        note_type = cells.get(special.get("notetype", -1), "")
        key = cells.get(special.get("guid", -1), "") or (values[0] if values else "")
        notes.append(
            SourceNote(
                where=f"line {line}",
                key=key,
                note_type=note_type,
                field_names=tuple(names[i] if i < len(names) else f"Field {i + 1}" for i in range(len(values))),
                fields=values,
                tags=tuple(cells.get(special.get("tags", -1), "").split()),
                cloze=note_type.lower().startswith("cloze") or any(ANKI_CLOZE.search(v) for v in values[:1]),
                html=is_html,
            )
        )
    return notes


# -- converting --------------------------------------------------------------------------------


def html_to_text(value: str) -> str:
    """Field HTML as the plain text our decks hold."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", value)
    text = re.sub(r"(?i)</(div|p|li|tr|h[1-6]|pre|blockquote)\s*>", "\n", text)
    text = re.sub(r"(?i)<li\b[^>]*>", "- ", text)
    text = re.sub(r"<[^>]*>", "", text)
    return plain(html.unescape(text))


def plain(text: str) -> str:
    """Tidy text: no control characters (they would reach the terminal), no trailing spaces, at most one
    blank line in a row."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\xa0", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def card_id(deck_id: str, key: str) -> str:
    """A stable id: the deck's id and a short hash of the note's GUID (or first field)."""
    return f"{deck_id}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def convert(notes: list[SourceNote], deck_id: str) -> Conversion:
    """Our deck entries for `notes`, with what was not converted and what was changed on the way."""
    result = Conversion()
    seen: dict[str, str] = {}
    for note in notes:
        text = [html_to_text(v) if note.html else plain(v) for v in note.fields]
        front = _short(text[0]) if text and text[0].strip() else ""
        label = f"{note.where} ({front})" if front else note.where
        if any(MEDIA.search(v) for v in note.fields):
            result.skipped.append(f"{label}: it has an image or a sound, which a terminal cannot show")
            continue
        entry_id = card_id(deck_id, note.key)
        if entry_id in seen:
            result.skipped.append(f"{label}: the same note as {seen[entry_id]}")
            continue
        entry, why = _cloze_entry(note, text, label, result) if note.cloze else _plain_entry(note, text)
        if entry is None:
            result.skipped.append(f"{label}: {why}")
            continue
        seen[entry_id] = note.where
        tags = [tag for tag in note.tags if tag.strip()]
        kind = entry.pop("kind")
        result.cards.append({"id": entry_id, "kind": kind, **({"tags": tags} if tags else {}), **entry})
    return result


def _short(text: str, width: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"


def _plain_entry(note: SourceNote, text: list[str]) -> tuple[dict[str, Any] | None, str]:
    if len(text) < 2 or not text[0].strip() or not text[1].strip():
        return None, "it needs a front and a back, and one of them is empty"
    front, back, rest = text[0], text[1], list(zip(note.field_names[2:], text[2:], strict=False))
    type_name = note.note_type.lower()
    kind = "basic"
    if "type in the answer" in type_name:
        kind = "typed"
    elif "reverse" in type_name:
        optional = "optional" in type_name
        # Anki's optional reversed type makes the reverse card only when its third field is filled.
        if not optional or (rest and rest[0][1].strip()):
            kind = "reversed"
        if optional and rest:
            rest = rest[1:]  # the "Add Reverse" switch is not content
    entry: dict[str, Any] = {"kind": kind}
    if kind == "typed":
        entry.update(question=front, answer=back)
    else:
        entry.update(front=front, back=back)
    extra = "\n\n".join(f"{name}: {value}" for name, value in rest if value.strip())
    if extra:
        entry["explain"] = extra
    return entry, ""


def _cloze_entry(
    note: SourceNote, text: list[str], label: str, result: Conversion
) -> tuple[dict[str, Any] | None, str]:
    body = text[0] if text else ""
    spans = ANKI_CLOZE.findall(body)
    if not spans:
        return None, "a cloze note with no {{c1::...}} span"
    if any("{{c" in answer for _, answer, _ in spans) or "{{" in ANKI_CLOZE.sub("", body):
        return None, "nested clozes, or a {{ that is not a cloze span, which our cloze cards cannot hold"
    if any(not answer.strip() for _, answer, _ in spans):
        return None, "a cloze span is empty"
    numbers = Counter(number for number, _, _ in spans)
    changes = []
    if any(count > 1 for count in numbers.values()):
        together = ", ".join(f"c{n}" for n, count in sorted(numbers.items(), key=lambda kv: int(kv[0])) if count > 1)
        changes.append(f"{together} hid several spans at once in Anki; each is its own gap here")
    if any(hint for _, _, hint in spans):
        changes.append("cloze hints (::hint) were dropped")
    if changes:
        result.notes.append(f"{label}: " + "; ".join(changes))
    entry: dict[str, Any] = {"kind": "cloze", "text": ANKI_CLOZE.sub(lambda m: "{{" + m.group(2) + "}}", body)}
    extra = "\n\n".join(value for value in text[1:] if value.strip())
    if extra:
        entry["explain"] = extra
    return entry, ""


# -- writing -----------------------------------------------------------------------------------


class _DeckDumper:
    """YAML that reads as a hand-written deck: block scalars (|) for text with line breaks."""

    @staticmethod
    def dump(value: Any) -> str:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        def text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
            style = "|" if "\n" in data else None
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

        Dumper.add_representer(str, text)
        return yaml.dump(value, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def deck_text(
    deck_id: str, title: str, source: str, cards: list[dict[str, Any]], comment: str
) -> tuple[str, list[int]]:
    """The deck file's text and the line each card starts on (to point a problem at its card)."""
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    head += _DeckDumper.dump({"deck": deck_id, "title": title, "source": source}) + "cards:\n"
    lines = head.count("\n") + 1
    starts = []
    body = []
    for card in cards:
        starts.append(lines)
        piece = _DeckDumper.dump([card])
        piece = "".join(f"  {line}" if line.strip() else line for line in piece.splitlines(keepends=True))
        body.append(piece)
        lines += piece.count("\n")
    return head + "".join(body), starts
