"""1 - e^(-z) in the denominator.

expect: fail
mistake: LESSON:sigmoid:minus_in_denominator
"""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1.0 / (1.0 - np.exp(-z))
