"""Two masks instead of np.where, each branch computed only where it is safe.

expect: pass
"""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def sigmoid_derivative(a):
    a = np.array(a, dtype=float)
    return a * (1.0 - a)
