"""`study validate`: decks and the course file, each problem as file:line: message, exit 0 or 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_study.cli import main

DECK = """\
deck: d
title: D
cards:
  - id: code-d-output
    kind: basic
    front: a
    back: b
  - id: chain
    kind: reversed
    front: Chain Rule
    back: Links derivatives across layers
"""

COURSE = """\
exercises:
  - name: 01_sigmoid
    title: The sigmoid
    concepts:
      - code-d-output
      - chain:reverse
      - no-such-card
    hints: [one]
"""


def make_workspace(root: Path, deck: str = DECK, course: str = COURSE) -> Path:
    (root / "quizzes").mkdir(parents=True)
    (root / "exercises").mkdir()
    (root / "quizzes" / "d.yaml").write_text(deck, encoding="utf-8")
    (root / "exercises" / "course.yaml").write_text(course, encoding="utf-8")
    return root


def test_a_clean_deck_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(DECK, encoding="utf-8")
    assert main(["validate", str(deck)]) == 0
    assert capsys.readouterr().out.strip() == "OK: 1 deck, 2 cards checked, no problems."


def test_each_problem_is_printed_as_file_line_message_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "a.yaml").write_text(DECK, encoding="utf-8")
    (folder / "b.yaml").write_text(
        "deck: b\ntitle: B\ncards:\n  - id: chain\n    kind: basic\n    front: x\n    back: y\n"
        "  - id: typo\n    kind: basic\n    fornt: x\n    back: y\n",
        encoding="utf-8",
    )
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{folder / 'b.yaml'}:4: card id 'chain' is already used at {folder / 'a.yaml'}:8; " + (
        "every card needs its own id (its review history follows the id)"
    )
    assert lines[1].startswith(f"{folder / 'b.yaml'}:10: card typo: unknown field 'fornt' for a basic card")
    assert lines[-1] == "2 problems found (2 decks, 2 cards loaded)."


def test_the_default_checks_the_workspace_decks_and_that_course_concepts_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_workspace(tmp_path / "ws")
    assert main(["--workspace", str(root), "validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    course = root / "exercises" / "course.yaml"
    assert out[0] == f"{course}:7: 01_sigmoid: concept 'no-such-card' is not the id of any card in the decks"
    assert out[-1] == "1 problem found (1 deck, 2 cards, 1 exercises loaded)."


def test_a_workspace_folder_as_path_checks_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace(tmp_path / "ws", course=COURSE.replace("      - no-such-card\n", ""))
    assert main(["validate", str(root)]) == 0
    assert "1 deck, 2 cards, 1 exercises checked" in capsys.readouterr().out


def test_a_broken_course_file_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "course.yaml"
    course.write_text("exercises:\n  - name: 1_bad\n    title: t\n    hints: [h]\n", encoding="utf-8")
    assert main(["validate", str(course)]) == 1
    out = capsys.readouterr().out
    assert f"{course}:2: `name` must look like 04_d_output" in out


def test_an_empty_folder_is_a_problem_and_a_missing_path_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "no decks found" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_shipped_workspace_validates(workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh `study init` workspace: the shipped decks and the course agree (concepts name real cards)."""
    code = main(["--workspace", str(workspace.root), "validate"])
    out = capsys.readouterr().out
    assert code == 0, out
