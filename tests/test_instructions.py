"""Exercise instructions: read from the learner's file (or the shipped one), prose joined, and formulas and
lists broken readably at the terminal's width."""

from __future__ import annotations

import ast
import re

import pytest

from backprop_study.course import load_course
from backprop_study.instructions import fit_to_width, instructions, reflow
from backprop_study.store.paths import shipped_exercises_dir

COURSE = load_course(shipped_exercises_dir() / "course.yaml")


def shipped_text(number: str) -> str:
    exercise = COURSE.find(number)
    path = shipped_exercises_dir() / exercise.file_name
    return reflow(ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "")


@pytest.mark.parametrize("width", [44, 50, 60, 88])
@pytest.mark.parametrize("exercise", COURSE.exercises, ids=lambda e: e.name)
def test_formulas_and_lists_fit_the_width_and_lose_nothing(exercise, width: int) -> None:
    text = shipped_text(exercise.name)
    fitted = fit_to_width(text, width)
    broken = [
        line
        for line in fitted.splitlines()
        if len(line) > width and (line.startswith(" ") or re.match(r"(\d+\.|[-*•–]) ", line))
    ]
    assert not broken, f"{exercise.name}: still wider than {width}: {broken}"
    assert fitted.split() == text.split(), "every word is kept, in order"
    for shape in re.findall(r"\([A-Za-z0-9_]+, [A-Za-z0-9_]+\)", text):
        assert fitted.count(shape) == text.count(shape), f"{shape} was broken across lines"


def test_a_note_lined_up_at_the_right_moves_under_its_formula() -> None:
    fitted = fit_to_width(shipped_text("1"), 50).splitlines()
    at = fitted.index("    sigmoid(z) = 1 / (1 + e^(−z))")
    assert fitted[at + 1].startswith("        z: any shape;"), fitted[at : at + 3]


def test_lines_that_fit_and_prose_are_left_alone() -> None:
    text = shipped_text("8")
    assert fit_to_width(text, 1000) == text
    prose = [line for line in text.splitlines() if line and not line.startswith(" ") and len(line) > 60]
    assert prose, "the lesson's prose is there, joined into long lines"
    fitted = fit_to_width(text, 60).splitlines()
    assert all(line in fitted for line in prose), "the terminal wraps prose itself"


def test_a_long_list_item_hangs_under_its_text() -> None:
    fitted = fit_to_width("Tasks:\n  1. numerical_gradient(f, x, h): centred differences for every element", 30)
    assert fitted.splitlines() == [
        "Tasks:",
        "  1. numerical_gradient(f, x,",
        "     h): centred differences",
        "     for every element",
    ]


def test_reflow_joins_a_list_item_and_its_paragraphs() -> None:
    text = shipped_text("13")
    assert "1. Split the data. Shuffle the rows (X and y together), keep a validation set aside" in text
    assert "   The ½ is there so that the gradient is exactly λ·W. The step W − rate·(dL/dW" in text
    assert "\n       n_val = round(N * validation_fraction)" in text, "a formula inside an item keeps its place"
    nine = shipped_text("9")
    assert "  1. numerical_gradient(f, x, h): centred differences of the scalar f() for every element" in nine


def test_instructions_reflow_keeps_formulas(workspace) -> None:
    course = load_course(workspace.course_file)
    text = reflow(instructions(workspace, course.find("4")))
    assert "\n    output_input ──sigmoid──> output ──> L = ½ Σ (y − output)²\n" in text
    assert "says how the loss changes when output_input moves, with\nthe" not in text
    assert "when output_input moves, with the lesson's sign: d_output = −dL/d output_input." in text, (
        "prose lines are joined"
    )
    broken = workspace.exercises_dir / "04_d_output.py"
    broken.write_text("def oops(:\n")
    assert instructions(workspace, course.find("4")).startswith("Exercise 04"), "falls back to the shipped file"
    assert broken.read_text() == "def oops(:\n"
