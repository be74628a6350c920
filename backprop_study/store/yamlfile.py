"""Safe YAML loading that remembers where each value came from, and the gate every deck and the
course file pass through.

Content errors must name the file and the line; PyYAML's own errors carry a
`problem_mark`, and this loader records the line of every mapping, key and
list item so that later checks (a missing field, a bad value) can too.

Content is text a teacher (or anyone who sends a deck) wrote, so the gate also refuses what would
hurt whoever studies it:

- aliases that expand without end: `*name` repeats an anchor's content without copying it, so a
  1 KB file of nested aliases (a "billion laughs") stands for 10^9 values, and whatever walks or
  prints it hangs. A document may expand through aliases to about twice its own size (plenty for
  `<<: *defaults` on every card); beyond that, or an alias inside its own anchor, is an error
  naming the line, found in one pass over the parsed nodes before anything is built;
- control characters in text (an escape sequence in a card would clear the learner's screen or
  retitle their window): named with their line.

`ContentError` makes any message safe too: control characters are shown as escapes, and a message
longer than `MESSAGE_LIMIT` keeps its start and its end, so a 10,000-character value quoted in it
cannot flood the terminal. Quote values with `safe_text.shown(value)` to cut each one on its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from backprop_study.store.safe_text import clip_middle, describe_control, find_control, visible

MESSAGE_LIMIT = 400  # characters of a ContentError's message
# Nodes a document may gain through aliases: its own count again, and at least this many.
ALIAS_ALLOWANCE = 10_000


class ContentError(Exception):
    """A problem in a content file (deck or course), located for a person to fix."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = clip_middle(visible(str(message)), MESSAGE_LIMIT)
        shown_path = visible(str(self.path))
        where = f"{shown_path}:{line}" if line else shown_path
        super().__init__(f"{where}: {self.message}")


class LineDict(dict):
    """A mapping from YAML, with `line` (its first line) and `key_lines`."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML, with `line` and `item_lines`."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser (when PyYAML was built with it) is several times faster and gives the same marks;
# the constructors below, which record the lines, are the same either way.
class _LineLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ContentError(loader.name, key_node.start_mark.line + 1, "a key must be plain text") from None
        if key in mapping:
            raise ContentError(
                loader.name,
                key_node.start_mark.line + 1,
                f"the key {key!r} appears twice in one mapping (first on line {mapping.key_lines[key]})",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    index = find_control(value)
    if index is not None:
        line = node.start_mark.line + 1
        if node.style == "|":  # a literal block keeps its lines, so the character's own line is known
            line += 1 + value.count("\n", 0, index)
        raise ContentError(
            loader.name,
            line,
            f"{describe_control(value[index])} in this text: control characters are not allowed in content "
            "(a terminal would obey them); remove it, or write what it stands for in words",
        )
    return value


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _CheckedLoader(_LineLoader):
    """Also checks every text for control characters (a deck of 10,000 cards pays ~15% for it)."""


_CheckedLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
# YAML refuses control characters written into a file as they are (the reader stops with its
# position), so one can only reach a value through a double-quoted escape: `\e`, `\x1b`, `\u009b`,
# `\a`... Only a file with such an escape needs every text checked.
_CONTROL_ESCAPE = re.compile(r"\\[0abvfreNxuU]")


def _check_expansion(node: yaml.Node, path: Path | str) -> None:
    """Refuse a document whose aliases expand past its allowance, or that contains itself.

    Each node's expanded size (itself and everything under it, an alias counted as often as it is
    used) is computed once, bottom-up, without recursion: one pass over the nodes, whatever they
    would expand to.
    """
    sizes: dict[int, int] = {}
    children: dict[int, list[yaml.Node]] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, finished = stack.pop()
        key = id(current)
        if finished:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children[key])
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise ContentError(
                path,
                current.start_mark.line + 1,
                "an alias here refers to the anchor it is inside, so its value would never end",
            )
        if isinstance(current, yaml.SequenceNode):
            kids = list(current.value)
        elif isinstance(current, yaml.MappingNode):
            kids = [part for pair in current.value for part in pair]
        else:
            sizes[key] = 1
            continue
        on_path.add(key)
        children[key] = kids
        stack.append((current, True))
        stack.extend((child, False) for child in reversed(kids) if id(child) not in sizes)
    literal = len(sizes)
    limit = 2 * literal + ALIAS_ALLOWANCE
    if sizes[id(node)] <= limit:
        return
    # The innermost collection that is too big by itself is where the aliases multiply.
    culprit = node
    while True:
        bigger = next((child for child in children.get(id(culprit), ()) if sizes[id(child)] > limit), None)
        if bigger is None:
            break
        culprit = bigger
    raise ContentError(
        path,
        culprit.start_mark.line + 1,
        f"the aliases (*name) here expand to {sizes[id(culprit)]:,} values, more than this file may hold "
        f"({limit:,}): an alias may repeat an anchor a few times, not multiply it",
    )


# An anchor (`&name`) starts a value: after a space, a line start or a flow bracket. "R&D" is not one.
_ANCHOR = re.compile(r"(?:^|[\s,\[{])&[^\s,\[\]{}]", re.MULTILINE)


def _line_at(text: str, position: int | None) -> int | None:
    return None if position is None else text.count("\n", 0, position) + 1


def load_yaml_text(text: str, path: Path | str) -> Any:
    """Parse YAML safely; any problem becomes a ContentError with its line."""
    loader = None
    try:
        loader = (_CheckedLoader if "\\" in text and _CONTROL_ESCAPE.search(text) else _LineLoader)(text)
        loader.name = str(path)
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text and _ANCHOR.search(text):  # no anchor, no alias: most files skip the pass over their nodes
            _check_expansion(node, path)
        return loader.construct_document(node)
    except ContentError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (exc.context, exc.problem) if part) or "it is not valid YAML"
        raise ContentError(path, line, f"not valid YAML: {what}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file at all
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1]
        what = describe_control(char) if char and find_control(char) is not None else f"the character {char!r}"
        raise ContentError(path, _line_at(text, exc.position), f"not valid YAML: {what} is not allowed") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, None, f"not valid YAML: {exc}") from None
    except UnicodeError as exc:  # a lone surrogate: text that was never valid Unicode
        bad = find_control(text)
        raise ContentError(path, _line_at(text, bad), f"not valid text: {exc.reason}") from None
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at 1,000 levels
        raise ContentError(path, None, "the file nests lists and mappings too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def decode_content(data: bytes, path: Path | str) -> str:
    """A content file's bytes as text; invalid UTF-8 is a ContentError naming its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            path, line, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start + 1:,}); save it as UTF-8"
        ) from None


def load_yaml_file(path: Path) -> Any:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    # Universal newlines, as `read_text` would give: a lone carriage return ends a line.
    text = decode_content(data, path).replace("\r\n", "\n").replace("\r", "\n")
    return load_yaml_text(text, path)
