"""Exercise 13: overfitting, weight decay and early stopping.

A network with many weights and a few noisy points can learn the noise: the
loss on the points it trains on keeps falling while its answers for new
points get worse. That is overfitting, and you can only see it on data the
network never trains on. So:

1. Split the data. Shuffle the rows (X and y together), keep a validation set
   aside, train on the rest:

       n_val = round(N * validation_fraction), at least 1 and at most N − 1

2. Weight decay (L2). Add a penalty for large weights to the loss, so the
   network prefers smooth answers. For the weights W of every layer (not the
   biases: a bias only shifts a unit, it does not make the curve wiggle):

       L_total = L + λ/2 · Σ_layers Σ W²
       dL_total/dW = dL/dW + λ·W          dL_total/db = dL/db   (unchanged)

   The ½ is there so that the gradient is exactly λ·W. The step
   W − rate·(dL/dW + λW) shrinks every weight a little towards 0 ("decay").

3. Early stopping. Watch the validation loss after every epoch; keep the
   weights from the epoch where it was lowest; stop once it has failed to
   beat that lowest value `patience` epochs in a row.

The model: 1 input, 50 tanh hidden units, a linear output; the loss is
½ · mean Σ (y − output)². Its forward and backward passes are given.

Your tasks (each marked TODO):
  1. split: a shuffled train/validation split.
  2. weight_decay_penalty and add_weight_decay.
  3. train_with_early_stopping.

Run it:    python exercises/13_overfitting.py
Grade it:  study check 13
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# [(W (n_in, n_out), b (1, n_out)) per layer]
Params = list[tuple[np.ndarray, np.ndarray]]


def noisy_data(
    n_points: int, seed: int, noise: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """x uniform in [−1, 1], y = sin(3x) + noise: X (N, 1), y (N, 1)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n_points, 1))
    return X, np.sin(3.0 * X) + noise * rng.standard_normal((n_points, 1))


def init_params(hidden: int, seed: int) -> Params:
    """Steep tanh units spread over [−1, 1] and small output weights: plenty
    of room to fit noise.
    """
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((1, hidden)) * 4.0
    b1 = rng.uniform(-4.0, 4.0, size=(1, hidden))
    W2 = rng.standard_normal((hidden, 1)) * 0.1
    return [(W1, b1), (W2, np.zeros((1, 1)))]


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    (W1, b1), (W2, b2) = params
    return np.tanh(X @ W1 + b1) @ W2 + b2


def mse(params: Params, X: np.ndarray, y: np.ndarray) -> float:
    """½ · mean Σ (y − output)², without any penalty."""
    return float(0.5 * np.mean((predict(params, X) - y) ** 2))


def gradients(params: Params, X: np.ndarray, y: np.ndarray) -> Params:
    """[(dW1, db1), (dW2, db2)] of the mse above (no penalty)."""
    (W1, b1), (W2, b2) = params
    hidden = np.tanh(X @ W1 + b1)  # (N, H)
    delta_out = (hidden @ W2 + b2 - y) / len(y)  # (N, 1)
    delta_hidden = delta_out @ W2.T * (1.0 - hidden**2)  # (N, H)
    return [
        (X.T @ delta_hidden, delta_hidden.sum(axis=0, keepdims=True)),
        (hidden.T @ delta_out, delta_out.sum(axis=0, keepdims=True)),
    ]


def split(
    X: np.ndarray, y: np.ndarray, validation_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train, y_train, X_val, y_val): every row in exactly one of the two
    sets, X and y rows kept together.
    """
    n = len(X)
    n_val = min(max(1, round(n * validation_fraction)), n - 1)
    # One order for X and y alike
    order = np.random.default_rng(seed).permutation(n)
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]


def weight_decay_penalty(params: Params, weight_decay: float) -> float:
    """λ/2 · Σ over the layers of Σ W² (the biases are not penalised)."""
    return float(0.5 * weight_decay * sum(np.sum(W**2) for W, _ in params))


def add_weight_decay(
    grads: Params, params: Params, weight_decay: float
) -> Params:
    """The gradients of loss + penalty: [(dW + λW, db)] per layer, as new
    arrays.
    """
    return [
        (dW + weight_decay * W, db)
        for (dW, db), (W, _) in zip(grads, params, strict=True)
    ]


def train_with_early_stopping(
    params: Params,
    train_step: Callable[[Params], Params],
    validation_loss: Callable[[Params], float],
    max_epochs: int,
    patience: int,
) -> tuple[Params, int, list[float]]:
    """(best_params, best_epoch, val_losses).

    val_losses[0] is validation_loss(params) before any training; each epoch
    is one call of train_step on the current params, after which the new
    params' validation loss is appended.
    best_epoch is the index in val_losses of the lowest value (the first one,
    if it repeats), and best_params are the params that gave it. Stop after
    `patience` epochs in a row without a new lowest value, or after
    max_epochs epochs, whichever comes first.
    """
    val_losses = [validation_loss(params)]
    best_params, best_epoch = params, 0
    for epoch in range(1, max_epochs + 1):
        params = train_step(params)
        val_losses.append(validation_loss(params))
        if val_losses[-1] < val_losses[best_epoch]:
            best_params, best_epoch = params, epoch
        elif epoch - best_epoch >= patience:
            break
    return best_params, best_epoch, val_losses


def main() -> None:
    X, y = noisy_data(20, seed=1)
    learning_rate, epochs = 0.05, 4000
    try:
        X_train, y_train, X_val, y_val = split(X, y, 0.5, seed=0)
        print(
            f"{len(X_train)} training points, "
            f"{len(X_val)} validation points, 50 hidden units.\n"
        )
        for weight_decay in (0.0, 0.003):

            def step(
                params: Params, weight_decay: float = weight_decay
            ) -> Params:
                grads = add_weight_decay(
                    gradients(params, X_train, y_train), params, weight_decay
                )
                return [
                    (W - learning_rate * dW, b - learning_rate * db)
                    for (W, b), (dW, db) in zip(params, grads, strict=True)
                ]

            def validation(params: Params) -> float:
                return mse(params, X_val, y_val)

            params, val_losses = init_params(50, seed=0), []
            for _ in range(epochs):  # plain training, all the way
                params = step(params)
                val_losses.append(validation(params))
            print(f"weight decay λ = {weight_decay}:")
            print(
                f"  after {epochs} epochs: "
                f"train {mse(params, X_train, y_train):.4f}, "
                f"validation {val_losses[-1]:.4f}, "
                f"penalty {weight_decay_penalty(params, weight_decay):.4f}"
            )
            print(
                f"  lowest validation loss on the way: {min(val_losses):.4f}"
            )
            best, best_epoch, _ = train_with_early_stopping(
                init_params(50, seed=0), step, validation, epochs, 300
            )
            print(
                f"  early stopping (patience 300) keeps epoch {best_epoch}: "
                f"validation {validation(best):.4f}\n"
            )
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
