"""(f(x + h) - f(x)) / h.

expect: fail
mistake: NUMERICAL_GRADIENT:forward_difference
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    base = f()
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        grad[index] = (f() - base) / h
        x[index] = original
    return grad
