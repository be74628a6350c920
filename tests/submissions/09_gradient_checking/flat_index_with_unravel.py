"""A flat counter turned into an index with np.unravel_index.

expect: pass
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for flat in range(x.size):
        index = np.unravel_index(flat, x.shape)
        saved = float(x[index])
        x[index] = saved + h
        plus = f()
        x[index] = saved - h
        minus = f()
        x[index] = saved
        grad[index] = (plus - minus) / (2 * h)
    return grad
