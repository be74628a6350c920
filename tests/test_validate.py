"""`study validate`: decks and the course file, each problem as file:line: message, exit 0 or 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_study.cards.decks import load_decks
from backprop_study.cli import main
from backprop_study.store.paths import shipped_quizzes_dir
from backprop_study.validation import validate_paths

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


def shipped_counts() -> tuple[int, int]:
    shipped = load_decks(shipped_quizzes_dir(), cache=False)
    return len(shipped.decks), len(shipped.cards())


def test_the_default_checks_the_shipped_and_the_workspace_decks_and_that_course_concepts_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace's own deck adds to the shipped ones, as in the app; its card code-d-output replaces the
    shipped card of that id, which is a note, not a problem."""
    root = make_workspace(tmp_path / "ws")
    assert main(["--workspace", str(root), "validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    course = root / "exercises" / "course.yaml"
    assert out[0] == f"{course}:7: 01_sigmoid: concept 'no-such-card' is not the id of any card in the decks"
    assert out[1].startswith(f"note: {root / 'quizzes' / 'd.yaml'}:4: card 'code-d-output' replaces the one at ")
    decks, cards = shipped_counts()
    assert out[-1] == f"1 problem found ({decks + 1} decks, {cards + 1} cards, 1 exercises loaded)."


def test_a_workspace_folder_as_path_checks_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_workspace(tmp_path / "ws", course=COURSE.replace("      - no-such-card\n", ""))
    assert main(["validate", str(root)]) == 0
    decks, cards = shipped_counts()
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"OK: {decks + 1} decks, {cards + 1} cards, 1 exercises checked, no problems (1 note)."
    )


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


def test_the_shipped_decks_are_clean_and_name_every_catalogued_mistake(
    workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    """`study validate` ends OK: every card's `mistakes:` names catalogued mistakes, and every catalogued
    mistake (backprop_study/checks/mistakes.py) brings some card forward."""
    from backprop_study.checks.mistakes import catalogue
    from backprop_study.validation import validate_paths

    report = validate_paths(shipped_quizzes_dir(), None, every_mistake_has_a_card=True)
    assert [str(problem) for problem in report.problems] == []
    shipped = load_decks(shipped_quizzes_dir(), cache=False)
    assert [mistake for mistake in catalogue() if not shipped.cards_for_mistake(mistake)] == []
    assert main(["--workspace", str(workspace.root), "validate"]) == 0
    out = capsys.readouterr().out
    assert "have no card" not in out and out.splitlines()[-1].startswith("OK: ")


def test_a_mistake_pattern_that_names_nothing_is_reported_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = tmp_path / "d.yaml"
    deck.write_text(
        DECK.replace(
            "    kind: basic\n    front: a\n",
            '    kind: basic\n    mistakes:\n      - "LESSON:d_output:flipped_sign"\n      - "LESSON:d_ouptut:*"\n'
            "    front: a\n",
        ),
        encoding="utf-8",
    )
    assert main(["validate", str(deck)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{deck}:8: card code-d-output: 'LESSON:d_ouptut:*' names no catalogued mistake")
    assert lines[-1] == "1 problem found (1 deck, 2 cards loaded)."


def test_mistakes_on_a_card_with_several_review_items_is_a_problem(tmp_path: Path) -> None:
    """A mistake brings a card's first review item forward: a two-sided card would bring only half of it."""
    (tmp_path / "deck.yaml").write_text(
        "deck: d\ntitle: D\ncards:\n"
        "  - id: both-ways\n    kind: reversed\n    front: f\n    back: b\n"
        '    mistakes: ["LESSON:d_output:flipped_sign"]\n',
        encoding="utf-8",
    )
    report = validate_paths(tmp_path, None)
    assert any("one review item" in problem.message and problem.line == 8 for problem in report.problems), [
        str(p) for p in report.problems
    ]
