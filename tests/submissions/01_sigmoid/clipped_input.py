"""Clip z to ±500 first: e^500 still fits in a float64, and the result is the same to double precision.

expect: pass
"""

import numpy as np


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1.0 / (1.0 + np.exp(-z))
