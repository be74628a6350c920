"""(f(x - h) - f(x + h)) / 2h.

expect: fail
mistake: NUMERICAL_GRADIENT:flipped_sign
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original - h
        first = f()
        x[index] = original + h
        second = f()
        x[index] = original
        grad[index] = (first - second) / (2 * h)
    return grad
