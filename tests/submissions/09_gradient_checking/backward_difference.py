"""(f(x) - f(x - h)) / h.

expect: fail
mistake: NUMERICAL_GRADIENT:backward_difference
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        here = f()
        x[index] = original - h
        grad[index] = (here - f()) / h
        x[index] = original
    return grad
