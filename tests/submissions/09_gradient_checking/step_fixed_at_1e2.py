"""h = 1e-2 hard-coded: right at one step passed in, wrong at the other.

expect: fail
says: you used a step of 0.01, not the h passed in (0.001)
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    h = 1e-2
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        plus = f()
        x[index] = original - h
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * h)
    return grad
