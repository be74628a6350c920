"""h = 1e-12: rounding swamps the differences.

expect: fail
says: the rounding error of a step near
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    step = 1e-12
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
