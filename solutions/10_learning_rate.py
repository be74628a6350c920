"""Exercise 10: the learning rate: too small, good, too large.

Gradient descent walks downhill in steps of `learning_rate * gradient`. The
lesson's memory hook: too big and you jump over the valley, too small and you
crawl. This exercise measures it on the simplest network there is, a single
linear unit, where the valley is an exact bowl:

    prediction = X @ w                           (N, 1) = (N, D) @ (D, 1)
    L(w)       = ½ · mean over the batch of (prediction − y)²
    dL/dw      = X.T @ (prediction − y) / N      (D, 1)

(The last column of X is all ones, so the last weight is the bias.) Here the
loss is a *mean*, so the gradient is divided by N: the step then does not grow
with the size of the data set.

How steep the bowl is decides which rates work. Along its steepest direction
the curvature is λ_max, the largest eigenvalue of X.T @ X / N, and each step
multiplies the distance to the bottom (in that direction) by (1 − rate·λ_max):

    rate < 1/λ_max
        every step lands short of the bottom:
        smooth, slower as the rate shrinks
    1/λ_max < rate < 2/λ_max
        each step overshoots to the other side:
        the weights zigzag, but still converge
    rate > 2/λ_max
        each overshoot is bigger than the last:
        the loss grows without bound

Your tasks (each marked TODO):
  1. loss_and_gradient: L and dL/dw as above.
  2. gradient_descent: start from w = 0 and take `epochs` steps; keep the
     whole history.
  3. epochs_to_converge: how many steps until the loss first reaches a target.
  4. zigzags: how many times a step points back against the step before it.
  5. diagnose: put a name on a run: "diverges", "oscillates", "too small" or
     "good".

Run it:    python exercises/10_learning_rate.py
Grade it:  study check 10
"""

from __future__ import annotations

import numpy as np


def make_data(
    n_points: int = 40, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """X (N, 3): two features of different spread and a column of ones;
    y (N, 1) a noisy line.
    """
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n_points, 2)) * np.array([1.5, 0.4])
    X = np.column_stack([features, np.ones(n_points)])
    y = X @ np.array([[2.0], [-3.0], [0.5]]) + 0.1 * rng.standard_normal(
        (n_points, 1)
    )
    return X, y


def largest_stable_rate(X: np.ndarray) -> float:
    """2 / λ_max: above this rate gradient descent on ½·mean((Xw − y)²)
    diverges.
    """
    return float(2.0 / np.linalg.eigvalsh(X.T @ X / X.shape[0]).max())


def best_loss(X: np.ndarray, y: np.ndarray) -> float:
    """The bottom of the bowl, found directly by least squares (for
    comparison only).
    """
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return float(0.5 * np.mean((X @ w - y) ** 2))


def loss_and_gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray
) -> tuple[float, np.ndarray]:
    """(L, dL/dw (D, 1)) for L = ½ · mean((X @ w − y)²)."""
    residual = X @ w - y  # (N, 1)
    loss = 0.5 * float(np.mean(residual**2))
    gradient = X.T @ residual / X.shape[0]  # (D, N) @ (N, 1) -> (D, 1)
    return loss, gradient


def gradient_descent(
    X: np.ndarray, y: np.ndarray, learning_rate: float, epochs: int
) -> tuple[np.ndarray, np.ndarray]:
    """Start at w = 0 (D, 1), take `epochs` steps w ← w − rate · dL/dw.

    Returns (losses (epochs + 1,), weights (epochs + 1, D)): row t is the loss
    and the weights after t steps, so row 0 is the start.
    """
    w = np.zeros((X.shape[1], 1))
    losses = np.empty(epochs + 1)
    weights = np.empty((epochs + 1, X.shape[1]))
    for epoch in range(epochs + 1):
        loss, gradient = loss_and_gradient(X, y, w)
        losses[epoch] = loss
        weights[epoch] = w[:, 0]
        w = w - learning_rate * gradient
    return losses, weights


def epochs_to_converge(losses: np.ndarray, target: float) -> int | None:
    """The first t with losses[t] <= target (0 if the start is already
    there), or None if it never gets there.
    """
    reached = np.flatnonzero(np.isfinite(losses) & (losses <= target))
    return int(reached[0]) if reached.size else None


def zigzags(weights: np.ndarray) -> int:
    """How many steps point back against the step before them.

    Step t is weights[t + 1] − weights[t]. Count the t ≥ 1 where step t and
    step t − 1 have a negative dot product (strictly below 0).
    """
    steps = np.diff(weights, axis=0)  # (epochs, D)
    return int(np.sum(np.sum(steps[1:] * steps[:-1], axis=1) < 0))


def diagnose(losses: np.ndarray, weights: np.ndarray, target: float) -> str:
    """Name the run, checking in this order:

    "diverges"    the last loss is not finite, or is larger than the first
    "oscillates"  at least a quarter of the steps zigzag
                  (zigzags(weights) >= steps / 4)
    "too small"   the loss never reaches the target
    "good"        otherwise
    """
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    if zigzags(weights) >= (len(weights) - 1) / 4:
        return "oscillates"
    if epochs_to_converge(losses, target) is None:
        return "too small"
    return "good"


def main() -> None:
    X, y = make_data()
    limit = largest_stable_rate(X)
    target = 1.01 * best_loss(X, y)
    epochs = 200
    print(
        f"Steepest curvature λ_max = {2 / limit:.3f}: "
        f"rates above 2/λ_max = {limit:.3f} diverge."
    )
    print(
        f"Target: a loss within 1% of the best possible ({target:.5f}), "
        f"within {epochs} epochs.\n"
    )
    print(
        f"{'rate':>8}  {'× 2/λ_max':>9}  {'epochs to target':>16}  "
        f"{'zigzags':>7}  {'final loss':>11}  diagnosis"
    )
    try:
        for fraction in (0.01, 0.4, 0.97, 1.05):
            rate = fraction * limit
            with np.errstate(over="ignore", invalid="ignore"):
                losses, weights = gradient_descent(X, y, rate, epochs)
            reached = epochs_to_converge(losses, target)
            print(
                f"{rate:8.4f}  {fraction:9.2f}  "
                f"{reached if reached is not None else 'never':>16}  "
                f"{zigzags(weights):7d}  {losses[-1]:11.4g}  "
                f"{diagnose(losses, weights, target)}"
            )
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
