"""Backpropagation in NumPy: the lesson's network,
then the same ideas in general.

Read it top to bottom. Part 1 is the lesson's code, one function per step:

    forward pass
        hidden_output = sigmoid(X @ weights_input_hidden)
        output        = sigmoid(hidden_output @ weights_hidden_output)
    error
        error = y - output
    backward pass
        d_output = error * sigmoid_derivative(output)
        d_hidden = d_output @ weights_hidden_output.T
                   * sigmoid_derivative(hidden_output)
    update
        weights_hidden_output += hidden_output.T @ d_output * learning_rate
        weights_input_hidden  += X.T @ d_hidden * learning_rate

Which way is downhill? The lesson never writes a loss, but its update is plain
gradient descent on the squared error L = ½ Σ (y − o)² (a sum over the batch,
not a mean). By the chain rule dL/d(output_input) = −(y − o)·σ'(o) = −d_output,
so dL/dW2 = −hidden_output.T @ d_output, and
`W2 += lr * hidden_output.T @ d_output` is `W2 -= lr * dL/dW2`. The sign lives
in `error = y - output`; flip it and the net climbs the loss instead.

What the lesson's run shows. With seed 42 and 10,000 epochs at learning rate
0.1 the final output is about [0.204, 0.736, 0.736, 0.344] for the targets
[0, 1, 1, 0]: every answer is on the right side of 0.5 (from epoch 4,345 on),
so the net does classify XOR, but every output is still more than 0.2 from its
target. Training on gets there: all four within 0.1 after 85,000 epochs at
rate 0.1, 8,501 at rate 1.0 (`epochs_to_reach_targets`). Biases (part 2) make
the same run about 13 times faster at the same rate: 6,638 epochs at 0.1, 665
at 1.0. Without them one input is pinned: for (0, 0), X @ W1 is (0, 0)
whatever W1 is, so the hidden activations are always sigmoid(0) = (0.5, 0.5),
and the output for (0, 0) is sigmoid(0.5·(w1 + w2)) for the two
hidden-to-output weights; pulling it towards 0 pulls on the weights the other
three inputs need. tests/test_reference.py measures every number here.

Part 3 is the general version: any number of layers, sigmoid / tanh / ReLU,
squared error (sum or batch mean) or softmax cross-entropy, L2 weight decay,
mini-batches. Part 4 checks gradients by finite differences. There,
gradients are those of the loss (to subtract), as every library writes them.

Shapes: X (N, D) inputs, y (N, 1) or (N, K) targets, a hidden layer (N, H).
Every function takes and returns float64 arrays and never modifies its inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

# ---------------------------------------------------------------- activations
# Each derivative takes the activation a = f(z), not z, as the lesson's
# sigmoid_derivative does: the forward pass already computed a, so the
# backward pass reuses it.


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^−z), written so that e^x never overflows
    (|z| up to 1000 and beyond).
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """σ'(z) written with the activation a = σ(z): a·(1 − a)."""
    a = np.asarray(a, dtype=float)
    return a * (1.0 - a)


def tanh(z: np.ndarray) -> np.ndarray:
    return np.tanh(np.asarray(z, dtype=float))


def tanh_derivative(a: np.ndarray) -> np.ndarray:
    """tanh'(z) written with a = tanh(z): 1 − a²."""
    a = np.asarray(a, dtype=float)
    return 1.0 - a**2


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_derivative(a: np.ndarray) -> np.ndarray:
    """relu'(z) written with a = relu(z):
    1 where the unit is on, 0 where it is off.
    """
    return (np.asarray(a, dtype=float) > 0).astype(float)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax; subtracting each row's maximum changes nothing but
    keeps e^z finite.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


Activation = Callable[[np.ndarray], np.ndarray]
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}


@dataclass
class TrainingRun:
    """What a training loop leaves: the last weights, the last output, and the
    loss of every epoch.
    """

    weights: tuple = ()
    output: np.ndarray = field(default_factory=lambda: np.zeros((0, 1)))
    losses: np.ndarray = field(default_factory=lambda: np.zeros(0))


# ------------------------------------------------ part 1: the lesson's network

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)  # (4, 1)


def lesson_weights(seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """The lesson's starting weights, drawn as
    `np.random.seed(42); np.random.rand(2,2); np.random.rand(2,1)`.

    A private RandomState gives the same numbers without touching NumPy's
    global generator.
    """
    rng = np.random.RandomState(seed)
    weights_input_hidden = rng.rand(2, 2)  # (D, H) = (2, 2)
    weights_hidden_output = rng.rand(2, 1)  # (H, 1) = (2, 1)
    return weights_input_hidden, weights_hidden_output


def forward(
    X: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The forward pass: returns (hidden_output (N, H), output (N, 1))."""
    hidden_input = X @ weights_input_hidden  # (N, D) @ (D, H) -> (N, H)
    hidden_output = sigmoid(hidden_input)  # (N, H)
    # (N, H) @ (H, 1) -> (N, 1)
    output_input = hidden_output @ weights_hidden_output
    output = sigmoid(output_input)  # (N, 1)
    return hidden_output, output


def output_error(y: np.ndarray, output: np.ndarray) -> np.ndarray:
    """error = y − output (N, 1): positive where the net should go up.
    This sign makes `+=` go downhill.
    """
    return np.asarray(y, dtype=float) - output


def squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ Σ (y − o)²: the loss whose negative gradient
    the lesson's `+=` follows.
    """
    return float(0.5 * np.sum((np.asarray(y, dtype=float) - output) ** 2))


def output_delta(error: np.ndarray, output: np.ndarray) -> np.ndarray:
    """d_output (N, 1) = error · σ'(output): the error seen at the output
    unit's input (= −dL/d output_input).
    """
    return error * sigmoid_derivative(output)  # chain rule: dL/do · do/dz


def hidden_delta(
    d_output: np.ndarray,
    weights_hidden_output: np.ndarray,
    hidden_output: np.ndarray,
) -> np.ndarray:
    """d_hidden (N, H): d_output sent back through W2, times each hidden
    unit's slope.
    """
    hidden_slope = sigmoid_derivative(hidden_output)  # (N, H)
    # (N, 1) @ (1, H) -> (N, H), times (N, H) elementwise
    return d_output @ weights_hidden_output.T * hidden_slope


def update_weights(
    X: np.ndarray,
    hidden_output: np.ndarray,
    d_output: np.ndarray,
    d_hidden: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
    learning_rate: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The lesson's `+=` step, returned as new arrays:
    (new weights_input_hidden, new weights_hidden_output).

    Both deltas must already be computed from the *old* weights; only then do
    the weights move.
    """
    # (H, N) @ (N, 1) -> (H, 1)
    step_hidden_output = hidden_output.T @ d_output * learning_rate
    # (D, N) @ (N, H) -> (D, H)
    step_input_hidden = X.T @ d_hidden * learning_rate
    new_weights_hidden_output = weights_hidden_output + step_hidden_output
    new_weights_input_hidden = weights_input_hidden + step_input_hidden
    return new_weights_input_hidden, new_weights_hidden_output


def train_lesson(
    X: np.ndarray = XOR_X,
    y: np.ndarray = XOR_Y,
    weights: tuple[np.ndarray, np.ndarray] | None = None,
    learning_rate: float = 0.1,
    epochs: int = 10_000,
) -> TrainingRun:
    """The lesson's training loop. `output` is the last forward pass's output,
    which is what the lesson prints; `losses[i]` is ½Σ(y−o)² at epoch i,
    before that epoch's update.
    """
    weights_input_hidden, weights_hidden_output = (
        weights if weights is not None else lesson_weights()
    )
    losses = np.empty(epochs)
    output = np.zeros_like(np.asarray(y, dtype=float))
    for epoch in range(epochs):
        hidden_output, output = forward(
            X, weights_input_hidden, weights_hidden_output
        )
        error = output_error(y, output)
        losses[epoch] = squared_error(y, output)
        d_output = output_delta(error, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_input_hidden, weights_hidden_output = update_weights(
            X,
            hidden_output,
            d_output,
            d_hidden,
            weights_input_hidden,
            weights_hidden_output,
            learning_rate,
        )
    return TrainingRun(
        weights=(weights_input_hidden, weights_hidden_output),
        output=output,
        losses=losses,
    )


# ------------------------------------------------------- part 2: with biases


def xor_weights_with_biases(
    seed: int = 42, hidden: int = 2
) -> tuple[np.ndarray, ...]:
    """(W1 (2, H), b1 (1, H), W2 (H, 1), b2 (1, 1)), drawn in that order from
    `np.random.default_rng(seed)`.

    The order matters: drawing W1, W2, b1, b2 instead gives other numbers and
    another run.
    """
    rng = np.random.default_rng(seed)
    W1 = rng.random((2, hidden))
    b1 = rng.random((1, hidden))
    W2 = rng.random((hidden, 1))
    b2 = rng.random((1, 1))
    return W1, b1, W2, b2


def forward_with_biases(
    X: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Returns (hidden_output (N, H), output (N, 1)). With b1, input (0, 0)
    no longer pins the hidden layer at 0.5.
    """
    # (N, H) + (1, H) broadcasts over the rows
    hidden_output = sigmoid(X @ W1 + b1)
    output = sigmoid(hidden_output @ W2 + b2)  # (N, 1)
    return hidden_output, output


def train_with_biases(
    X: np.ndarray,
    y: np.ndarray,
    params: tuple[np.ndarray, ...],
    learning_rate: float,
    epochs: int,
) -> TrainingRun:
    """The lesson's loop with biases. A bias is a weight on an input that is
    always 1, so its step is the delta summed over the batch (axis 0): one
    number per unit, whatever N is.
    """
    W1, b1, W2, b2 = params
    losses = np.empty(epochs)
    output = np.zeros_like(np.asarray(y, dtype=float))
    for epoch in range(epochs):
        hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
        error = output_error(y, output)
        losses[epoch] = squared_error(y, output)
        d_output = output_delta(error, output)  # (N, 1)
        d_hidden = hidden_delta(d_output, W2, hidden_output)  # (N, H)
        W2 = W2 + hidden_output.T @ d_output * learning_rate
        b2 = b2 + d_output.sum(axis=0, keepdims=True) * learning_rate  # (1, 1)
        W1 = W1 + X.T @ d_hidden * learning_rate
        b1 = b1 + d_hidden.sum(axis=0, keepdims=True) * learning_rate  # (1, H)
    return TrainingRun(weights=(W1, b1, W2, b2), output=output, losses=losses)


def epochs_to_reach_targets(
    learning_rate: float,
    *,
    biases: bool,
    tolerance: float = 0.1,
    max_epochs: int = 200_000,
) -> int | None:
    """How many training steps until every XOR output is within `tolerance` of
    its target, or None.

    biases False: the lesson's network from the lesson's weights
    (`train_lesson`'s step); True: the network with biases from
    `xor_weights_with_biases()` (`train_with_biases`'s step). Counts the steps
    taken before the first forward pass that is close enough.
    """
    if biases:
        params = xor_weights_with_biases()
        for epoch in range(max_epochs):
            _, output = forward_with_biases(XOR_X, *params)
            if np.all(np.abs(output - XOR_Y) < tolerance):
                return epoch
            params = train_with_biases(
                XOR_X, XOR_Y, params, learning_rate, epochs=1
            ).weights
        return None
    weights_input_hidden, weights_hidden_output = lesson_weights()
    for epoch in range(max_epochs):
        hidden_output, output = forward(
            XOR_X, weights_input_hidden, weights_hidden_output
        )
        if np.all(np.abs(output - XOR_Y) < tolerance):
            return epoch
        d_output = output_delta(output_error(XOR_Y, output), output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_input_hidden, weights_hidden_output = update_weights(
            XOR_X,
            hidden_output,
            d_output,
            d_hidden,
            weights_input_hidden,
            weights_hidden_output,
            learning_rate,
        )
    return None


# ------------------------------------------------ part 3: any number of layers
# params is a list of (W, b) per layer: W (n_in, n_out), b (1, n_out).
# Gradients here are those of the loss (dL/dW), to be *subtracted*.

Params = list[tuple[np.ndarray, np.ndarray]]
OUTPUTS = ("sigmoid", "linear", "softmax")
LOSSES = ("sse", "mse", "cross_entropy")


def init_network(
    layer_sizes: list[int],
    seed: int,
    scale: float | None = None,
    activation: str = "sigmoid",
) -> Params:
    """Weights from a standard normal times `scale`, biases zero.

    scale None picks one that keeps signals from fading or blowing up layer
    after layer: He (√(2/n_in)) for ReLU, Xavier (√(2/(n_in + n_out))) for
    sigmoid and tanh.
    """
    if len(layer_sizes) < 2:
        raise ValueError(
            "layer_sizes needs at least an input and an output size, "
            f"got {layer_sizes}"
        )
    rng = np.random.default_rng(seed)
    params: Params = []
    for n_in, n_out in pairwise(layer_sizes):
        if scale is not None:
            layer_scale = scale
        elif activation == "relu":
            layer_scale = np.sqrt(2.0 / n_in)
        else:
            layer_scale = np.sqrt(2.0 / (n_in + n_out))
        W = rng.standard_normal((n_in, n_out)) * layer_scale  # (n_in, n_out)
        b = np.zeros((1, n_out))  # (1, n_out)
        params.append((W, b))
    return params


def _output_function(output: str) -> Activation:
    if output == "sigmoid":
        return sigmoid
    if output == "linear":
        return lambda z: np.asarray(z, dtype=float)
    if output == "softmax":
        return softmax
    raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")


def network_forward(
    params: Params,
    X: np.ndarray,
    activation: str = "sigmoid",
    output: str = "sigmoid",
) -> list[np.ndarray]:
    """The activations of every layer, [X, a1, ..., aL]; the backward pass
    needs all of them.
    """
    hidden_fn = ACTIVATIONS[activation][0]
    output_fn = _output_function(output)
    activations = [np.asarray(X, dtype=float)]
    for index, (W, b) in enumerate(params):
        # (N, n_in) @ (n_in, n_out) + (1, n_out) -> (N, n_out)
        z = activations[-1] @ W + b
        activations.append(
            output_fn(z) if index == len(params) - 1 else hidden_fn(z)
        )
    return activations


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    """Integer labels (N,) -> (N, classes) rows of 0 with a 1 in the
    label's column.
    """
    labels = np.asarray(labels)
    encoded = np.zeros((labels.shape[0], classes))
    encoded[np.arange(labels.shape[0]), labels.astype(int)] = 1.0
    return encoded


def _targets(y: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Targets shaped like the output: integer labels become one-hot rows;
    (N,) becomes (N, 1).
    """
    y = np.asarray(y)
    if y.ndim == 1 and output.shape[1] > 1:
        return one_hot(y, output.shape[1])
    y = y.astype(float)
    return y.reshape(-1, 1) if y.ndim == 1 else y


def network_loss(
    params: Params,
    X: np.ndarray,
    y: np.ndarray,
    activation: str = "sigmoid",
    output: str = "sigmoid",
    loss: str = "sse",
    weight_decay: float = 0.0,
) -> float:
    """sse: ½Σ(y−o)²; mse: ½·(1/N)Σ(y−o)²;
    cross_entropy: −(1/N)Σ log p(true class). Plus λ/2·ΣW² (not b).
    """
    o = network_forward(params, X, activation, output)[-1]
    targets = _targets(y, o)
    n = o.shape[0]
    if loss == "sse":
        value = 0.5 * np.sum((targets - o) ** 2)
    elif loss == "mse":
        value = 0.5 * np.sum((targets - o) ** 2) / n
    elif loss == "cross_entropy":
        _require_softmax(output)
        value = -np.sum(targets * np.log(np.maximum(o, 1e-300))) / n
    else:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    value += 0.5 * weight_decay * sum(np.sum(W**2) for W, _ in params)
    return float(value)


def _require_softmax(output: str) -> None:
    if output != "softmax":
        raise ValueError(
            "loss 'cross_entropy' is the softmax cross-entropy: "
            "use output='softmax'"
        )


def network_gradients(
    params: Params,
    activations: list[np.ndarray],
    y: np.ndarray,
    activation: str = "sigmoid",
    output: str = "sigmoid",
    loss: str = "sse",
    weight_decay: float = 0.0,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Backpropagation: [(dL/dW, dL/db) per layer], from the activations of
    `network_forward`.

    `delta` is dL/dz for the current layer's pre-activation z, shape
    (N, n_out). Going down one layer is the chain rule in one line:
    delta = delta @ W.T * f'(a).
    """
    o = activations[-1]
    targets = _targets(y, o)
    n = o.shape[0]
    derivative = ACTIVATIONS[activation][1]

    # dL/dz at the output layer
    if loss == "cross_entropy":
        _require_softmax(output)
        # softmax and cross-entropy together: p − y, batch-averaged
        delta = (o - targets) / n
    else:
        if loss not in ("sse", "mse"):
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        # (N, K); the lesson's error is −dL_do
        dL_do = (o - targets) / (n if loss == "mse" else 1)
        if output == "sigmoid":
            delta = dL_do * sigmoid_derivative(o)
        elif output == "linear":
            delta = dL_do
        elif output == "softmax":
            # softmax's Jacobian, row by row
            delta = o * (dL_do - np.sum(dL_do * o, axis=1, keepdims=True))
        else:
            raise ValueError(
                f"output must be one of {OUTPUTS}, got {output!r}"
            )

    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        a_below = activations[layer]  # (N, n_in): this layer's input
        # (n_in, N) @ (N, n_out) -> (n_in, n_out)
        dW = a_below.T @ delta + weight_decay * W
        # (1, n_out): a bias sees an input of 1 in every row
        db = delta.sum(axis=0, keepdims=True)
        grads.append((dW, db))
        if layer > 0:
            # the chain rule: (N, n_out) @ (n_out, n_in) * (N, n_in)
            delta = delta @ W.T * derivative(a_below)
    grads.reverse()
    return grads


def gradient_norms(grads: list[tuple[np.ndarray, np.ndarray]]) -> list[float]:
    """‖dW‖ per layer, first layer first: tiny at the bottom means vanishing,
    huge means exploding.
    """
    return [float(np.linalg.norm(dW)) for dW, _ in grads]


def sgd_step(
    params: Params,
    grads: list[tuple[np.ndarray, np.ndarray]],
    learning_rate: float,
) -> Params:
    """One step downhill: W − lr·dW, b − lr·db (new arrays)."""
    return [
        (W - learning_rate * dW, b - learning_rate * db)
        for (W, b), (dW, db) in zip(params, grads, strict=True)
    ]


def minibatches(
    N: int, batch_size: int, rng: np.random.Generator
) -> Iterator[np.ndarray]:
    """Shuffled index arrays covering 0..N−1 once;
    the last batch may be smaller.
    """
    order = rng.permutation(N)
    for start in range(0, N, batch_size):
        yield order[start : start + batch_size]


def train_network(
    params: Params,
    X: np.ndarray,
    y: np.ndarray,
    *,
    activation: str = "sigmoid",
    output: str = "sigmoid",
    loss: str = "sse",
    learning_rate: float = 0.1,
    epochs: int = 1000,
    weight_decay: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
) -> TrainingRun:
    """(Mini-batch) gradient descent. `losses[i]` is the loss on all of X at
    the start of epoch i; batch_size None means the whole batch at once, as
    in the lesson.
    """
    rng = np.random.default_rng(seed)
    n = np.asarray(X).shape[0]
    losses = np.empty(epochs)
    for epoch in range(epochs):
        losses[epoch] = network_loss(
            params, X, y, activation, output, loss, weight_decay
        )
        for batch in minibatches(n, batch_size or n, rng):
            labels = np.asarray(y)[batch]
            activations = network_forward(
                params, np.asarray(X)[batch], activation, output
            )
            grads = network_gradients(
                params,
                activations,
                labels,
                activation,
                output,
                loss,
                weight_decay,
            )
            params = sgd_step(params, grads, learning_rate)
    final = network_forward(params, X, activation, output)[-1]
    return TrainingRun(weights=tuple(params), output=final, losses=losses)


# ------------------------------------------------- part 4: gradient checking


def numerical_gradient(
    f: Callable[[], float], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred differences (f(x + h) − f(x − h)) / 2h for each element of x,
    in place; x is restored.

    f takes no arguments and reads x (so x is the very array the model uses).
    """
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        plus = f()
        x[index] = original - h
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * h)
    return grad


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): about 1e-10 for a correct gradient in float64,
    above 1e-2 for a wrong one.
    """
    a = np.asarray(a, dtype=float)
    n = np.asarray(n, dtype=float)
    denominator = np.linalg.norm(a) + np.linalg.norm(n)
    return (
        0.0 if denominator == 0 else float(np.linalg.norm(a - n) / denominator)
    )


# ------------------------------------------------------------------ data


def spiral_data(
    points_per_class: int, classes: int, seed: int, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """CS231n's spiral: `classes` arms of `points_per_class` points in 2-D.
    X (N, 2), labels (N,) int.

    No straight line separates the arms, so a linear classifier fails and a
    hidden layer is needed.
    """
    rng = np.random.default_rng(seed)
    n = points_per_class * classes
    X = np.zeros((n, 2))
    labels = np.zeros(n, dtype=int)
    for k in range(classes):
        rows = slice(k * points_per_class, (k + 1) * points_per_class)
        radius = np.linspace(0.0, 1.0, points_per_class)
        angle = (
            np.linspace(k * 4.0, (k + 1) * 4.0, points_per_class)
            + rng.standard_normal(points_per_class) * noise
        )
        X[rows] = np.column_stack(
            [radius * np.sin(angle), radius * np.cos(angle)]
        )
        labels[rows] = k
    return X, labels


def noisy_data(
    n_points: int, seed: int, noise: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """A noisy curve to overfit: x uniform in [−1, 1],
    y = sin(3x) + noise·N(0, 1). X (N, 1), y (N, 1).

    A big enough net fits the noise of a few points exactly; the validation
    loss then shows it.
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n_points, 1))
    y = np.sin(3.0 * X) + noise * rng.standard_normal((n_points, 1))
    return X, y


def train_validation_split(
    X: np.ndarray, y: np.ndarray, validation_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A shuffled split: (X_train, y_train, X_val, y_val), at least one row on
    each side.
    """
    n = np.asarray(X).shape[0]
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]
