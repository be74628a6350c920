"""The exercise must be solved in the file: answers computed by the course's own reference code are refused.

The course ships its answers (`backprop_study.solutions`: the reference `backprop.py` and every exercise
solved) and hands learners a toolkit built on them (`backprop_study.toolkit`: finite differences, the deep
network's forward and backward passes). A graded function that gets its answer from either has not been
solved, however right the numbers are. Three ways it can happen, three checks:

- the file imports the solutions (by module name, or a solution file loaded by its path): `imported_solutions`
  looks at what the loaded module holds;
- a graded function *is* a reference function (`forward = toolkit.deep_forward`): `borrowed_function`;
- a graded function calls one while it runs: `ReferenceCalls`, a tracer that watches only call events and
  notes every call into the reference files made from one of the learner's own functions. The functions the
  course gives in the exercise file (those without a `raise NotImplementedError` in the starting file) may
  use the toolkit: they are given code, not answers (exercise 11's wrappers call it).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

from backprop_study.store.paths import shipped_exercises_dir, shipped_solutions_dir

REFERENCE_MODULES = ("backprop_study.solutions", "backprop_study.toolkit")
# The toolkit's check_gradient judges a gradient the learner computed (it prints a line and returns an error):
# a learner may leave a call to it in their own function without taking an answer from it.
JUDGES_ONLY = frozenset({"backprop_study.toolkit.check_gradient"})
SOLVE_IT_HERE = "the exercise must be solved in the file, with your own code: remove that and write it yourself."


@functools.cache
def solution_files() -> frozenset[str]:
    """Every solution file: the reference `backprop.py` and each exercise solved."""
    files: set[Path] = set(shipped_solutions_dir().glob("*.py"))
    package = _find_spec("backprop_study.solutions")
    for location in (package.submodule_search_locations or []) if package else []:
        files.update(Path(location).glob("*.py"))
    return frozenset(str(path) for file in files for path in {file, file.resolve()})


@functools.cache
def reference_files() -> frozenset[str]:
    """The files whose code counts as the course's answers: every solution file and the toolkit."""
    files = set(solution_files())
    toolkit = _find_spec("backprop_study.toolkit")
    if toolkit is not None and toolkit.origin:
        files.update({toolkit.origin, str(Path(toolkit.origin).resolve())})
    return frozenset(files)


def _find_spec(name: str) -> Any:
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


@functools.cache
def _solution_names() -> frozenset[str]:
    return frozenset(path.name for path in shipped_solutions_dir().glob("*.py") if path.name != "__init__.py")


def _is_solution_file(file: str | None) -> bool:
    """A course solution, wherever it lies: the shipped ones, or a copy named like one in a `solutions` folder."""
    if not file:
        return False
    path = Path(file)
    return str(path) in solution_files() or (path.parent.name == "solutions" and path.name in _solution_names())


def _is_reference(file: str | None) -> bool:
    return bool(file) and (str(file) in reference_files() or _is_solution_file(file))


def _origin(value: Any) -> tuple[str, str | None]:
    """(module name, source file) of a function or module, as far as they can be told."""
    target = getattr(value, "func", value)  # functools.partial
    module = getattr(target, "__module__", None) or getattr(target, "__name__", "")
    code = getattr(target, "__code__", None)
    file = code.co_filename if code is not None else getattr(target, "__file__", None)
    return str(module or ""), file


def _is_reference_module_name(name: str) -> bool:
    return any(name == ref or name.startswith(ref + ".") for ref in REFERENCE_MODULES)


def imported_solutions(module: ModuleType, source: str) -> str | None:
    """How the learner's file takes in the course's solutions, if it does: an import of
    `backprop_study.solutions` (or from it), or a solution file loaded by its path and kept as a module.

    The toolkit may be imported: the course hands it out (its use inside a graded function is refused
    while the function runs, by `ReferenceCalls`).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "backprop_study.solutions" or alias.name.startswith("backprop_study.solutions."):
                    return f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            if node.module == "backprop_study.solutions" or node.module.startswith("backprop_study.solutions."):
                return f"from {node.module} import {', '.join(names)}"
            if node.module == "backprop_study" and "solutions" in names:
                return "from backprop_study import solutions"
    for name, value in vars(module).items():
        if isinstance(value, ModuleType) and not name.startswith("__"):
            module_name, file = _origin(value)
            if module_name == "backprop_study.solutions" or module_name.startswith("backprop_study.solutions."):
                return f"the module `{name}`"
            if _is_solution_file(file):
                return f"`{name}`, loaded from {Path(str(file)).name}"
    return None


def borrowed_function(fn: Callable[..., Any]) -> str | None:
    """If `fn` is the course's own function (`forward = toolkit.deep_forward`), where it comes from."""
    module_name, file = _origin(fn)
    if _is_reference_module_name(module_name) or _is_reference(file):
        qualname = getattr(getattr(fn, "func", fn), "__qualname__", getattr(fn, "__name__", "?"))
        return f"{module_name}.{qualname}" if module_name else str(qualname)
    return None


@functools.cache
def given_functions(exercise_name: str) -> frozenset[str]:
    """The functions the starting file of `exercise_name` gives ready-made (no `raise NotImplementedError`)."""
    starting = shipped_exercises_dir() / f"{exercise_name}.py"
    try:
        tree = ast.parse(starting.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    given = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            raises = any(
                isinstance(inner, ast.Raise)
                and inner.exc is not None
                and "NotImplementedError" in ast.unparse(inner.exc)
                for inner in ast.walk(node)
            )
            if not raises:
                given.add(node.name)
    return frozenset(given)


@dataclass(frozen=True)
class ReferenceCall:
    callee: str  # module.function of the reference code
    line: int  # the learner's line that called it
    function: str  # the learner's function that called it


class ReferenceCalls:
    """While active, notes every call into the reference files made from the learner's own code.

    Uses `sys.settrace` with a global tracer that returns None, so it sees only call events (no line
    events, no C calls): cheap enough to leave on for a whole training run. A tracer already installed (a
    coverage tool) keeps working: it is called first and its answer returned.
    """

    def __init__(self, learner_file: str | Path, given: frozenset[str] = frozenset()) -> None:
        path = Path(learner_file)
        self.learner_files = frozenset({str(path), str(path.resolve())})
        self.given = given
        self.calls: list[ReferenceCall] = []
        self._previous: Any = None

    def __enter__(self) -> ReferenceCalls:
        self._previous = sys.gettrace()
        sys.settrace(self._trace)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)

    def _trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call" and not self.calls:
            code = frame.f_code
            if _is_reference(code.co_filename):
                caller = frame.f_back
                if caller is not None and caller.f_code.co_filename in self.learner_files:
                    owner = caller.f_code.co_qualname.split(".")[0]
                    callee = f"{frame.f_globals.get('__name__', '')}.{code.co_qualname}"
                    if owner not in self.given and callee not in JUDGES_ONLY:
                        self.calls.append(ReferenceCall(callee, caller.f_lineno, caller.f_code.co_name))
        return self._previous(frame, event, arg) if self._previous is not None else None


def refusal(function: str, source: str, where: str = "") -> str:
    """The message for an answer that came from the course's own code."""
    return f"{function}() gets its answer from the course's reference code ({source}{where}): {SOLVE_IT_HERE}"


def imports_message(file_name: str, how: str) -> str:
    return f"{file_name} takes in the course's solutions ({how}): {SOLVE_IT_HERE}"
