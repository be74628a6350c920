"""The last nudge is left in x.

expect: fail
mistake: NUMERICAL_GRADIENT:not_restored
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        plus = f()
        x[index] = original - h
        minus = f()
        grad[index] = (plus - minus) / (2 * h)
    return grad
