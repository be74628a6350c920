"""Exercise 11: vanishing and exploding gradients.

Going down one layer, backpropagation multiplies the delta by that layer's
weights and by the activation's slope (the chain rule):

    delta_below = delta @ W.T * f'(a_below)

Do that through many layers and the factors compound. The sigmoid's slope
a·(1 − a) is at most 0.25, so in a deep sigmoid net each layer shrinks the
delta and the first layers barely learn: the gradient *vanishes* ("like
whispers fading in a long telephone game"). With weights that are too large
each layer magnifies it instead, and the gradient *explodes*.

Measured in this file's run (a 9-layer net, 30 units wide, on 32 examples),
‖dW‖ of the first layer against the last: sigmoid with Xavier's scale
10^−5.6 against 10^−0.4, five orders of magnitude; ReLU with weights of
scale 1 about 10^9 at every layer; ReLU with He's scale between 10^−0.5
and 10^0.4.

You will measure it: the size of each layer's weight gradient,

    ‖dW‖ = sqrt(sum of dW²)          (the Frobenius norm; np.linalg.norm(dW))

then apply two remedies.

Remedy 1, the starting scale. Draw W from a standard normal times a scale that
keeps the signal's size steady from layer to layer:

    ReLU (He):                  scale = sqrt(2 / n_in)
    sigmoid, tanh (Xavier):     scale = sqrt(2 / (n_in + n_out))

The scale is only half of the story. He's scale with ReLU (slope 1 where a
unit is on) keeps the gradient steady: that pair is the cure in this run.
Xavier's scale with the sigmoid keeps the forward signal's size, but no scale
undoes a slope of at most 0.25 per layer: the sigmoid's gradient still
vanishes, as the run shows.

Remedy 2, clipping by the global norm. Before a step, measure all the
gradients together (every dW and every db):

    total = sqrt(Σ over every array g of sum(g²))
    if total > max_norm:  multiply every array by max_norm / total

Every array shrinks by the same factor, so the step keeps its direction and
only its length is capped. (Clipping each element to [−max_norm, max_norm] is
a different thing: it bends the direction.)

The network's forward and backward passes are given: they call
backprop_study.toolkit's deep_forward and deep_gradients, which the course
hands you here (exercise 12 asks you to write that loop yourself). The output
layer is linear (nothing squashes it) and the loss is ½ · mean Σ (y − output)².

Your tasks (each marked TODO):
  1. gradient_norms: ‖dW‖ for every layer, first layer first.
  2. init_scale: the starting scale for a layer, by its activation.
  3. clip_by_global_norm: the clipped gradients and the total norm before
     clipping.

Run it:    python exercises/11_vanishing_gradients.py
Grade it:  study check 11
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

# Exercise 12's answer, given here as a tool so that this exercise can
# measure gradients without it.
from backprop_study.toolkit import deep_forward, deep_gradients

# [(dW (n_in, n_out), db (1, n_out)) per layer]
Grads = list[tuple[np.ndarray, np.ndarray]]


def init_network(
    layer_sizes: list[int],
    seed: int,
    scale: float | str,
    activation: str = "sigmoid",
) -> Grads:
    """[(W (n_in, n_out), b (1, n_out))]: W from a standard normal times
    `scale`, b zero.

    scale "auto" asks init_scale for each layer's scale (your TODO 2).
    """
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in pairwise(layer_sizes):
        layer_scale = (
            init_scale(n_in, n_out, activation)
            if scale == "auto"
            else float(scale)
        )
        params.append(
            (
                rng.standard_normal((n_in, n_out)) * layer_scale,
                np.zeros((1, n_out)),
            )
        )
    return params


def forward(params: Grads, X: np.ndarray, activation: str) -> list[np.ndarray]:
    """[X, a1, ..., aL]: hidden layers use `activation`; the output layer is
    linear (nothing squashes it).
    """
    return deep_forward(params, X, activation)


def backward(
    params: Grads,
    activations: list[np.ndarray],
    y: np.ndarray,
    activation: str,
) -> Grads:
    """[(dW, db)] of L = ½ · mean Σ (y − output)², first layer first."""
    return deep_gradients(params, activations, y, activation)


def gradient_norms(grads: Grads) -> list[float]:
    """‖dW‖ for each layer, first layer first (the biases' gradients are
    left out).
    """
    return [float(np.linalg.norm(dW)) for dW, _ in grads]


def init_scale(n_in: int, n_out: int, activation: str) -> float:
    """He's scale for "relu", Xavier's for "sigmoid" and "tanh" (see the
    module docstring).
    """
    if activation == "relu":
        return float(np.sqrt(2.0 / n_in))
    return float(np.sqrt(2.0 / (n_in + n_out)))


def clip_by_global_norm(grads: Grads, max_norm: float) -> tuple[Grads, float]:
    """(clipped grads, total norm before clipping). New arrays; the input is
    left alone.

    Gradients whose total norm is already at most max_norm come back unchanged.
    """
    total = float(
        np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    )
    factor = max_norm / total if total > max_norm else 1.0
    return [(dW * factor, db * factor) for dW, db in grads], total


def main() -> None:
    rng = np.random.default_rng(11)
    X = rng.standard_normal((32, 10))
    y = (rng.random((32, 1)) > 0.5).astype(float)
    sizes = [10] + [30] * 8 + [1]  # 9 layers of weights
    try:
        print("‖dW‖ per layer, first layer first (log10):")
        for label, activation, scale in (
            # The scale cannot undo σ′ ≤ 0.25
            ("sigmoid, Xavier   (vanishes)", "sigmoid", "auto"),
            ("relu, scale 1     (explodes)", "relu", 1.0),
            ("relu, He          (steady)", "relu", "auto"),
        ):
            params = init_network(
                sizes, seed=0, scale=scale, activation=activation
            )
            norms = gradient_norms(
                backward(params, forward(params, X, activation), y, activation)
            )
            print(
                f"  {label:30} "
                + " ".join(f"{np.log10(n):5.1f}" for n in norms)
            )
        params = init_network(sizes, seed=0, scale=1.0, activation="relu")
        grads = backward(params, forward(params, X, "relu"), y, "relu")
        clipped, total = clip_by_global_norm(grads, max_norm=1.0)
        after = np.sqrt(
            sum(np.sum(dW**2) + np.sum(db**2) for dW, db in clipped)
        )
        print(
            "\nClipping the exploding gradients to norm 1: "
            f"total {total:.3g} -> {after:.3g}"
        )
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
