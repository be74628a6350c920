"""x.reshape(-1) is a view: nudging it nudges x; relative_error with sums of squares and an epsilon.

expect: pass
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    flat = x.reshape(-1)
    grad = np.empty(flat.size)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        up = f()
        flat[i] = keep - h
        down = f()
        flat[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def relative_error(a, n):
    top = np.sqrt(np.sum((a - n) ** 2))
    bottom = np.sqrt(np.sum(a**2)) + np.sqrt(np.sum(n**2))
    return float(top / max(bottom, 1e-300)) if bottom > 0 else 0.0
