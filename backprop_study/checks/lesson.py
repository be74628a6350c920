"""The lesson's 2-layer network on seeded inputs (exercises 01-07): every intermediate quantity from the
reference, sizes that all differ, and whole training runs step by step."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from backprop_study.solutions import backprop as ref


@dataclass(frozen=True)
class Case:
    """Inputs for the lesson's network, with every intermediate quantity from the reference.

    Sizes all differ (N ≠ D ≠ H ≠ 1), so `X @ W1.T` or `d_output @ W2` fail loudly instead of passing.
    """

    X: np.ndarray  # (N, D)
    y: np.ndarray  # (N, 1)
    weights_input_hidden: np.ndarray  # (D, H)
    weights_hidden_output: np.ndarray  # (H, 1)
    learning_rate: float

    @property
    def N(self) -> int:
        return self.X.shape[0]

    @property
    def sizes(self) -> str:
        N, D = self.X.shape
        return f"N={N} samples, D={D} inputs, H={self.weights_input_hidden.shape[1]} hidden units"

    @functools.cached_property
    def hidden_input(self) -> np.ndarray:
        return self.X @ self.weights_input_hidden  # (N, H)

    @functools.cached_property
    def hidden_output(self) -> np.ndarray:
        return ref.sigmoid(self.hidden_input)  # (N, H)

    @functools.cached_property
    def output_input(self) -> np.ndarray:
        return self.hidden_output @ self.weights_hidden_output  # (N, 1)

    @functools.cached_property
    def output(self) -> np.ndarray:
        return ref.sigmoid(self.output_input)  # (N, 1)

    @functools.cached_property
    def error(self) -> np.ndarray:
        return ref.output_error(self.y, self.output)

    @functools.cached_property
    def d_output(self) -> np.ndarray:
        return ref.output_delta(self.error, self.output)

    @functools.cached_property
    def d_hidden(self) -> np.ndarray:
        return ref.hidden_delta(self.d_output, self.weights_hidden_output, self.hidden_output)

    @functools.cached_property
    def updated(self) -> tuple[np.ndarray, np.ndarray]:
        """(new weights_input_hidden, new weights_hidden_output) after one lesson step."""
        return ref.update_weights(
            self.X,
            self.hidden_output,
            self.d_output,
            self.d_hidden,
            self.weights_input_hidden,
            self.weights_hidden_output,
            self.learning_rate,
        )

    def loss_of_output_input(self, output_input: np.ndarray) -> float:
        return ref.squared_error(self.y, ref.sigmoid(output_input))

    def loss_of_hidden_input(self, hidden_input: np.ndarray) -> float:
        return ref.squared_error(self.y, ref.sigmoid(ref.sigmoid(hidden_input) @ self.weights_hidden_output))

    def loss_of_weights(self, weights_input_hidden: np.ndarray, weights_hidden_output: np.ndarray) -> float:
        return ref.squared_error(self.y, ref.forward(self.X, weights_input_hidden, weights_hidden_output)[1])


CASE_SIZES = ((7, 3, 5), (6, 4, 3), (9, 2, 4))  # (N, D, H): all different within each, and from 1


def lesson_cases(seed: int = 0, sizes: Sequence[tuple[int, int, int]] = CASE_SIZES) -> list[Case]:
    """A few seeded cases for the lesson's 2-layer net, one per (N, D, H)."""
    cases = []
    for offset, (n, d, h) in enumerate(sizes):
        rng = np.random.default_rng(seed + offset)
        cases.append(
            Case(
                X=rng.random((n, d)),
                y=rng.integers(0, 2, size=(n, 1)).astype(float),
                weights_input_hidden=rng.normal(size=(d, h)),
                weights_hidden_output=rng.normal(size=(h, 1)),
                learning_rate=float(rng.choice([0.1, 0.5, 0.3])),
            )
        )
    return cases


def run_steps(
    case: Case, epochs: int, step: Callable[[Case], tuple[np.ndarray, np.ndarray]]
) -> tuple[Case, np.ndarray]:
    """The case after `epochs` repetitions of `step` (the right one is `lambda c: c.updated`), and the loss
    ½Σ(y−o)² before each step. A wrong step may run away to inf or NaN: that is its run, quietly."""
    losses = np.empty(epochs)
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            losses[epoch] = ref.squared_error(case.y, case.output)
            new_w1, new_w2 = step(case)
            case = Case(case.X, case.y, new_w1, new_w2, case.learning_rate)
    return case, losses


def run_measure(case: Case, epochs: int, measure: Callable[[Case], float]) -> np.ndarray:
    """`measure` of the right run's state before each of its `epochs` steps (another way to record a loss)."""
    values = np.empty(epochs)
    for epoch in range(epochs):
        values[epoch] = measure(case)
        new_w1, new_w2 = case.updated
        case = Case(case.X, case.y, new_w1, new_w2, case.learning_rate)
    return values
