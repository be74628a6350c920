"""Nudges a copy of x, which f never reads.

expect: fail
mistake: NUMERICAL_GRADIENT:no_change_seen
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        nudged = x.copy()
        nudged[index] += h
        plus = f()
        nudged[index] -= 2 * h
        minus = f()
        grad[index] = (plus - minus) / (2 * h)
    return grad
