"""Turning what went wrong in the learner's code into a few readable lines.

Used inside the grading child (where the exception objects are) and by the
parent (for what is left after a child stopped: a faulthandler dump, an exit
status). Plain functions, no pytest or NumPy imports.

The rule: show the learner their own lines (the exercise files) and the
exception, never a wall of pytest or NumPy internals.
"""

from __future__ import annotations

import linecache
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

from backprop_study.store.safe_text import clip

# A traceback deeper than twice this (a runaway recursion) shows its first and last calls.
SHOWN_FRAMES = 8


@dataclass(frozen=True)
class Frame:
    path: str
    line: int
    function: str


class InputNotAllowed(RuntimeError):
    """Raised by `input()` while grading: nobody is there to type."""


def display_path(path: str | Path, root: Path) -> str:
    """`exercises/01_sigmoid.py` rather than an absolute path, when it is inside the workspace."""
    try:
        return str(Path(path).resolve().relative_to(root))
    except (ValueError, OSError):
        return str(path)


SOURCE_WIDTH = 160  # characters of a learner's line quoted in a message


def source_line(path: str, line: int) -> str:
    """The learner's line, stripped, and cut at SOURCE_WIDTH characters (a line can be megabytes long)."""
    linecache.checkcache(path)
    return clip(linecache.getline(path, line).strip(), SOURCE_WIDTH)


def where(frame: Frame, root: Path) -> str:
    """`exercises/01_sigmoid.py, line 12, in sigmoid: `while True:``"""
    if not frame.path:  # a marker standing for frames left out
        return frame.function
    text = f"{display_path(frame.path, root)}, line {frame.line}"
    if frame.function and frame.function != "<module>":
        text += f", in {frame.function}()"
    code = source_line(frame.path, frame.line)
    return f"{text}: `{code}`" if code else text


def _same_file(path: str, files: frozenset[str]) -> bool:
    return path in files or str(Path(path).resolve()) in files


def traceback_frames(tb: TracebackType | None) -> list[Frame]:
    """Oldest call first, as Python prints them."""
    return [Frame(summary.filename, summary.lineno or 0, summary.name) for summary in traceback.extract_tb(tb)]


def learner_frames(frames: Iterable[Frame], learner_files: frozenset[str]) -> list[Frame]:
    return [frame for frame in frames if _same_file(frame.path, learner_files)]


def format_syntax_error(exc: SyntaxError, root: Path) -> str:
    """File, line, the line itself with a caret under the spot, and Python's explanation.

    Of a long line only the stretch around the spot is shown (SYNTAX_CONTEXT characters each side),
    so a 2 MB line with a syntax error gives a message of a few lines, caret in place."""
    kind = type(exc).__name__
    exc = around_the_spot(exc)
    lines = traceback.format_exception_only(type(exc), exc)
    body = "".join(lines).rstrip("\n")
    if exc.filename:
        body = body.replace(f'File "{exc.filename}"', f"File {display_path(exc.filename, root)}", 1)
    return f"Python cannot read your file ({kind}):\n{_indent(body)}"


SYNTAX_CONTEXT = 60


def around_the_spot(exc: SyntaxError) -> SyntaxError:
    """A copy of `exc` whose line is cut to the stretch around its offset (the same error if short)."""
    text = exc.text
    if text is None or len(text) <= 2 * SYNTAX_CONTEXT + 20:
        return exc
    offset = max(1, min(exc.offset or 1, len(text)))  # 1-based, like Python's
    start = max(0, offset - 1 - SYNTAX_CONTEXT)
    stop = min(len(text.rstrip("\n")), offset - 1 + SYNTAX_CONTEXT)
    head = "…" if start > 0 else ""
    tail = "…" if stop < len(text.rstrip("\n")) else ""
    window = f"{head}{text[start:stop]}{tail}\n"
    new_offset = offset - start + len(head)
    end_offset = exc.end_offset if exc.end_offset and exc.end_lineno == exc.lineno else None
    if end_offset is not None:
        end_offset = max(new_offset, min(end_offset - start + len(head), len(window) - len(tail)))
    copy = type(exc)(exc.msg, (exc.filename, exc.lineno, new_offset, window, exc.end_lineno, end_offset))
    return copy


def format_exception(exc: BaseException, learner_files: frozenset[str], root: Path) -> str:
    """A short traceback of the learner's own lines, then the exception.

    When none of the learner's lines is involved (the grader tripped over a
    value the learner returned), the grader's last line is shown instead, so
    the learner still sees what was being done.
    """
    frames = traceback_frames(exc.__traceback__)
    own = learner_frames(frames, learner_files)
    exception_line = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    if len(own) > 2 * SHOWN_FRAMES:  # a runaway recursion: its first calls and its last
        cut = len(own) - 2 * SHOWN_FRAMES
        own = [*own[:SHOWN_FRAMES], Frame("", 0, f"... {cut:,} more calls ..."), *own[-SHOWN_FRAMES:]]
    if own:
        shown = "\n".join(f"  {where(frame, root)}" for frame in own)
        return f"{exception_line}\nIn your code (most recent call last):\n{shown}"
    if frames:
        return f"{exception_line}\nwhile the grader ran {where(frames[-1], root)}"
    return exception_line


def first_learner_frame(frames: Iterable[Frame], learner_files: frozenset[str]) -> Frame | None:
    for frame in frames:
        if _same_file(frame.path, learner_files):
            return frame
    return None


def raising_learner_frame(exc: BaseException, learner_files: frozenset[str]) -> Frame | None:
    """The learner's line nearest to where `exc` was raised (the last of theirs in its traceback)."""
    own = learner_frames(traceback_frames(exc.__traceback__), learner_files)
    return own[-1] if own else None


def calling_learner_frame(frame: FrameType | None, learner_files: frozenset[str]) -> Frame | None:
    """The learner's line on the live stack at or above `frame` (who called os._exit, or made a NaN)."""
    while frame is not None:
        if frame.f_code.co_filename in learner_files:
            return Frame(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
        frame = frame.f_back
    return None


_DUMP_FRAME = re.compile(r'^\s+File "(?P<path>.*)", line (?P<line>\d+) in (?P<function>.*)$')


def parse_faulthandler_dump(text: str) -> list[Frame]:
    """The frames of the first thread faulthandler printed, most recent call first."""
    frames: list[Frame] = []
    started = False
    for raw in text.splitlines():
        match = _DUMP_FRAME.match(raw)
        if match:
            started = True
            frames.append(Frame(match["path"], int(match["line"]), match["function"].strip()))
        elif started and not raw.strip():
            break  # the next thread's block
        elif started and raw.startswith(("Thread ", "Current thread")):
            break
    return frames


def _indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def cap_text(text: str, limit: int) -> str:
    """At most `limit` characters, with a note saying how much was cut."""
    if len(text) <= limit:
        return text
    kept = text[:limit]
    cut = text[limit:]
    cut_lines = cut.count("\n")
    lines_note = f", {cut_lines:,} lines" if cut_lines else ""
    return f"{kept}\n[... output cut here: {len(cut):,} more characters{lines_note} not shown]"
