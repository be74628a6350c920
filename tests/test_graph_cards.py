"""The computation-graph card: every node's gradient checked against the reference and finite differences
over many draws, each catalogued mistake named at its node, and the walk carried on after a wrong answer."""

from __future__ import annotations

import random

import numpy as np
import pytest

from backprop_study.cards.graph import (
    GraphAnswerError,
    GraphWalk,
    format_values,
    lesson_graph,
    parse_values,
    tolerance,
)
from backprop_study.solutions import backprop as ref


def loss_of(x: np.ndarray, y: float, W1: np.ndarray, W2: np.ndarray) -> float:
    return float(ref.squared_error(np.array([[y]]), ref.forward(x, W1, W2)[1]))


@pytest.mark.parametrize("seed", range(300))
def test_every_node_agrees_with_the_reference_and_finite_differences(seed: int) -> None:
    graph = lesson_graph(random.Random(seed))
    steps = {step.node: step.expected for step in graph.steps}
    x, y, W1, W2 = graph.x, graph.y, graph.W1, graph.W2
    # The loss as a function of each node, the graph cut open there.
    hidden = ref.sigmoid(x @ W1)
    output = ref.sigmoid(hidden @ W2)
    assert graph.loss == pytest.approx(loss_of(x, y, W1, W2), abs=1e-12)
    # The reference's own backward: its weight gradient for W1 (sum loss, the lesson's network, no biases).
    activations = ref.network_forward([(W1, np.zeros((1, 2))), (W2, np.zeros((1, 1)))], x, "sigmoid", "sigmoid")
    (dW1, _), _ = ref.network_gradients(
        [(W1, np.zeros((1, 2))), (W2, np.zeros((1, 1)))], activations, np.array([[y]]), "sigmoid", "sigmoid", "sse"
    )
    np.testing.assert_allclose(steps["dL/dW1"], dW1, rtol=1e-10, atol=1e-12)
    cuts = {
        "dL/do": (output, lambda o: float(0.5 * np.sum((y - o) ** 2))),
        "dL/dz2": (hidden @ W2, lambda z2: float(0.5 * np.sum((y - ref.sigmoid(z2)) ** 2))),
        "dL/dh": (hidden, lambda h: float(0.5 * np.sum((y - ref.sigmoid(h @ W2)) ** 2))),
        "dL/dz1": (x @ W1, lambda z1: float(0.5 * np.sum((y - ref.sigmoid(ref.sigmoid(z1) @ W2)) ** 2))),
        "dL/dW1": (W1, lambda w: loss_of(x, y, w, W2)),
    }
    for node, (point, loss) in cuts.items():
        point = np.array(point, dtype=float)
        numeric = ref.numerical_gradient(lambda loss=loss, point=point: loss(point), point)
        assert ref.relative_error(steps[node], numeric) < 1e-7, node
    # A fair draw: every asked value is clear of zero and of each mistake at its node.
    for step in graph.steps:
        assert np.all(np.abs(step.expected) >= 0.001)
        for what, wrong in step.mistakes:
            apart = np.abs(np.reshape(wrong, step.expected.shape) - step.expected) > 2 * tolerance(step.expected)
            assert np.any(apart), what


@pytest.mark.parametrize("seed", range(40))
def test_each_mistake_is_named_at_its_node_and_the_walk_carries_on(seed: int) -> None:
    graph = lesson_graph(random.Random(1000 + seed))
    for index, step in enumerate(graph.steps):
        for what, wrong in step.mistakes:
            walk = GraphWalk(graph)
            for earlier in graph.steps[:index]:
                assert walk.answer(format_values(earlier.expected)).correct
            verdict = walk.answer(format_values(np.asarray(wrong, dtype=float)))
            assert not verdict.correct and verdict.mistake == what, (step.node, what, verdict)
            assert step.rule in verdict.message and step.shown in verdict.message
            assert walk.current is (graph.steps[index + 1] if index + 1 < len(graph.steps) else None)


def test_a_right_walk_and_answers_in_any_number_format() -> None:
    graph = lesson_graph(random.Random(7))
    walk = GraphWalk(graph)
    for step in graph.steps:
        values = step.expected.ravel()
        typed = "[" + " ".join(f"{v:.8f}" for v in values) + "]"  # NumPy's own print format
        assert walk.answer(typed.replace("-", "−")).correct
    assert walk.done and walk.right == len(graph.steps)
    with pytest.raises(GraphAnswerError, match="finished"):
        walk.answer("1")


def test_an_unreadable_answer_is_asked_again_not_marked_wrong() -> None:
    walk = GraphWalk(lesson_graph(random.Random(3)))
    with pytest.raises(GraphAnswerError, match="one number"):
        walk.answer("no idea")
    assert walk.answers == []
    with pytest.raises(GraphAnswerError, match="2 numbers"):
        parse_values("0.1", 2)
    assert parse_values("0.1, −2e-1", 2).tolist() == [0.1, -0.2]
