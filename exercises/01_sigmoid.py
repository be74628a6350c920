"""Exercise 01: the sigmoid and its derivative.

Every unit of the lesson's network squashes its input z with the sigmoid:

    sigmoid(z) = 1 / (1 + e^(−z))        z: any shape;
        the result has the same shape, values in (0, 1)

Backpropagation needs its slope. Written with the activation a = sigmoid(z)
itself, the slope is

    sigmoid'(z) = a * (1 − a)

so, as in the lesson, `sigmoid_derivative` takes the *activation* a, not z:
the forward pass has already computed a, and the backward pass reuses it.
Its largest value is 0.25, at z = 0 (a = 0.5).

One more thing: e^(−z) for z = −1000 is e^1000, far beyond what a float64
holds (about 1.8e308), so the plain formula overflows with a warning. Your
sigmoid must give the right answer for z as large as ±1000 with no overflow.

Your tasks (each marked TODO):
  1. sigmoid(z)
  2. sigmoid_derivative(a)

Run it:    python exercises/01_sigmoid.py
Grade it:  study check 1
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^(−z)), elementwise, with no overflow for large |z|.

    Same shape as z.
    """
    z = np.asarray(z, dtype=float)
    # TODO: return the sigmoid of z; never compute e^x for a large positive x
    raise NotImplementedError("sigmoid() is not written yet")


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """The sigmoid's slope, written with the activation a = sigmoid(z).

    Same shape as a.
    """
    a = np.asarray(a, dtype=float)
    # TODO: return the slope a * (1 − a); a is already sigmoid(z)
    raise NotImplementedError("sigmoid_derivative() is not written yet")


def main() -> None:
    try:
        print("      z     sigmoid(z)   sigmoid_derivative(sigmoid(z))")
        for z in (-1000.0, -5.0, -1.0, 0.0, 1.0, 5.0, 1000.0):
            a = sigmoid(np.array(z))
            print(
                f"{z:7.0f}   {float(a):10.6f}   "
                f"{float(sigmoid_derivative(a)):10.6f}"
            )
        print(
            "\nThe slope is largest (0.25) at z = 0 and nearly 0 far from it: "
            "a saturated unit barely learns."
        )
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
