"""The graders' machinery: load the learner's file, call it safely, compare answers, one failure at a time.

A grader (exercises/graders/test_NN_slug.py) loads the learner's file by path,
calls its functions on seeded random inputs whose sizes all differ (N samples,
D inputs, H hidden units: a missing transpose cannot hide), and compares each
quantity with the reference (`solutions/backprop.py`). When the answer is
wrong, the message should teach:

1. an untouched TODO says "not written yet" with the function and the line;
2. an exception says what was raised, on which of the learner's lines, with
   the shapes of the inputs (and a hint, e.g. a missing transpose);
3. an answer that matches a known wrong variant (`mistakes.py`) names that
   mistake and its fix in one sentence;
4. anything else gets the quantity, both shapes, the worst element (index,
   expected, got) and the largest error.

Gradients may also be judged by centred finite differences, so a correct
answer written another way passes. Every failure is raised with
`pytest.fail(message, pytrace=False)`: the message is all the runner shows.

No Textual here; pytest and NumPy are imported because graders run under pytest.
"""

from __future__ import annotations

import copy
import functools
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import numpy as np
import pytest

from backprop_study.grading import learner_errors as le
from backprop_study.grading import sandbox
from backprop_study.solutions import backprop as ref

# A correct answer matches the reference to float precision; every catalogued mistake is off by far more
# (FIELD-NOTES: ≥ 0.27 norm-relative), so these tolerances separate cleanly and accept rewritten formulas.
RTOL = 1e-6
ATOL = 1e-9
GRADIENT_TOLERANCE = 1e-6  # norm-relative error against finite differences


# ------------------------------------------------------------ the learner's file


def fail(message: str) -> NoReturn:
    """Fail the current check with exactly this message (no traceback: the message is what the learner reads)."""
    pytest.fail(message.rstrip(), pytrace=False)


class ExerciseFile:
    """The learner's exercise file for a grader: `graders/test_04_d_output.py` grades `04_d_output.py`.

    Exercise files are named NN_slug.py, which Python cannot import by name, so they are loaded by path,
    fresh for each grader run, without writing `__pycache__` into the learner's folder.
    """

    def __init__(self, grader_file: str | Path, name: str | None = None) -> None:
        grader = Path(grader_file).resolve()
        self.name = name or grader.stem.removeprefix("test_")
        self.path = grader.parent.parent / f"{self.name}.py"
        self._module: ModuleType | None = None
        self._load_error: str | None = None

    @property
    def file_name(self) -> str:
        return self.path.name

    def module(self) -> ModuleType:
        """The loaded module; the first load problem fails the test, later ones skip (one failure at a time)."""
        if self._module is not None:
            return self._module
        if self._load_error is not None:
            pytest.skip(f"fix {self.file_name} first: it does not load")
        try:
            self._module = load_exercise(self.path)
        except LoadError as exc:
            self._load_error = str(exc)
        if self._module is None:
            fail(self._load_error or f"{self.file_name} did not load.")
        return self._module

    def call(self, name: str, *args: Any, hints: Sequence[tuple[str, str]] = (), **kwargs: Any) -> Any:
        """Call the learner's function `name` (see `call`)."""
        return call(self.function(name), *args, exercise=self, hints=hints, **kwargs)

    def function(self, name: str) -> Callable[..., Any]:
        module = self.module()
        fn = getattr(module, name, None)
        if not callable(fn):
            fail(f"{self.file_name} has no function `{name}`: it must keep that name (did you rename or delete it?).")
        return fn  # type: ignore[return-value]


class LoadError(Exception):
    """The learner's file cannot be loaded; the message says where and why."""


def load_exercise(path: str | Path) -> ModuleType:
    """Run the learner's file as a module (its `if __name__ == "__main__":` block does not run)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path.name} is missing (expected at {path}); `study reset` brings back the starting file.")
    try:
        return sandbox.load_module(path)
    except SyntaxError as exc:  # IndentationError is a SyntaxError
        caret = ""
        if exc.text is not None and exc.offset:
            caret = f"\n    {exc.text.rstrip()}\n    {' ' * (exc.offset - 1)}^"
        kind = type(exc).__name__
        raise LoadError(f"{path.name} line {exc.lineno}: {kind}: {exc.msg}{caret}") from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the file's top level raised: show where
        where = _learner_line(exc, path)
        raise LoadError(f"{path.name} fails when loaded{where}: {type(exc).__name__}: {exc}") from None


def _learner_frame(exc: BaseException, path: Path) -> le.Frame | None:
    return le.raising_learner_frame(exc, frozenset({str(path), str(path.resolve())}))


def _learner_line(exc: BaseException, path: Path) -> str:
    frame = _learner_frame(exc, path)
    if frame is None:
        return ""
    code = le.source_line(frame.path, frame.line)
    return f" at line {frame.line} ({frame.function}){': ' + code if code else ''}"


# ----------------------------------------------------------- calling learner code


def _shape_of(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return str(value.shape)
    if isinstance(value, float | int):
        return "a number"
    return type(value).__name__


def call(
    fn: Callable[..., Any],
    *args: Any,
    exercise: ExerciseFile | None = None,
    hints: Sequence[tuple[str, str]] = (),
    **kwargs: Any,
) -> Any:
    """Call the learner's function on copies of the inputs and turn any problem into a readable failure.

    NumPy overflow, division by zero and invalid operations raise at the learner's line (not a warning
    lost in the output). `hints` are (regex, sentence) pairs: when the exception's text matches, the
    sentence is added (e.g. a matmul shape error -> "usually a missing transpose").
    """
    path = exercise.path if exercise else Path(inspect.getsourcefile(fn) or "")
    args_copy = copy.deepcopy(args)
    kwargs_copy = copy.deepcopy(kwargs)
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            return fn(*args_copy, **kwargs_copy)
    except NotImplementedError as exc:
        frame = _learner_frame(exc, path)
        where = f" ({path.name} line {frame.line})" if frame else ""
        function = frame.function if frame else fn.__name__
        message = f"{function}() is not written yet: replace `raise NotImplementedError` with your code{where}."
    except Exception as exc:
        message = _describe_exception(fn, exc, path, args, hints)
    fail(message)  # outside the `except`, so pytest shows no chained traceback


def _describe_exception(
    fn: Callable[..., Any], exc: Exception, path: Path, args: Sequence[Any], hints: Sequence[tuple[str, str]]
) -> str:
    lines = [f"{fn.__name__}() raised {type(exc).__name__}: {exc}"]
    frame = _learner_frame(exc, path)
    if frame is not None:
        lines.append(f"  {path.name} line {frame.line}: {le.source_line(frame.path, frame.line)}")
    names = _parameter_names(fn, len(args))
    shapes = ", ".join(f"{n} {_shape_of(a)}" for n, a in zip(names, args, strict=False))
    if shapes:
        lines.append(f"  inputs: {shapes}")
    hint = next((sentence for pattern, sentence in hints if re.search(pattern, str(exc))), None)
    if hint is None and isinstance(exc, FloatingPointError):
        hint = "NumPy stops at the first overflow or invalid operation: that line produced it."
    if hint:
        lines.append(f"  {hint}")
    return "\n".join(lines)


def _parameter_names(fn: Callable[..., Any], count: int) -> list[str]:
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    return (params + [f"argument {i + 1}" for i in range(len(params), count)])[:count]


MATMUL_HINT = (
    r"matmul|shapes .* not aligned|operands could not be broadcast",
    "The shapes do not fit: in `A @ B` the columns of A must match the rows of B; "
    "a missing `.T` (transpose) is the usual cause.",
)


# ------------------------------------------------------------- comparing answers


@dataclass(frozen=True)
class Variant:
    """A known wrong answer: its value on the test inputs, and one sentence naming the mistake and its fix."""

    name: str
    message: str
    value: Any


def as_array(quantity: str, got: Any, function: str | None = None) -> np.ndarray:
    """The learner's answer as a float array, or a failure that says what came back instead."""
    if got is None:
        where = f"{function}() " if function else ""
        fail(f"{quantity}: {where}returned None; did you forget to `return` it?")
    if got is Ellipsis:
        fail(f"{quantity} is still `...`: replace it with your code.")
    try:
        array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        fail(f"{quantity} should be numbers (a NumPy array), got {type(got).__name__}: {got!r:.80}")
    return array


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def expect(
    quantity: str,
    got: Any,
    expected: Any,
    variants: Sequence[Variant] = (),
    *,
    accept: np.ndarray | None = None,
    sizes: str = "",
    function: str | None = None,
    batch: int | None = None,
) -> None:
    """Pass when `got` equals `expected`, or is within GRADIENT_TOLERANCE of `accept` (another correct answer:
    for a gradient, its finite differences, so any correct formula passes).

    Otherwise fail with the first matching variant's sentence, or a description of the difference.
    `sizes` (e.g. "N=7 samples, D=3 inputs, H=5 hidden units") is added to shape messages; `batch` (N) lets a
    factor of 1/N be named.
    """
    got_array = as_array(quantity, got, function)
    expected_array = np.asarray(expected, dtype=float)
    if _close(got_array, expected_array):
        return
    if (
        accept is not None
        and got_array.shape == np.shape(accept)
        and ref.relative_error(got_array, accept) < GRADIENT_TOLERANCE
    ):
        return  # written another way, and still the gradient
    if not np.all(np.isfinite(got_array)):
        fail(f"{quantity} has NaN or infinite values ({np.count_nonzero(~np.isfinite(got_array))} of them).")
    for variant in variants:
        value = np.asarray(variant.value, dtype=float)
        if _close(got_array, value) and not _close(value, expected_array):
            fail(f"{quantity}: {variant.message}")
    fail(describe_difference(quantity, got_array, expected_array, sizes, batch))


def describe_difference(
    quantity: str, got: np.ndarray, expected: np.ndarray, sizes: str = "", batch: int | None = None
) -> str:
    """Shapes, then a recognisable pattern if there is one, else the worst element and the largest error."""
    in_sizes = f" ({sizes})" if sizes else ""
    if got.shape != expected.shape:
        lines = [f"{quantity} has the wrong shape: expected {expected.shape}, got {got.shape}{in_sizes}."]
        if got.shape == expected.shape[::-1] and _close(got.T, expected):
            lines.append("It is the right answer transposed: swap the order of the product and its transposes.")
        elif expected.ndim == 2 and expected.shape[1] == 1 and got.shape == (expected.shape[0], expected.shape[0]):
            lines.append(
                f"A ({expected.shape[0]},) array met a ({expected.shape[0]}, 1) one and broadcast to a table of every "
                "pair: reshape the flat one with .reshape(-1, 1) first."
            )
        elif got.size == expected.size:
            lines.append("It has the right number of elements in the wrong arrangement.")
        return "\n".join(lines)
    lines = [f"{quantity} is wrong (shape {expected.shape}, as expected{in_sizes})."]
    pattern = _pattern(got, expected, batch)
    if pattern:
        lines.append(pattern)
    if expected.ndim == 0:
        lines.append(f"  expected {_fmt(float(expected))}, got {_fmt(float(got))}")
        return "\n".join(lines)
    difference = np.abs(got - expected)
    worst = np.unravel_index(int(np.argmax(difference)), expected.shape)
    index = ", ".join(str(int(i)) for i in worst)
    lines.append(f"  worst element [{index}]: expected {_fmt(expected[worst])}, got {_fmt(got[worst])}")
    lines.append(f"  largest error {_fmt(float(difference[worst]))}")
    return "\n".join(lines)


def _pattern(got: np.ndarray, expected: np.ndarray, batch: int | None = None) -> str:
    """A constant ratio to the right answer says a lot (FIELD-NOTES): −1 is a sign, 1/N a mean."""
    mask = np.abs(expected) > 1e-12
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-12):
        return ""
    ratios = got[mask] / expected[mask]
    ratio = float(np.median(ratios))
    if not np.allclose(ratios, ratio, rtol=1e-6, atol=0):
        return ""
    if np.isclose(ratio, -1.0):
        return "Every element has the opposite sign: check the direction (y − output, `+=` vs `-=`)."
    if batch and np.isclose(abs(ratio), 1.0 / batch):
        sign = " and has the opposite sign (y − output?)" if ratio < 0 else ""
        return f"Every element is 1/N = 1/{batch} of the right one{sign}: the loss is a sum, so do not divide by N."
    return f"Every element is {_fmt(ratio)} times the right one: a constant factor is off (a ½, a 1/N, a rate?)."


def expect_number(quantity: str, got: Any, expected: float, variants: Sequence[Variant] = ()) -> None:
    """A scalar answer (a loss): an array with more than one element gets its own message."""
    got_array = as_array(quantity, got)
    if got_array.size != 1:
        fail(
            f"{quantity} should be one number, got an array of shape {got_array.shape}: "
            "add up every element with np.sum(...)."
            + (
                " It is a square table, so a flat (N,) array was broadcast against an (N, 1) one."
                if got_array.ndim == 2 and got_array.shape[0] == got_array.shape[1] > 1
                else ""
            )
        )
    expect(quantity, got_array.reshape(()), expected, variants)


def expect_tuple(quantities: Sequence[str], got: Any, function: str) -> tuple[Any, ...]:
    """A function that returns several arrays: check the count, so the messages after can name each one."""
    if not isinstance(got, tuple | list) or len(got) != len(quantities):
        names = ", ".join(quantities)
        count = f"{len(got)} values" if isinstance(got, tuple | list) else _shape_of(got)
        fail(f"{function}() must return ({names}); it returned {count}.")
    return tuple(got)


def check_order(quantities: Sequence[str], got: Sequence[Any], expected: Sequence[Any], function: str) -> None:
    """Fail when two returned arrays come back in the wrong order (each matches the other's expected value)."""
    shapes_got = [np.shape(g) for g in got]
    shapes_expected = [np.shape(e) for e in expected]
    if shapes_got != shapes_expected and sorted(map(str, shapes_got)) == sorted(map(str, shapes_expected)):
        names = ", ".join(quantities)
        fail(f"{function}() returned its values in the wrong order: return ({names}).")


# --------------------------------------------------------- finite differences


def numeric_gradient(loss: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    """dL/dx by centred differences, for `loss(x)`; x is not modified."""
    point = np.array(x, dtype=float)
    return ref.numerical_gradient(lambda: loss(point), point)


def check_gradient(quantity: str, analytic: Any, numeric: np.ndarray) -> None:
    """Judge a gradient by finite differences alone: any correct formula passes."""
    got = as_array(quantity, analytic)
    if got.shape != numeric.shape:
        fail(f"{quantity} has the wrong shape: expected {numeric.shape}, got {got.shape}.")
    error = ref.relative_error(got, numeric)
    if error >= GRADIENT_TOLERANCE:
        message = describe_difference(quantity, got, numeric).splitlines()
        fail(
            f"{quantity} disagrees with finite differences: relative error {error:.2g} "
            f"(a correct gradient scores below {GRADIENT_TOLERANCE:g}).\n" + "\n".join(message[1:])
        )


# -------------------------------------------------------- one failure at a time

_outcomes: dict[str, dict[str, bool]] = {}


def after(*earlier: Callable[..., Any] | str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a check that builds on earlier ones in the same grader: while any of them failed (or was
    skipped), this one is skipped with "fix <that> first" instead of adding a second failure.

    Every check decorated with `after` (even with no arguments) records its own outcome, so chains work.
    Works however pytest is started (no conftest needed); tests run in file order.
    """
    names = [e if isinstance(e, str) else e.__name__ for e in earlier]

    def decorate(test: Callable[..., Any]) -> Callable[..., Any]:
        module = test.__module__

        @functools.wraps(test)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            outcomes = _outcomes.setdefault(module, {})
            for name in names:
                if outcomes.get(name) is False:
                    outcomes[test.__name__] = False
                    pytest.skip(f"fix {_describe(name)} first")
            try:
                result = test(*args, **kwargs)
            except BaseException:
                outcomes[test.__name__] = False
                raise
            outcomes[test.__name__] = True
            return result

        return wrapper

    return decorate


def _describe(test_name: str) -> str:
    return f"`{test_name.removeprefix('test_')}`"


def checked(test: Callable[..., Any]) -> Callable[..., Any]:
    """Record a check's outcome so later `after(...)` checks can depend on it."""
    return after()(test)


@dataclass(frozen=True)
class Mistake:
    name: str
    message: str
    compute: Callable[[Any], Any]  # from a Case (or, for sigmoid and its derivative, from the input array)

    def on(self, case: Any) -> Variant:
        return Variant(self.name, self.message, self.compute(case))


# ------------------------------------------------------------- helpers for later exercises


def call_in_place(
    fn: Callable[..., Any],
    *args: Any,
    exercise: ExerciseFile | None = None,
    hints: Sequence[tuple[str, str]] = (),
    name: str | None = None,
) -> Any:
    """Like `checks.call`, but the learner's function gets these very objects, not copies.

    Needed when identity matters: numerical_gradient must nudge the array that f() reads, and two epochs of
    minibatches must share one generator. `name` is the function the messages speak of.
    """

    def invoke() -> Any:
        return fn(*args)

    invoke.__name__ = name or getattr(fn, "__name__", "function")
    return call(invoke, exercise=exercise, hints=hints)


def row_like(got: Any, expected: np.ndarray) -> Any:
    """A bias gradient may come back flat, (n,), where the parameter is (1, n): that is the same answer."""
    if (
        isinstance(got, np.ndarray)
        and expected.ndim == 2
        and expected.shape[0] == 1
        and got.shape == expected.shape[1:]
    ):
        return got.reshape(expected.shape)
    return got
