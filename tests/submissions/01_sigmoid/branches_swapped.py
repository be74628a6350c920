"""The stable form with its two branches the wrong way round.

expect: fail
mistake: LESSON:sigmoid:flipped_sign
"""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
