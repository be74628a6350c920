"""The course as a whole, driven by exercises/course.yaml (so new exercises are covered as they land).

Every exercise: its three files exist; its grader fails on the starting file (saying what is not written
yet) and passes with the solution, run with pytest in a child process as a learner would run it; the
starting file and the solution differ only inside the TODO blocks' functions; the file runs on its own.
Every line of the learner's files (and of the solutions) fits an 80-column editor: 79 characters at most.
"""

from __future__ import annotations

import ast
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from backprop_study.course import Course, Exercise, load_course
from backprop_study.store.paths import shipped_exercises_dir, shipped_solutions_dir

EXERCISES = shipped_exercises_dir()
SOLUTIONS = shipped_solutions_dir()
COURSE = load_course(EXERCISES / "course.yaml")
IDS = [e.name for e in COURSE.exercises]

# What a runner does for speed: no plugin auto-loading, no cache folder in the learner's workspace.
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-rN"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    return env


def make_workspace(root: Path, solved: bool) -> Path:
    """A copy of the shipped exercises/ (as `study init` lays it out), optionally with every solution in place."""
    shutil.copytree(EXERCISES, root / "exercises", ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    if solved:
        for exercise in COURSE.exercises:
            shutil.copy(SOLUTIONS / exercise.file_name, root / "exercises" / exercise.file_name)
    return root


@pytest.fixture(scope="module")
def starting_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("starting"), solved=False)


@pytest.fixture(scope="module")
def solved_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("solved"), solved=True)


def run_grader(workspace: Path, exercise: Exercise) -> subprocess.CompletedProcess[str]:
    grader = Path("exercises") / "graders" / f"test_{exercise.name}.py"
    return subprocess.run(
        [*PYTEST, str(grader)], cwd=workspace, env=child_env(), capture_output=True, text=True, timeout=120
    )


# ------------------------------------------------------------------ the course file


def test_course_file_loads_in_order() -> None:
    course = load_course(EXERCISES / "course.yaml")
    assert isinstance(course, Course)
    numbers = [e.number for e in course.exercises]
    assert numbers == sorted(numbers) and numbers[0] == 1
    assert [e.name for e in course.exercises[:7]] == [
        "01_sigmoid",
        "02_forward_pass",
        "03_error_and_loss",
        "04_d_output",
        "05_d_hidden",
        "06_weight_update",
        "07_training_loop",
    ]


@pytest.mark.parametrize("name", IDS)
def test_exercise_has_its_three_files_and_two_or_three_hints(name: str) -> None:
    exercise = COURSE.find(name)
    assert (EXERCISES / exercise.file_name).is_file()
    assert (SOLUTIONS / exercise.file_name).is_file()
    assert (EXERCISES / "graders" / f"test_{exercise.name}.py").is_file()
    assert 2 <= len(exercise.hints) <= 3
    assert exercise.concepts, "each exercise names the deck cards it practises"


@pytest.mark.parametrize("name", IDS)
def test_starting_file_marks_the_learners_work(name: str) -> None:
    source = (EXERCISES / f"{name}.py").read_text(encoding="utf-8")
    assert "TODO" in source and "raise NotImplementedError" in source
    assert ast.get_docstring(ast.parse(source)), "the docstring says what to compute, the formula and the shapes"
    solved = (SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")
    assert "raise NotImplementedError" not in solved


def _outline(path: Path) -> dict[str, tuple[str, str | None]]:
    """Each top-level function's signature and docstring, and the module's docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    outline: dict[str, tuple[str, str | None]] = {"<module>": ("", ast.get_docstring(tree))}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            outline[node.name] = (
                ast.unparse(node.args) + " -> " + ast.unparse(node.returns or ast.Constant(None)),
                ast.get_docstring(node),
            )
    return outline


@pytest.mark.parametrize("name", IDS)
def test_solution_is_the_same_file_solved(name: str) -> None:
    """Same functions, signatures and docstrings: only the bodies the learner writes differ."""
    assert _outline(EXERCISES / f"{name}.py") == _outline(SOLUTIONS / f"{name}.py")


# ------------------------------------------------- fits the learner's editor

# The learner reads and edits these files in their own editor: at 80 columns nothing may wrap.
MAX_LINE = 79
EDITOR_FILES = [
    *(EXERCISES / e.file_name for e in COURSE.exercises),
    EXERCISES / "conftest.py",
    *(SOLUTIONS / e.file_name for e in COURSE.exercises),  # what `s` shows after a pass
]


@pytest.mark.parametrize("path", EDITOR_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_line_fits_in_79_columns(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    too_long = [
        f"{path.parent.name}/{path.name}:{number}: {len(line)} characters: {line.strip()[:60]}"
        for number, line in enumerate(lines, start=1)
        if len(line) > MAX_LINE
    ]
    assert not too_long, f"lines longer than {MAX_LINE} characters:\n" + "\n".join(too_long)


# ------------------------------------------------- the learner derives, the file does not tell

# Lines that say nothing worth hiding: `return d_output`, `losses = []`, `else:`.
TRIVIAL = re.compile(r"^(?:return[\w,()]*|\w+=(?:\[\]|\{\}|\(\)|0|None)|else:|try:|pass|break|continue)$")


def normalise_code(text: str) -> str:
    """Code as compared for sameness: no spaces, one minus and one times sign, `np.dot(a, b)` and `a.dot(b)`
    read as `a @ b`, `w = w + step` as `w += step`, and `1.0` as `1`."""
    text = text.replace("−", "-").replace("×", "*")
    text = re.sub(r"np\.dot\(\s*([^,()]+?)\s*,\s*([^()]+?)\s*\)", r"\1 @ \2", text)
    text = re.sub(r"\.dot\(([^()]+)\)", r" @ \1", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"\b(\w+)=\1([-+])", r"\1\2=", text)
    return re.sub(r"(?<=\d)\.0(?!\d)", "", text)


def code_lines(path: Path) -> list[str]:
    """A file's statements, one line each however they are wrapped: docstrings, comments and blank lines left out."""
    source = path.read_text(encoding="utf-8")
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            docstrings.add(first.lineno)
    lines: list[str] = []
    statement: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if statement and statement[0].start[0] not in docstrings:
                lines.append(_joined(statement))
            statement = []
        elif token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            statement.append(token)
    return lines


def _joined(tokens: list[tokenize.TokenInfo]) -> str:
    """A statement's tokens as one line: spacing kept within a line, one space where it was wrapped."""
    text = tokens[0].string
    for before, token in itertools.pairwise(tokens):
        same_row = token.start[0] == before.end[0]
        text += (token.line[before.end[1] : token.start[1]] if same_row else " ") + token.string
    return text


def forms(code: str) -> set[str]:
    """A line of code normalised, also without the parentheses a formatter puts around a long right-hand
    side (`x = (a + b)` as `x = a + b`), as it would be written on one line."""
    normalised = normalise_code(code)
    return {normalised, re.sub(r"^([\w.,\[\]]+[-+*/@]?=)\((.*)\)$", r"\1\2", normalised)}


def answer_lines(name: str) -> list[str]:
    """The lines a learner writes: the solution's lines of code that its starting file's code lacks."""
    starting = {normalise_code(line) for line in code_lines(EXERCISES / f"{name}.py")}
    found = []
    for code in code_lines(SOLUTIONS / f"{name}.py"):
        normalised = normalise_code(code)
        if normalised not in starting and not TRIVIAL.match(normalised):
            found.append(code)
    return found


@pytest.mark.parametrize("name", IDS)
def test_no_exercise_file_contains_its_own_answer_lines(name: str) -> None:
    """Docstring, comments and given code ask for the derivation; none of them prints the line to write."""
    lines = answer_lines(name)
    assert lines, "the solution adds no line: is it the same file as the exercise?"
    text = normalise_code((EXERCISES / f"{name}.py").read_text(encoding="utf-8"))
    shown = [line for line in lines if any(form in text for form in forms(line))]
    assert shown == [], f"exercises/{name}.py gives away its own answer"


# ------------------------------------------------- fails as shipped, passes solved


@pytest.mark.parametrize("name", IDS)
def test_grader_fails_on_the_starting_file(name: str, starting_workspace: Path) -> None:
    result = run_grader(starting_workspace, COURSE.find(name))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not written yet" in result.stdout, result.stdout


@pytest.mark.parametrize("name", IDS)
def test_grader_passes_with_the_solution(name: str, solved_workspace: Path) -> None:
    result = run_grader(solved_workspace, COURSE.find(name))
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_pytest_exercises_grades_only_the_learners_files(tmp_path: Path) -> None:
    """`pytest exercises/` in a workspace: graders only, each grading its own file, which it leaves as it was."""
    workspace = make_workspace(tmp_path, solved=False)
    shutil.copy(SOLUTIONS / "04_d_output.py", workspace / "exercises" / "04_d_output.py")
    before = {p: p.read_bytes() for p in (workspace / "exercises").glob("*.py")}
    env = child_env()
    del env["PYTHONDONTWRITEBYTECODE"]  # as a learner runs it
    result = subprocess.run(
        [*PYTEST, "-rA", "exercises/"], cwd=workspace, env=env, capture_output=True, text=True, timeout=300
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(("PASSED ", "FAILED ", "SKIPPED "))]
    assert lines, result.stdout
    graded = {line.split()[1].split("::")[0] for line in lines if not line.startswith("SKIPPED")}
    assert all(path.startswith("exercises/graders/test_") for path in graded), graded
    assert graded >= {f"exercises/graders/test_{e.name}.py" for e in COURSE.exercises}
    passed = {line.split()[1].split("::")[0] for line in lines if line.startswith("PASSED")}
    assert passed == {"exercises/graders/test_04_d_output.py"}
    after = {p: p.read_bytes() for p in (workspace / "exercises").glob("*.py")}
    assert after == before, "grading must not change the learner's files"
    # Python caches only the conftest's bytecode; the learner's files are loaded without leaving any.
    cached = [p.name for p in workspace.rglob("*.pyc") if "graders" not in p.parts]
    assert all(name.startswith("conftest.") for name in cached), cached


# ----------------------------------------------------------- runs on its own


@pytest.mark.parametrize("name", IDS)
def test_starting_file_runs_and_says_what_to_write(name: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXERCISES / f"{name}.py")], env=child_env(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "not written yet" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", IDS)
def test_solution_runs_and_prints_something(name: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SOLUTIONS / f"{name}.py")], env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 3
    assert "not written yet" not in result.stdout


def test_solved_exercise_07_reproduces_the_lessons_run() -> None:
    from backprop_study.checks import load_exercise
    from backprop_study.solutions import backprop as ref

    module = load_exercise(SOLUTIONS / "07_training_loop.py")
    W1, W2 = ref.lesson_weights()
    _, _, output, losses = module.train(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1, 10_000)
    lesson = ref.train_lesson()
    assert [round(float(o), 3) for o in output.ravel()] == [0.204, 0.736, 0.736, 0.344]
    assert abs(output - lesson.output).max() < 1e-12
    assert len(losses) == 10_000 and abs(losses[-1] - lesson.losses[-1]) < 1e-12
