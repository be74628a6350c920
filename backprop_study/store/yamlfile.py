"""Safe YAML loading that remembers where each value came from.

Content errors must name the file and the line; PyYAML's own errors carry a
`problem_mark`, and this loader records the line of every mapping, key and
list item so that later checks (a missing field, a bad value) can too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ContentError(Exception):
    """A problem in a content file (deck or course), located for a person to fix."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_text(text: str, path: Path | str) -> Any:
    """Parse YAML safely; any syntax problem becomes a ContentError with its line."""
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except ContentError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (exc.context, exc.problem) if part) or "it is not valid YAML"
        raise ContentError(path, line, f"not valid YAML: {what}") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, None, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, f"the file is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ContentError(path, None, f"cannot be read: {exc.strerror}") from None
    return load_yaml_text(text, path)
