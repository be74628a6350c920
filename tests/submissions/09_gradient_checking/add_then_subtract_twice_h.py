"""+= h, -= 2h, += h (x may keep a rounding error: still put back), with nditer.

expect: pass
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        x[i] += h
        plus = f()
        x[i] -= 2 * h
        minus = f()
        x[i] += h
        grad[i] = (plus - minus) / (2 * h)
        it.iternext()
    return grad
