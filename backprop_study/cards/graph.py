"""The computation graph, walked: the lesson's network for one example, its gradient asked one node at a
time from the loss backwards, every answer checked against the reference with fresh numbers each time.

    x ──W1──▶ z1 ──σ──▶ h ──W2──▶ z2 ──σ──▶ o ──▶ L = ½ (y − o)²

`lesson_graph(rng)` draws one example (x, y) and weights (W1 (2, 2), W2 (2, 1)) and computes the forward
values and every gradient with `solutions/backprop.py`. `GraphWalk` asks for dL/do, dL/dz2, dL/dh, dL/dz1
and dL/dW1 in that order (each needs only the one before it and the node's own local derivative); a wrong
answer is told the local rule that applies at that node, and the mistake it matches when it matches one,
and the walk carries on with the right value. The whole walk's verdict suggests the rating.

The gradients are of the loss L (the lesson's own d_output is −dL/dz2, under its error = y − output).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

LESSON_DIAGRAM = "x ──W1──▶ z1 ──σ──▶ h ──W2──▶ z2 ──σ──▶ o ──▶ L = ½ (y − o)²"
SIGNIFICANT = 3  # answers are asked, and shown, to three significant figures
GRAPHS = frozenset({"lesson"})
_MIN_SIZE = 0.001  # every asked value is at least this far from 0: rounding to 3 figures keeps its sign


@dataclass(frozen=True)
class GraphNode:
    name: str  # "z1"
    label: str  # what it is: "z1 = x · W1 (pre-activation, 1×2)"
    value: np.ndarray  # its forward value


@dataclass(frozen=True)
class GraphStep:
    """One gradient to find: at `node`, from the step before it and the node's local derivative."""

    node: str  # "dL/dz2"
    expected: np.ndarray
    rule: str  # the local derivative rule that applies here, in one line
    how: str  # how the value follows from the previous step, with this example's numbers
    # Known wrong answers at this node: (what it is, its value). A match is named.
    mistakes: tuple[tuple[str, np.ndarray], ...] = ()

    @property
    def size(self) -> int:
        return int(self.expected.size)

    @property
    def shown(self) -> str:
        return format_values(self.expected)


@dataclass(frozen=True)
class StepVerdict:
    correct: bool
    given: str
    expected: str
    message: str  # one sentence, and on a wrong answer the rule that applies at the node
    mistake: str | None = None


@dataclass(frozen=True)
class LessonGraph:
    x: np.ndarray  # (1, 2)
    y: float
    W1: np.ndarray  # (2, 2)
    W2: np.ndarray  # (2, 1)
    nodes: tuple[GraphNode, ...]
    loss: float
    steps: tuple[GraphStep, ...]


def format_values(values: np.ndarray) -> str:
    flat = np.asarray(values, dtype=float).ravel()
    return ", ".join(_figures(float(v)) for v in flat)


def _figures(value: float) -> str:
    """Three significant figures, never in e-notation for the sizes a graph card draws ("0.00412", "−1.23")."""
    if value == 0:
        return "0"
    digits = max(0, SIGNIFICANT - 1 - int(np.floor(np.log10(abs(value)))))
    return f"{value:.{digits}f}".replace("-", "−")


def lesson_graph(rng: random.Random | None = None) -> LessonGraph:
    """A fresh example on the lesson's 2-2-1 sigmoid network, its forward values and its gradients.

    Draws are taken again while any asked gradient would sit within `_MIN_SIZE` of zero (a sign or
    slope mistake must change the answer visibly) or within the tolerance of one of its mistakes."""
    from backprop_study.solutions import backprop as ref

    rng = rng or random.Random()
    for _ in range(1000):
        x = np.array([[round(rng.uniform(0.1, 1.0), 1) for _ in "ab"]])
        y = float(rng.choice([0.0, 1.0]))
        W1 = np.array([[round(rng.uniform(-2, 2), 1) for _ in "ab"] for _ in "ab"])
        W2 = np.array([[round(rng.uniform(-2, 2), 1)] for _ in "ab"])
        graph = _build(ref, x, y, W1, W2)
        if _fair(graph):
            return graph
    raise RuntimeError("no fair draw found for the lesson's graph")  # pragma: no cover - far fewer draws always do


def _build(ref: object, x: np.ndarray, y: float, W1: np.ndarray, W2: np.ndarray) -> LessonGraph:
    sigmoid: Callable[[np.ndarray], np.ndarray] = ref.sigmoid  # type: ignore[attr-defined]
    z1 = x @ W1
    h = sigmoid(z1)
    z2 = h @ W2
    o = sigmoid(z2)
    loss = float(ref.squared_error(np.array([[y]]), o))  # type: ignore[attr-defined]
    d_o = o - y  # dL/do
    d_z2 = d_o * o * (1 - o)
    d_h = d_z2 @ W2.T
    d_z1 = d_h * h * (1 - h)
    d_W1 = x.T @ d_z1
    # The reference's own backward agrees (tests check it for many draws); these lines follow the graph.
    steps = (
        GraphStep(
            "dL/do",
            d_o,
            "L = ½ (y − o)²: its slope in o is dL/do = o − y (the ½ cancels the square's 2).",
            f"o − y = {_n(o)} − {_n(y)}",
            (
                ("y − o: the slope of L has the opposite sign", y - o),
                ("(o − y)²: that is twice L, not its slope", (o - y) ** 2),
            ),
        ),
        GraphStep(
            "dL/dz2",
            d_z2,
            "o = σ(z2): the sigmoid's slope is o(1 − o), from its output o; multiply: dL/dz2 = dL/do · o(1 − o).",
            f"{_n(d_o)} · {_n(o)} · (1 − {_n(o)})",
            (
                ("σ' taken at z2 as z2(1 − z2): the slope is o(1 − o), from the output", d_o * z2 * (1 - z2)),
                ("dL/do alone: the sigmoid's slope o(1 − o) is left out", d_o),
                ("o(1 − o) alone: multiply by dL/do too", o * (1 - o)),
            ),
        ),
        GraphStep(
            "dL/dh",
            d_h,
            "z2 = h · W2: z2 moves by W2_j when h_j does, so dL/dh = dL/dz2 · W2ᵀ (one value per hidden unit).",
            f"{_n(d_z2)} · [{format_values(W2)}]",
            (
                ("multiplied by h instead of W2: dz2/dh is the weight W2", d_z2 * h),
                ("dL/dz2 alone: multiply by each hidden unit's weight W2_j", np.full_like(h, float(d_z2.item()))),
            ),
        ),
        GraphStep(
            "dL/dz1",
            d_z1,
            "h = σ(z1): element by element, dL/dz1 = dL/dh ⊙ h(1 − h), the slope from the output h.",
            f"[{format_values(d_h)}] ⊙ [{format_values(h * (1 - h))}]",
            (
                ("σ' taken at z1 as z1(1 − z1): the slope is h(1 − h), from the output", d_h * z1 * (1 - z1)),
                ("dL/dh alone: the hidden sigmoid's slope h(1 − h) is left out", d_h),
            ),
        ),
        GraphStep(
            "dL/dW1",
            d_W1,
            "z1 = x · W1: W1[i, j] feeds z1_j through x_i, so dL/dW1 = xᵀ · dL/dz1 (row i: x_i times dL/dz1).",
            f"[{format_values(x)}]ᵀ · [{format_values(d_z1)}]",
            (
                ("the rows and columns swapped: row i of dL/dW1 is x_i · dL/dz1", (x.T @ d_z1).T),
                ("multiplied by h instead of x: W1 is fed by the input x", h.T @ d_z1),
            ),
        ),
    )
    nodes = (
        GraphNode("x", "x, the example (1×2)", x),
        GraphNode("z1", "z1 = x · W1 (1×2)", z1),
        GraphNode("h", "h = σ(z1) (1×2)", h),
        GraphNode("z2", "z2 = h · W2 (1×1)", z2),
        GraphNode("o", "o = σ(z2)", o),
    )
    return LessonGraph(x, y, W1, W2, nodes, loss, steps)


def _fair(graph: LessonGraph) -> bool:
    """Every asked value clear of zero, and of every mistake's value at its node, at the tolerance."""
    for step in graph.steps:
        if np.any(np.abs(step.expected) < _MIN_SIZE):
            return False
        for _what, wrong in step.mistakes:
            wrong = np.asarray(wrong, dtype=float).reshape(step.expected.shape)
            # Twice the tolerance apart: no answer accepted as right can also be that mistake.
            if np.all(np.abs(wrong - step.expected) <= 2 * tolerance(step.expected)):
                return False
    return True


def _n(value: object) -> str:
    return _figures(float(np.asarray(value, dtype=float).ravel()[0]))


def tolerance(expected: np.ndarray) -> np.ndarray:
    """1% of the value (an answer rounded to three figures is within 0.5%), and never below 1e-5."""
    return np.maximum(1e-5, 0.01 * np.abs(expected))


def _close(given: np.ndarray, expected: np.ndarray) -> bool:
    return bool(np.all(np.abs(given - expected) <= tolerance(expected)))


_NUMBER = re.compile(r"[-−+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-−+]?\d+)?")


class GraphAnswerError(ValueError):
    """An answer that cannot be read as the right count of numbers: ask again, do not mark it wrong."""


def parse_values(text: str, count: int) -> np.ndarray:
    """The numbers in an answer ("0.25", "[0.1 -0.2]", "0.1, −0.2"): exactly `count` of them."""
    found = [float(match.replace("−", "-")) for match in _NUMBER.findall(text)]
    if len(found) != count:
        wanted = "one number" if count == 1 else f"{count} numbers, separated by spaces or commas"
        got = "none" if not found else f"{len(found)}"
        raise GraphAnswerError(f"give {wanted} (found {got})")
    return np.array(found, dtype=float)


@dataclass
class GraphWalk:
    """One walk through a graph card: the learner answers each step in turn."""

    graph: LessonGraph
    answers: list[StepVerdict] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.answers) == len(self.graph.steps)

    @property
    def current(self) -> GraphStep | None:
        return None if self.done else self.graph.steps[len(self.answers)]

    def answer(self, text: str) -> StepVerdict:
        """Check the answer to the current step; the walk moves on either way (a wrong one shows the
        right value and the rule, so the next step can be worked from it). GraphAnswerError when the
        answer cannot be read."""
        step = self.current
        if step is None:
            raise GraphAnswerError("the walk is finished")
        given = parse_values(text, step.size).reshape(step.expected.shape)
        shown_given = format_values(given)
        if _close(given, step.expected):
            verdict = StepVerdict(True, shown_given, step.shown, f"Right: {step.node} = {step.shown}.")
        else:
            named = next(
                (
                    what
                    for what, wrong in step.mistakes
                    if _close(given, np.asarray(wrong, dtype=float).reshape(given.shape))
                ),
                None,
            )
            lead = f"Not quite: that is {named}." if named else f"Not quite: {step.node} = {step.shown}."
            message = f"{lead} {step.rule} Here: {step.how} = {step.shown}."
            verdict = StepVerdict(False, shown_given, step.shown, message, named)
        self.answers.append(verdict)
        return verdict

    @property
    def right(self) -> int:
        return sum(verdict.correct for verdict in self.answers)
