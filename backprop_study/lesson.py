"""The lesson itself (`quizzes/lesson.md`), read into plain parts for the Learn screen.

The lesson is kept word for word as its author wrote it; this module only
splits it into its sections: the title and the video it follows, objectives,
the two tables, the code, the one-line summary, the revision prompts and the
credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEPARATOR = "⸻"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Lesson:
    title: str = ""
    video_title: str = ""  # the lecture the lesson's notes follow
    video_url: str = ""
    objectives: list[str] = field(default_factory=list)
    concepts: Table = field(default_factory=lambda: Table((), ()))
    code: str = ""
    steps: Table = field(default_factory=lambda: Table((), ()))
    summary: str = ""
    revision_prompts: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Drop emoji and Markdown emphasis: the terminal shows the words, evenly spaced."""
    text = text.replace("💙", "love")
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)\*(\S.*?\S)\*(?!\w)", r"\1", text)
    text = "".join(ch for ch in text if ord(ch) < 0x2600 or ch in "→—")
    text = text.replace("\ufe0f", "")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def slug(text: str) -> str:
    """The id form of a concept name: 'Vanishing Gradient' -> 'vanishing-gradient'."""
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-")


def _table(lines: list[str]) -> Table:
    rows = [[plain(cell) for cell in line.strip().strip("|").split("|")] for line in lines]
    body = [tuple(row) for row in rows[1:] if not all(set(cell) <= set("-: ") for cell in row)]
    return Table(headers=tuple(rows[0]), rows=tuple(body))


def _sections(text: str) -> list[list[str]]:
    sections: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() == SEPARATOR:
            sections.append([])
        else:
            sections[-1].append(line)
    return [lines for lines in sections if any(line.strip() for line in lines)]


def parse_lesson(text: str) -> Lesson:
    lesson = Lesson()
    for lines in _sections(text):
        start = next(index for index, line in enumerate(lines) if line.strip())
        heading = plain(lines[start].lstrip("#"))
        body = "\n".join(lines)
        table_lines = [line for line in lines if line.strip().startswith("|")]
        bullets = [line for line in lines if re.match(r"^\s*-\s", line)]
        lowered = heading.lower()
        if "backpropagation" in lowered and not lesson.title and "neural network" in lowered:
            lesson.title = heading
            for line in lines[start + 1 :]:
                if "video title" in line.lower():
                    lesson.video_title = plain(line.split(":", 1)[-1].replace("*", ""))
                link = re.search(r"\[[^\]]*\]\((https?://[^)\s]+)\)", line)
                if link:
                    lesson.video_url = link.group(1)
        elif lowered.startswith("what you will learn"):
            lesson.objectives = [
                ("    " if line.startswith("  ") else "") + plain(line.strip()[2:]) for line in bullets
            ]
        elif lowered.startswith("beginner-friendly") and table_lines:
            lesson.concepts = _table(table_lines)
        elif lowered.startswith("code concepts"):
            match = re.search(r"```python\n(.*?)```", body, re.S)
            lesson.code = match.group(1).rstrip() + "\n" if match else ""
        elif lowered.startswith("summary table") and table_lines:
            lesson.steps = _table(table_lines)
        elif lowered.startswith("one-line summary"):
            quoted = [line for line in lines[start + 1 :] if line.strip()]
            lesson.summary = plain(" ".join(quoted)).strip('"“”')
        elif lowered.startswith("flash revision prompts"):
            lesson.revision_prompts = [plain(re.sub(r"^[-\s]*\d+\.\s*", "", line)) for line in bullets]
        elif lowered.startswith("citation"):
            lesson.credits = [plain(line.strip()[2:]) for line in bullets]
        elif lowered.startswith("made with"):
            # The sign-off's two lines stay two lines.
            lesson.credits.extend(plain(line) for line in lines if line.strip())
    return lesson


def load_lesson(path: Path) -> Lesson:
    return parse_lesson(Path(path).read_text(encoding="utf-8"))
