"""The graders' machinery: load the learner's file, call it safely, compare answers, one failure at a time.

A grader (exercises/graders/test_NN_slug.py) loads the learner's file by path,
calls its functions on seeded random inputs whose sizes all differ (N samples,
D inputs, H hidden units: a missing transpose cannot hide), and compares each
quantity with the reference (`solutions/backprop.py`). When the answer is
wrong, the message should teach:

1. an untouched TODO says "not written yet" with the function and the line;
2. an answer taken from the course's own code (`backprop_study.solutions`, the
   toolkit) is refused: the exercise must be solved in the file (`own_work.py`);
3. an exception says what was raised, on which of the learner's lines, with
   the shapes of the inputs and of the operands that did not fit (`shapes.py`);
4. a function that changed the arrays it was given says which one;
5. an answer that matches a known wrong variant (`mistakes.py`) names that
   mistake and its fix in one sentence;
6. anything else gets the facts: the quantity, both shapes (and the line that
   made a wrong one), how many elements differ, the first of them (index,
   expected, got) and the largest error. Never a guess.

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

from backprop_study.checks import own_work, shapes
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
    """Fail the current check with exactly this message (no traceback: the message is what the learner reads).

    When the message names a catalogued mistake, the failure carries its id (`.mistake`): the grading child
    records it, and the mistake's card is brought forward in Review.
    """
    failure = pytest.fail.Exception(message.rstrip(), pytrace=False)
    failure.mistake = identify_mistake(message) if identify_mistake is not None else None  # type: ignore[attr-defined]
    raise failure


# Set by checks.mistakes when it loads (it reads this module, so this module cannot import it): the id of the
# catalogued mistake a message names.
identify_mistake: Callable[[str], str | None] | None = None


class ExerciseFile:
    """The learner's exercise file for a grader: `graders/test_04_d_output.py` grades `04_d_output.py`.

    Exercise files are named NN_slug.py, which Python cannot import by name, so they are loaded by path,
    fresh for each grader run, without writing `__pycache__` into the learner's folder. A file that takes in
    the course's solutions fails to load; a graded function that is one of the course's own fails when asked for.
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

    @property
    def learner_files(self) -> frozenset[str]:
        return frozenset({str(self.path), str(self.path.resolve())})

    @property
    def given(self) -> frozenset[str]:
        """The functions the starting file gives ready-made: they may use the course's toolkit."""
        return own_work.given_functions(self.name)

    def module(self) -> ModuleType:
        """The loaded module; the first load problem fails the test, later ones skip (one failure at a time)."""
        if self._module is not None:
            return self._module
        if self._load_error is not None:
            pytest.skip(f"fix {self.file_name} first: it does not load")
        try:
            module = load_exercise(self.path)
            how = own_work.imported_solutions(module, self.path.read_text(encoding="utf-8", errors="replace"))
            if how is not None:
                raise LoadError(own_work.imports_message(self.file_name, how))
            self._module = module
        except LoadError as exc:
            self._load_error = str(exc)
        if self._module is None:
            fail(self._load_error or f"{self.file_name} did not load.")
        return self._module

    def call(
        self,
        name: str,
        *args: Any,
        hints: Sequence[tuple[str, str]] = (),
        may_change: Sequence[str] = (),
        **kwargs: Any,
    ) -> Any:
        """Call the learner's function `name` (see `call`)."""
        return call(self.function(name), *args, exercise=self, hints=hints, may_change=may_change, **kwargs)

    def function(self, name: str) -> Callable[..., Any]:
        module = self.module()
        fn = getattr(module, name, None)
        if not callable(fn):
            fail(f"{self.file_name} has no function `{name}`: it must keep that name (did you rename or delete it?).")
        borrowed = own_work.borrowed_function(fn)
        if borrowed is not None:
            fail(own_work.refusal(name, borrowed, f", assigned to `{name}`"))
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
    except SyntaxError as error:  # IndentationError is a SyntaxError
        exc = le.around_the_spot(error)  # a 2 MB line is shown as the stretch around the error, caret kept
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


@dataclass
class _Call:
    """The last call of learner code: replayed to find the line that made a wrong shape."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    learner_files: frozenset[str]
    file_name: str


_last_call: _Call | None = None


def _learner_path(fn: Callable[..., Any], exercise: ExerciseFile | None) -> Path:
    return exercise.path if exercise else Path(inspect.getsourcefile(fn) or "")


def call(
    fn: Callable[..., Any],
    *args: Any,
    exercise: ExerciseFile | None = None,
    hints: Sequence[tuple[str, str]] = (),
    may_change: Sequence[str] = (),
    **kwargs: Any,
) -> Any:
    """Call the learner's function on copies of the inputs and turn any problem into a readable failure.

    NumPy overflow, division by zero and invalid operations raise at the learner's line (not a warning
    lost in the output). `hints` are (regex, sentence) pairs: when the exception's text matches, the
    sentence is added (when the failing line's operands cannot be shown instead). The inputs must come
    back as they went in (a caller still holds them), except those named in `may_change`; an answer
    computed by the course's own reference code is refused.
    """
    global _last_call
    path = _learner_path(fn, exercise)
    learner_files = exercise.learner_files if exercise else frozenset({str(path), str(path.resolve())})
    given = exercise.given if exercise else frozenset()
    args_copy = copy.deepcopy(args)
    kwargs_copy = copy.deepcopy(kwargs)
    _last_call = _Call(fn, copy.deepcopy(args), copy.deepcopy(kwargs), learner_files, path.name)
    guard = own_work.ReferenceCalls(path, given - {getattr(fn, "__name__", "")})  # the graded one is never given
    try:
        with guard, np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            result = fn(*args_copy, **kwargs_copy)
    except NotImplementedError as exc:
        frame = _learner_frame(exc, path)
        where = f" ({path.name} line {frame.line})" if frame else ""
        function = frame.function if frame else fn.__name__
        message = f"{function}() is not written yet: replace `raise NotImplementedError` with your code{where}."
    except Exception as exc:
        message = _describe_exception(fn, exc, path, args, hints, learner_files)
    else:
        _refuse_reference(fn, guard, path)
        _check_inputs_unchanged(fn, args, args_copy, kwargs, kwargs_copy, may_change)
        return result
    _refuse_reference(fn, guard, path)
    fail(message)  # outside the `except`, so pytest shows no chained traceback


def _refuse_reference(fn: Callable[..., Any], guard: own_work.ReferenceCalls, path: Path) -> None:
    if guard.calls:
        first = guard.calls[0]
        fail(own_work.refusal(first.function, first.callee, f", called at {path.name} line {first.line}"))


def _first_change(before: Any, after: Any, label: str) -> str | None:
    """Where `after` no longer equals `before` (arrays, and lists, tuples and dicts of them), or None."""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray):
            return f"`{label}` was replaced by {type(after).__name__}"
        if after.shape != before.shape:
            return f"`{label}` changed shape from {before.shape} to {after.shape}"
        differs = ~(
            (after == before) | (np.isnan(after) & np.isnan(before)) if before.dtype.kind == "f" else after == before
        )
        if differs.any():
            index = tuple(int(i) for i in np.argwhere(differs)[0])
            shown = ", ".join(map(str, index))
            return f"`{label}[{shown}]` went from {_fmt(before[index])} to {_fmt(after[index])}"
        return None
    if isinstance(before, list | tuple) and isinstance(after, list | tuple) and len(before) == len(after):
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            found = _first_change(b, a, f"{label}[{index}]")
            if found:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list):
        return f"`{label}` changed length from {len(before)} to {len(after)}"
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            found = _first_change(before[key], after.get(key), f"{label}[{key!r}]")
            if found:
                return found
    return None


def _check_inputs_unchanged(
    fn: Callable[..., Any],
    args: Sequence[Any],
    args_copy: Sequence[Any],
    kwargs: dict[str, Any],
    kwargs_copy: dict[str, Any],
    may_change: Sequence[str],
) -> None:
    names = _parameter_names(fn, len(args))
    pairs = [*zip(names, args, args_copy, strict=True), *((k, kwargs[k], kwargs_copy[k]) for k in kwargs)]
    for name, before, after in pairs:
        if name in may_change:
            continue
        change = _first_change(before, after, name)
        if change:
            fail(
                f"{fn.__name__}() changed its input `{name}` in place ({change}): whoever called it still needs "
                f"it as it was. Compute new arrays (W = W - step rather than W -= step; .copy() before changing "
                f"elements) and return them."
            )


def _describe_exception(
    fn: Callable[..., Any],
    exc: Exception,
    path: Path,
    args: Sequence[Any],
    hints: Sequence[tuple[str, str]],
    learner_files: frozenset[str] | None = None,
) -> str:
    files = learner_files or frozenset({str(path), str(path.resolve())})
    explained = shapes.explain_operands(exc, files)
    # NumPy's own text for a bad matrix product is a gufunc signature; the operands below say it better.
    text = "the shapes of a matrix product do not fit" if explained and "matmul" in str(exc) else str(exc)
    lines = [f"{fn.__name__}() raised {type(exc).__name__}: {text}"]
    frame = _learner_frame(exc, path)
    if frame is not None:
        lines.append(f"  {path.name} line {frame.line}: {le.source_line(frame.path, frame.line)}")
    names = _parameter_names(fn, len(args))
    shapes_in = ", ".join(f"{n} {_shape_of(a)}" for n, a in zip(names, args, strict=False))
    if shapes_in:
        lines.append(f"  inputs: {shapes_in}")
    hint = next((sentence for pattern, sentence in hints if re.search(pattern, str(exc))), None)
    if explained:
        lines.extend(f"  {line}" for line in explained)
        if hint and hint != MATMUL_HINT[1]:  # a grader's own hint says more than the generic one
            lines.append(f"  {_sentence(hint)}")
        return "\n".join(lines)
    if hint is None and isinstance(exc, FloatingPointError):
        hint = "NumPy stops at the first overflow or invalid operation: that line produced it."
    if hint:
        lines.append(f"  {_sentence(hint)}")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    """A catalogue sentence on a line of its own starts with a capital, unless it starts with code (np.exp)."""
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() and first.islower() else text


def _parameter_names(fn: Callable[..., Any], count: int) -> list[str]:
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    return (params + [f"argument {i + 1}" for i in range(len(params), count)])[:count]


MATMUL_HINT = (
    r"matmul|shapes .* not aligned|operands could not be broadcast",
    "The shapes do not fit: in `A @ B` the columns of A must match the rows of B, and an elementwise "
    "operation needs equal shapes (or 1 on the axis where they differ).",
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


def _close(a: np.ndarray, b: np.ndarray, rtol: float = RTOL) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=ATOL))


def _fmt(x: Any) -> str:
    try:
        return f"{float(x):.6g}"
    except (TypeError, ValueError):
        return repr(x)


def matching_variant(got: np.ndarray, expected: np.ndarray, variants: Sequence[Variant]) -> Variant | None:
    """The first catalogued wrong answer `got` equals (and that is not itself the right answer).

    Catalogues are ordered so that when two wrong answers coincide on an input, the first one's sentence
    is true of both (for a one-column delta, "not summed over the samples" and "summed over axis 1" give
    the same numbers, and the first sentence is the one that holds for either).
    """
    for variant in variants:
        try:
            value = np.asarray(variant.value, dtype=float)
        except (TypeError, ValueError):
            continue
        if _close(got, value) and not _close(value, expected):
            return variant
    return None


Variants = Sequence[Variant] | Callable[[], Sequence[Variant]]  # a callable is only called on a wrong answer


def expect(
    quantity: str,
    got: Any,
    expected: Any,
    variants: Variants = (),
    *,
    accept: np.ndarray | None = None,
    sizes: str = "",
    function: str | None = None,
    batch: int | None = None,
    rtol: float = RTOL,
) -> None:
    """Pass when `got` equals `expected` (to `rtol`; looser after a long run, where single precision drifts),
    or is within GRADIENT_TOLERANCE of `accept` (another correct answer: for a gradient, its finite
    differences, so any correct formula passes).

    Otherwise fail with the first matching variant's sentence, or a description of the difference. Variants
    that are costly to compute (whole wrong runs) can be passed as a function, called only when needed.
    `sizes` (e.g. "N=7 samples, D=3 inputs, H=5 hidden units") names the axes in shape messages; `batch` (N)
    lets a ratio of exactly 1/N be stated as such.
    """
    got_array = as_array(quantity, got, function)
    expected_array = np.asarray(expected, dtype=float)
    if _close(got_array, expected_array, rtol):
        return
    if (
        accept is not None
        and got_array.shape == np.shape(accept)
        and ref.relative_error(got_array, accept) < GRADIENT_TOLERANCE
    ):
        return  # written another way, and still the gradient
    variant = matching_variant(got_array, expected_array, variants() if callable(variants) else variants)
    if variant is not None:
        fail(f"{quantity}: {variant.message}")
    if not np.all(np.isfinite(got_array)):
        count = np.count_nonzero(~np.isfinite(got_array))
        fail(f"{quantity} has NaN or infinite values ({count} of {got_array.size}).")
    fail(describe_difference(quantity, got_array, expected_array, sizes, batch))


def _flat_inputs() -> list[tuple[str, int]]:
    """(name, length) of each 1-D array the last learner call was given."""
    if _last_call is None:
        return []
    names = _parameter_names(_last_call.fn, len(_last_call.args))
    pairs = [*zip(names, _last_call.args, strict=True), *_last_call.kwargs.items()]
    return [(name, value.shape[0]) for name, value in pairs if isinstance(value, np.ndarray) and value.ndim == 1]


def _origin_of_shape(shape: tuple[int, ...]) -> str:
    """The learner's line that first made an array of this (wrong) shape, replaying their last call."""
    last = _last_call
    if last is None:
        return ""
    known = [np.shape(a) for a in (*last.args, *last.kwargs.values()) if isinstance(a, np.ndarray)]
    origin = shapes.first_line_making(
        last.fn, copy.deepcopy(last.args), copy.deepcopy(last.kwargs), last.learner_files, shape, known
    )
    return shapes.origin_line(origin, last.file_name) if origin is not None else ""


def describe_difference(
    quantity: str, got: np.ndarray, expected: np.ndarray, sizes: str = "", batch: int | None = None
) -> str:
    """What differs and where: for a wrong shape, which axes (and the line that made it); otherwise how many
    elements differ, the first of them and the largest error, and a constant ratio when there is one."""
    names = shapes.axis_names(sizes)
    if got.shape != expected.shape:
        lines = shapes.shape_story(quantity, got, expected, names, _flat_inputs())
        made = _origin_of_shape(got.shape)
        if made:
            lines.append(made)
        return "\n".join(lines)
    if expected.ndim == 0 or expected.size == 1:
        return f"{quantity} is wrong: expected {_fmt(expected.reshape(()))}, got {_fmt(got.reshape(()))}."
    lines = [f"{quantity} is wrong (its shape {shapes.named(expected.shape, names)} is right)."]
    pattern = _pattern(got, expected, batch)
    if pattern:
        lines.append(pattern)
    wrong = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    difference = np.abs(got - expected)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(difference)), expected.shape))
    lines.append(
        f"  {int(wrong.sum())} of {expected.size} elements differ; the first is [{_index(first)}]: "
        f"expected {_fmt(expected[first])}, got {_fmt(got[first])}"
    )
    if worst != first:
        lines.append(
            f"  the largest error is {_fmt(difference[worst])}, at [{_index(worst)}] "
            f"(expected {_fmt(expected[worst])}, got {_fmt(got[worst])})"
        )
    return "\n".join(lines)


def _index(index: tuple[int, ...]) -> str:
    return ", ".join(str(i) for i in index)


def _pattern(got: np.ndarray, expected: np.ndarray, batch: int | None = None) -> str:
    """A ratio that is the same for every element, stated as a fact. A single number always has "a constant
    ratio" to the right one, so it says nothing there: arrays with at least two nonzero elements only."""
    mask = np.abs(expected) > 1e-12
    if np.count_nonzero(mask) < 2 or np.any(np.abs(got[~mask]) > 1e-12):
        return ""
    ratios = got[mask] / expected[mask]
    ratio = float(np.median(ratios))
    if not np.allclose(ratios, ratio, rtol=1e-6, atol=0) or np.isclose(ratio, 1.0):
        return ""
    if np.isclose(ratio, -1.0):
        return "Every element is the right one with its sign flipped."
    if batch and np.isclose(abs(ratio), 1.0 / batch):
        sign = ", with its sign flipped" if ratio < 0 else ""
        return f"Every element is exactly 1/N = 1/{batch} of the right one{sign}."
    if batch and np.isclose(abs(ratio), batch):
        sign = ", with its sign flipped" if ratio < 0 else ""
        return f"Every element is exactly N = {batch} times the right one{sign}."
    return f"Every element is exactly {_fmt(ratio)} times the right one."


def expect_number(quantity: str, got: Any, expected: float, variants: Sequence[Variant] = ()) -> None:
    """A scalar answer (a loss): an array with more than one element gets its own message."""
    got_array = as_array(quantity, got)
    if got_array.size != 1:
        lines = [f"{quantity} should be one number, got an array of shape {got_array.shape}."]
        variant = matching_variant(got_array, np.asarray(expected, dtype=float), variants)
        if variant is not None:
            fail(f"{quantity}: {variant.message}")
        if np.all(np.isfinite(got_array)) and np.isclose(float(got_array.sum()), float(expected), rtol=RTOL):
            lines.append("Its elements add up to the right answer: return their sum (np.sum).")
        elif np.all(np.isfinite(got_array)) and np.isclose(float(got_array.mean()), float(expected), rtol=RTOL):
            lines.append("The mean of its elements is the right answer: return that one number.")
        table = shapes.shape_story(quantity, got_array, np.zeros((got_array.shape[0], 1)), {}, _flat_inputs())[1:]
        if got_array.ndim == 2 and got_array.shape[0] == got_array.shape[1] > 1:
            lines.extend(line for line in table if "flat" in line and "came in" in line)
        made = (
            _origin_of_shape(got_array.shape)
            if got_array.ndim == 2 and got_array.shape[0] == got_array.shape[1]
            else ""
        )
        if made:
            lines.append(made)
        fail("\n".join(lines))
    expect(quantity, got_array.reshape(()), expected, variants)


def expect_tuple(quantities: Sequence[str], got: Any, function: str, part: str = "") -> tuple[Any, ...]:
    """A function that returns several values: check the count, so the messages after can name each one.
    `part` names a returned value that itself holds several (train's "params")."""
    if not isinstance(got, tuple | list) or len(got) != len(quantities):
        names = ", ".join(quantities)
        if part:
            count = f"{len(got)} values" if isinstance(got, tuple | list) else f"one {type(got).__name__}"
            fail(f"the {part} {function}() returns must be ({names}); it returned {count}.")
        if isinstance(got, tuple | list):
            count = f"{len(got)} values"
        elif isinstance(got, np.ndarray):
            count = f"one array of shape {got.shape}"
        else:
            count = "None" if got is None else f"one {type(got).__name__}"
        fail(f"{function}() must return ({names}); it returned {count}.")
    return tuple(got)


def _same(a: Any, b: Any) -> bool:
    """Equal as numbers (arrays, or lists of arrays), for telling which returned value is which."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        a_array, b_array = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return _close(a_array, b_array)


def _kind(value: Any) -> str:
    """What a returned value is, as far as telling values apart goes: a list of numbers is an array."""
    if isinstance(value, float | int | np.number):
        return "number"
    try:
        return f"array{np.asarray(value, dtype=float).shape}"
    except (TypeError, ValueError):
        pass
    if isinstance(value, list | tuple):
        return f"sequence[{len(value)}]"
    return type(value).__name__


def check_order(
    quantities: Sequence[str], got: Sequence[Any], expected: Sequence[Any], function: str, part: str = "values"
) -> None:
    """Fail when the returned values come back in another order: each one is recognised, by its value or
    else by its shape (when every expected value has its own), as another position's expected value."""
    n = len(expected)
    placed: list[int | None] = []
    for value in got:
        matches = [j for j in range(n) if _same(value, expected[j])]
        placed.append(matches[0] if len(matches) == 1 else None)
    by_value = all(p is not None for p in placed) and sorted(placed) == list(range(n))  # type: ignore[type-var]
    kinds_expected = [_kind(e) for e in expected]
    kinds_got = [_kind(g) for g in got]
    by_kind = (
        len(set(kinds_expected)) == n and sorted(kinds_got) == sorted(kinds_expected) and kinds_got != kinds_expected
    )
    if (by_value and placed != list(range(n))) or (not by_value and by_kind):
        order = (
            [quantities[p] for p in placed] if by_value else [quantities[kinds_expected.index(k)] for k in kinds_got]
        )
        fail(
            f"{function}() returned its {part} in another order: ({', '.join(order)}). "
            f"Return ({', '.join(quantities)})."
        )


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
                    pytest.skip(f"runs once {_describe(name)} passes")
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
    """A check as the learner's checklist names it: `test_d_output_on_the_lesson_network` -> “d output on ...”."""
    return f"“{test_name.removeprefix('test_').replace('_', ' ')}”"


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
    """A bias gradient may come back flat, (n,), where the parameter is (1, n), or as one number where the
    parameter is (1, 1): that is the same answer (it broadcasts into the same step)."""
    if isinstance(got, float | int | np.number) and expected.shape == (1, 1):
        return np.full((1, 1), float(got))
    flat_row = isinstance(got, np.ndarray) and expected.ndim == 2 and expected.shape[0] == 1
    if flat_row and (got.shape == expected.shape[1:] or (got.ndim == 0 and expected.shape == (1, 1))):
        return got.reshape(expected.shape)
    return got
