"""The textbook formula: right for small z, overflows at z = -1000.

expect: fail
says: compute e = np.exp(-np.abs(z)), which never overflows
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
