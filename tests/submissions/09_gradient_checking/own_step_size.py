"""A step of its own, 1e-3, whatever h is passed.

expect: fail
says: you used a step of 0.001, not the h passed in (0.01): use the argument h.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    step = 1e-3
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + step
        plus = f()
        x[index] = original - step
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * step)
    return grad
