"""sigmoid(z) = exp(-log(1 + e^(-z))), with np.logaddexp doing the stable part.

expect: pass
"""

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
