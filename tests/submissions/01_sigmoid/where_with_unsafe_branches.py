"""np.where with the two textbook branches: np.where computes both, so one of them overflows.

expect: fail
says: np.where computes both branches, so both must be safe
"""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
