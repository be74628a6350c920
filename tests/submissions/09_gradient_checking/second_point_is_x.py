"""+= h, then -= h: the second call sees x, not x - h.

expect: fail
mistake: NUMERICAL_GRADIENT:half_forward
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        x[index] += h
        plus = f()
        x[index] -= h
        minus = f()
        grad[index] = (plus - minus) / (2 * h)
    return grad
