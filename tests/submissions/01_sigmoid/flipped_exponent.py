"""The exponent's sign flipped.

expect: fail
mistake: LESSON:sigmoid:flipped_sign
"""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(z))
