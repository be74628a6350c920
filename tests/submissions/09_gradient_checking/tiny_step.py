"""h = 1e-12, "smaller is more exact".

expect: fail
says: closer to the exact slopes than centred differences with the h passed in (0.01) can be
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    h = 1e-9
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
