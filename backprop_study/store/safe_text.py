"""Untrusted text made safe to show, in a terminal, a widget or a message.

Decks, the learner's files, what their code printed and the paths they chose can all hold control
characters, and a terminal obeys them: `ESC [2J` clears the screen, `ESC ] 0 ; ... BEL` retitles the
window, a carriage return overwrites the line before it. They can also be long enough to flood a
message (a 2 MB line, a 10,000-character deck id) or hold lone surrogates, which cannot be encoded
for the terminal at all. So:

- `visible(text)`: every control character (C0 except newline and tab, DEL, C1) and every lone
  surrogate is shown as an escape (`\\x1b`) instead of being obeyed; a Windows line end becomes `\\n`.
- `clip(text, limit)` / `clip_middle(text, limit)`: at most `limit` characters, the cut marked `…`.
- `shown(value)`: a value quoted in a message (`repr`, built without expanding a huge structure),
  made visible and clipped.
- `cap_lines(text, width)`: each line at most `width` characters, with a note of what was cut.
- `find_control(text)` / `describe_control(char)`: for checks that refuse such text outright
  (the YAML loader does, with the line).
"""

from __future__ import annotations

import re
import reprlib

# C0 controls except tab (\x09) and newline (\x0a), DEL, the C1 controls, and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\x9b": "control sequence introducer",
    "\x9d": "operating system command",
}
ELLIPSIS = "…"
SHOWN_LIMIT = 60  # characters of a value quoted in a message


def find_control(text: str) -> int | None:
    """The index of the first character `visible` would escape, or None."""
    match = _CONTROL.search(text)
    return match.start() if match else None


def describe_control(char: str) -> str:
    """`U+001B (escape)`: the character named for a person."""
    name = _NAMES.get(char)
    if name is None:
        code = ord(char)
        name = "lone surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
    return f"U+{ord(char):04X} ({name})"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with its control characters shown as escapes rather than obeyed by a terminal."""
    if not _CONTROL.search(text):  # the common case costs one scan
        return text
    return _CONTROL.sub(_escape, text.replace("\r\n", "\n"))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters; a cut one ends in an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def clip_middle(text: str, limit: int) -> str:
    """At most `limit` characters, keeping both ends (a message's subject and its explanation)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    tail = limit - 1 - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


_REPR = reprlib.Repr()
_REPR.maxstring = SHOWN_LIMIT
_REPR.maxother = SHOWN_LIMIT
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """`value` as a message quotes it: its repr, never longer than `limit`, with nothing a terminal obeys.

    reprlib builds the repr piece by piece, so even a structure that would take gigabytes to print
    in full costs a few microseconds here.
    """
    text = repr(value) if isinstance(value, str) and len(value) <= limit else _REPR.repr(value)
    return clip(visible(text), limit)


def cap_lines(text: str, width: int) -> str:
    """Each line at most `width` characters; a longer one is cut and says how much is missing."""
    if len(text) <= width or all(len(line) <= width for line in text.split("\n")):
        return text
    lines = []
    for line in text.split("\n"):
        if len(line) > width:
            line = f"{line[:width]}{ELLIPSIS} [{len(line) - width:,} more characters on this line]"
        lines.append(line)
    return "\n".join(lines)


def safe_block(text: str, *, width: int, limit: int) -> str:
    """Learner text for a terminal: visible, each line at most `width`, the whole at most about `limit`."""
    text = visible(text)
    if len(text) > limit:
        cut = len(text) - limit
        text = f"{text[:limit]}\n[... {cut:,} more characters not shown]"
    return cap_lines(text, width)
