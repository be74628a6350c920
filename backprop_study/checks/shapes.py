"""Which axes are wrong, and the learner's line that made them.

A wrong shape is a fact worth stating precisely, and its cause is often visible: which axis holds which
size (N samples, D inputs, H hidden units: the graders use sizes that all differ, so each size names its
axis), whether the right numbers are there in another arrangement (transposed, flat, on the diagonal of a
table), and, best of all, the line of the learner's code where the shape first went wrong with the shapes
of the operands it combined. Nothing here guesses: every sentence is read off the arrays or the code.

- `axis_names("N=7 samples, D=3 inputs")` -> {7: "N", 3: "D"}; `named(shape, names)` -> "(7, 3) = (N, D)".
- `shape_story(...)`: the lines describing a wrong shape.
- `explain_operands(exc, learner_files)`: for a NumPy shape error raised on a learner's line, the operands
  of the failing product or elementwise operation with their shapes, and which rearrangements would fit.
- `first_line_making(...)`: replays a call under a line tracer and finds the first of the learner's lines
  that produced an array of a given (wrong) shape, with the shapes of its operands just before it ran.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import linecache
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType, TracebackType
from typing import Any

import numpy as np

_SIZE = re.compile(r"\b([A-Z])=(\d+)\b")


def axis_names(sizes: str) -> dict[int, str]:
    """The letter each size stands for, from a grader's `sizes` text; sizes that repeat are left out."""
    found: dict[int, str] = {}
    repeated: set[int] = set()
    for letter, value in _SIZE.findall(sizes or ""):
        size = int(value)
        if size in found and found[size] != letter:
            repeated.add(size)
        found[size] = letter
    return {size: letter for size, letter in found.items() if size not in repeated and size != 1}


def named(shape: tuple[int, ...], names: dict[int, str]) -> str:
    """`(7, 5) = (N, H)` when every axis longer than 1 has a name, else just `(7, 5)`."""
    plain = str(tuple(shape))
    if not shape or not names or any(size != 1 and size not in names for size in shape):
        return plain
    letters = ", ".join("1" if size == 1 else names[size] for size in shape)
    return f"{plain} = ({letters}{',' if len(shape) == 1 else ''})"


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def shape_story(
    quantity: str,
    got: np.ndarray,
    expected: np.ndarray,
    names: dict[int, str],
    flat_inputs: Sequence[tuple[str, int]] = (),
) -> list[str]:
    """The lines that describe a wrong shape: what it is, and what the numbers in it are, when they are
    recognisable. `flat_inputs` are (name, length) of the 1-D arrays the function was given."""
    lines = [f"{quantity} has the wrong shape: expected {named(expected.shape, names)}, got {named(got.shape, names)}."]
    if got.size == 1 and expected.size > 1:
        value = float(got.reshape(()))
        if np.isclose(value, float(expected.sum()), rtol=1e-6, atol=1e-9):
            lines.append("It is one number, the sum of all the right answer's elements: the sum went over every axis.")
        else:
            lines.append("It is one number where an array is expected.")
        return lines
    if got.ndim == 2 and expected.ndim == 2 and got.shape == expected.shape[::-1]:
        if _close(got.T, expected):
            lines.append(
                "It is the right answer transposed: (A.T @ B).T is B.T @ A, so write the product the other way round."
            )
        else:
            lines.append("Its two axes are the other way round (and the numbers are not the right answer transposed).")
        return lines
    table = _table_story(got, expected, names, flat_inputs)
    if table:
        return lines + table
    if got.size == expected.size:
        if _close(got.reshape(expected.shape), expected):
            if got.ndim < expected.ndim:
                lines.append(
                    "The numbers are right but an axis was lost: keep it (reshape(-1, 1), or keepdims=True in a sum)."
                )
            else:
                lines.append("The numbers are right, in another arrangement of the same elements.")
        else:
            lines.append("It has the right number of elements, in another arrangement.")
        return lines
    axes = _axis_differences(got.shape, expected.shape, names)
    if axes:
        lines.append(axes)
    return lines


def _table_story(
    got: np.ndarray, expected: np.ndarray, names: dict[int, str], flat_inputs: Sequence[tuple[str, int]]
) -> list[str]:
    """An (n, n) table where an (n, 1) column (or (1, n) row) belongs: a column met a row elementwise
    (or in an outer product), and every pair was formed."""
    if expected.ndim != 2 or 1 not in expected.shape or got.ndim != 2:
        return []
    n = max(expected.shape)
    if got.shape != (n, n) or n == 1:
        return []
    letter = names.get(n, str(n))
    lines = []
    if np.allclose(np.diag(got), expected.ravel(), rtol=1e-6, atol=1e-9):
        lines.append(
            f"Its diagonal is the right answer: a column ({letter}, 1) met a row (1, {letter}) or a flat ({letter},) "
            "array, and NumPy paired every element of one with every element of the other."
        )
    else:
        lines.append(
            f"A ({letter}, {letter}) table comes from a column ({letter}, 1) meeting a row (1, {letter}) or a flat "
            f"({letter},) array: NumPy pairs every element of one with every element of the other."
        )
    flat = [name for name, length in flat_inputs if length == n]
    if flat:
        given = " and ".join(f"`{name}`" for name in flat)
        lines.append(f"{given} came in flat, shape ({letter},): make it a column first, with .reshape(-1, 1).")
    return lines


def _axis_differences(got: tuple[int, ...], expected: tuple[int, ...], names: dict[int, str]) -> str:
    if len(got) != len(expected):
        return f"It has {len(got)} axes where {len(expected)} are expected."
    wrong = [(axis, g, e) for axis, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e]
    parts = []
    for axis, g, e in wrong:
        g_name = f" ({names[g]})" if g in names else ""
        e_name = f" ({names[e]})" if e in names else ""
        parts.append(f"axis {axis} has {g}{g_name} where {e}{e_name} belongs")
    return ("Its " + "; ".join(parts) + ".") if parts else ""


# ------------------------------------------------------------------ reading the learner's line


@functools.lru_cache(maxsize=32)
def _tree(path: str, mtime_key: int) -> ast.Module | None:
    source = "".join(linecache.getlines(path))
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


_SIMPLE_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)


def _statement(path: str, line: int) -> tuple[ast.stmt, str] | None:
    """The innermost simple statement on `line` of `path`, and the file's source."""
    linecache.checkcache(path)
    source = "".join(linecache.getlines(path))
    tree = _tree(path, hash(source))
    if tree is None:
        return None
    best: ast.stmt | None = None
    for node in ast.walk(tree):
        if (
            isinstance(node, _SIMPLE_STATEMENTS)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and (best is None or node.lineno >= best.lineno)
        ):
            best = node
    return (best, source) if best is not None else None


_SAFE_NODES = (
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.Constant,
    ast.Tuple,
    ast.Load,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.BinOp,
    ast.operator,
)


def _evaluable(node: ast.AST, names: dict[str, Any], learner_files: frozenset[str]) -> bool:
    """Names, attributes (not private ones), subscripts, arithmetic, and calls of NumPy's functions or of
    functions written in the learner's file: what can be evaluated again without surprises."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr.startswith("_"):
            return False
        if isinstance(inner, ast.Call):
            if not _callable_again(inner.func, names, learner_files):
                return False
            continue
        if isinstance(inner, ast.keyword | ast.expr_context | ast.operator | ast.unaryop):
            continue
        if not isinstance(inner, _SAFE_NODES):
            return False
    return True


# Array methods that only read the array: evaluating them again changes nothing.
_READING_METHODS = frozenset(
    {"reshape", "ravel", "flatten", "sum", "mean", "max", "min", "dot", "copy", "astype", "squeeze", "transpose"}
)


def _callable_again(func: ast.expr, names: dict[str, Any], learner_files: frozenset[str]) -> bool:
    if isinstance(func, ast.Attribute) and func.attr in _READING_METHODS:
        return True
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return False
    value = names.get(root.id)
    if value is np:
        return True
    code = getattr(value, "__code__", None)
    return isinstance(func, ast.Name) and code is not None and code.co_filename in learner_files


@functools.lru_cache(maxsize=256)
def _compiled(text: str) -> Any:
    return compile(text, "<operand>", "eval")


def _evaluate(node: ast.expr, frame: FrameType | dict[str, Any], frame_globals: dict[str, Any]) -> Any:
    local = frame.f_locals if isinstance(frame, FrameType) else frame
    with np.errstate(all="ignore"):
        return eval(_compiled(ast.unparse(node)), dict(frame_globals), dict(local))


@dataclass(frozen=True)
class Operand:
    text: str
    shape: tuple[int, ...] | None  # None: not an array


def _operand(
    node: ast.expr, source: str, frame: Any, frame_globals: dict[str, Any], learner_files: frozenset[str]
) -> Operand | None:
    text = ast.get_source_segment(source, node) or ast.unparse(node)
    local = frame.f_locals if isinstance(frame, FrameType) else frame
    if not _evaluable(node, {**frame_globals, **local}, learner_files):
        return None
    try:
        value = _evaluate(node, frame, frame_globals)
    except Exception:
        return None
    shape = tuple(np.shape(value)) if isinstance(value, np.ndarray | np.generic) else None
    return Operand(" ".join(text.split()), shape)


def _learner_traceback(exc: BaseException, learner_files: frozenset[str]) -> TracebackType | None:
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in learner_files:
            found = tb
        tb = tb.tb_next
    return found


def _matmul_nodes(statement: ast.stmt) -> list[tuple[ast.expr, ast.expr]]:
    pairs = []
    for node in ast.walk(statement):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            pairs.append((node.left, node.right))
        elif isinstance(node, ast.Call) and len(node.args) == 2:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("dot", "matmul") and isinstance(func.value, ast.Name):
                pairs.append((node.args[0], node.args[1]))
        elif (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "dot"
            and not (isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy"))
        ):
            pairs.append((node.func.value, node.args[0]))
    return pairs


_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.FloorDiv)


def _elementwise_nodes(statement: ast.stmt) -> list[tuple[ast.expr, ast.expr, str]]:
    symbols = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.FloorDiv: "//"}
    pairs = []
    for node in ast.walk(statement):
        if isinstance(node, ast.BinOp) and isinstance(node.op, _ELEMENTWISE):
            pairs.append((node.left, node.right, symbols[type(node.op)]))
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, _ELEMENTWISE):
            pairs.append((node.target, node.value, symbols[type(node.op)] + "="))
    return pairs


def _fits(left: tuple[int, ...], right: tuple[int, ...]) -> bool:
    if not left or not right:
        return False
    return left[-1] == (right[0] if len(right) == 1 else right[-2])


def _transposed(shape: tuple[int, ...]) -> tuple[int, ...]:
    return shape[::-1]


def _broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def explain_operands(exc: BaseException, learner_files: frozenset[str]) -> list[str]:
    """For a shape error raised on one of the learner's lines, the failing operation's operands and shapes,
    then the rearrangements (a transpose removed or added, the order swapped) under which they would fit."""
    tb = _learner_traceback(exc, learner_files)
    if tb is None:
        return []
    frame = tb.tb_frame
    found = _statement(frame.f_code.co_filename, tb.tb_lineno)
    if found is None:
        return []
    statement, source = found
    text = str(exc)
    if re.search(r"matmul|not aligned|dot", text):
        for left_node, right_node in _matmul_nodes(statement):
            left = _operand(left_node, source, frame, frame.f_globals, learner_files)
            right = _operand(right_node, source, frame, frame.f_globals, learner_files)
            if left is None or right is None or left.shape is None or right.shape is None:
                continue
            if _fits(left.shape, right.shape):
                continue
            return _matmul_story(left, right)
    if "broadcast" in text:
        for left_node, right_node, symbol in _elementwise_nodes(statement):
            left = _operand(left_node, source, frame, frame.f_globals, learner_files)
            right = _operand(right_node, source, frame, frame.f_globals, learner_files)
            if left is None or right is None or left.shape is None or right.shape is None:
                continue
            if _broadcasts(left.shape, right.shape):
                continue
            return [
                f"`{left.text}` is {left.shape} and `{right.text}` is {right.shape}: {symbol} works element by "
                "element, so their shapes must match (or have 1 on the axis where they differ)."
            ]
    return []


def _strip_transpose(text: str) -> str | None:
    return text[: -len(".T")] if text.endswith(".T") else None


def _matmul_story(left: Operand, right: Operand) -> list[str]:
    assert left.shape is not None and right.shape is not None
    k_left = left.shape[-1]
    k_right = right.shape[0] if len(right.shape) == 1 else right.shape[-2]
    lines = [
        f"`{left.text}` is {left.shape} and `{right.text}` is {right.shape}: in A @ B the columns of A "
        f"({k_left}) must match the rows of B ({k_right})."
    ]
    options = []
    if len(right.shape) == 2 and _fits(left.shape, _transposed(right.shape)):
        bare = _strip_transpose(right.text)
        options.append(f"`{left.text} @ {bare}` (without the .T)" if bare else f"`{left.text} @ {right.text}.T`")
    if len(left.shape) == 2 and _fits(_transposed(left.shape), right.shape):
        bare = _strip_transpose(left.text)
        options.append(f"`{bare} @ {right.text}` (without the .T)" if bare else f"`{left.text}.T @ {right.text}`")
    if _fits(right.shape, left.shape):
        options.append(f"`{right.text} @ {left.text}` (the other order)")
    if left.shape == right.shape:
        options.append(f"`{left.text} * {right.text}` (element by element)")
    if options:
        lines.append(
            "These would fit: " + ", or ".join(options) + ". Pick the one whose result has the shape you need."
        )
    else:
        lines.append(
            "No transpose and no change of order makes these two fit: one of them is not the array this product needs."
        )
    return lines


# ------------------------------------------------------------------ replaying a call to find a line


_LINE_BUDGET = 20_000  # line events a replay may trace before it gives up (a message must come quickly)


@dataclass(frozen=True)
class ShapeOrigin:
    path: str
    line: int
    code: str
    made: str  # the local that first had the shape
    operands: tuple[Operand, ...]


def first_line_making(
    fn: Callable[..., Any],
    args: Sequence[Any],
    kwargs: dict[str, Any],
    learner_files: frozenset[str],
    shape: tuple[int, ...],
    known_shapes: Sequence[tuple[int, ...]] = (),
) -> ShapeOrigin | None:
    """Run `fn(*args, **kwargs)` again with a line tracer on the learner's files, and return the first of
    their lines after which a local variable holds an array of `shape` (a shape none of the inputs had).

    The operands of that line are evaluated just before it runs, so their shapes are the ones it combined.
    Any exception in the replay ends it quietly: this only adds detail to a message.
    """
    if tuple(shape) in {tuple(s) for s in known_shapes}:
        return None
    states: dict[int, tuple[int, dict[str, tuple[int, tuple[int, ...]]], tuple[Operand, ...]]] = {}
    found: list[ShapeOrigin] = []
    budget = [_LINE_BUDGET]

    def arrays(frame: FrameType) -> dict[str, tuple[int, tuple[int, ...]]]:
        return {
            name: (id(value), value.shape) for name, value in frame.f_locals.items() if isinstance(value, np.ndarray)
        }

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        budget[0] -= 1
        if found or budget[0] < 0:  # a shape that goes wrong does so early; a long run is not traced to its end
            return None
        key = id(frame)
        previous = states.get(key)
        if previous is not None:
            line, before, operands = previous
            for name, (identity, made_shape) in arrays(frame).items():
                if made_shape == tuple(shape) and before.get(name) != (identity, made_shape):
                    path = frame.f_code.co_filename
                    code = linecache.getline(path, line).strip()
                    found.append(ShapeOrigin(path, line, code, name, operands))
                    return None
        if event == "line":
            states[key] = (frame.f_lineno, arrays(frame), _line_operands(frame, learner_files))
        elif event == "return":
            returned = arg if isinstance(arg, tuple | list) else (arg,)
            if previous is not None and any(
                isinstance(value, np.ndarray) and value.shape == tuple(shape) for value in returned
            ):
                path = frame.f_code.co_filename
                line, _, operands = previous
                found.append(ShapeOrigin(path, line, linecache.getline(path, line).strip(), "", operands))
                return None
            states.pop(key, None)
        return local

    def global_trace(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename in learner_files and not found:
            return local
        return None

    previous_trace = sys.gettrace()
    sys.settrace(global_trace)
    try:
        with np.errstate(all="ignore"), contextlib.redirect_stdout(None):
            fn(*args, **kwargs)
    except BaseException as exc:  # the replay only adds detail; a learner's KeyboardInterrupt still stops
        if isinstance(exc, KeyboardInterrupt):
            raise
    finally:
        sys.settrace(previous_trace)
    return found[0] if found else None


def _line_operands(frame: FrameType, learner_files: frozenset[str]) -> tuple[Operand, ...]:
    found = _statement(frame.f_code.co_filename, frame.f_lineno)
    if found is None:
        return ()
    statement, source = found
    value = getattr(statement, "value", None)
    if not isinstance(value, ast.expr):
        return ()
    leaves: list[ast.expr] = []

    def collect(node: ast.expr) -> None:
        if isinstance(node, ast.BinOp):
            collect(node.left)
            collect(node.right)
        else:
            leaves.append(node)

    collect(value)
    if isinstance(statement, ast.AugAssign):
        leaves.insert(0, statement.target)
    operands = []
    for leaf in leaves:
        if isinstance(leaf, ast.Constant):
            continue
        operand = _operand(leaf, source, frame, frame.f_globals, learner_files)
        if operand is not None and operand.shape is not None:
            operands.append(operand)
    return tuple(operands)


def origin_line(origin: ShapeOrigin, file_name: str) -> str:
    """`Line 14 of 04_d_output.py made it: `d_output = error * slope.T` (error (7, 1), slope.T (1, 7)).`"""
    shapes = ", ".join(f"{o.text} {o.shape}" for o in origin.operands if o.shape)
    detail = f" ({shapes})" if shapes else ""
    return f"{file_name} line {origin.line} made it: `{origin.code}`{detail}."
