"""Returns 0 whenever a is all zeros, even when n is not.

expect: fail
mistake: ONE_SIDE_ZERO
"""

import numpy as np


def relative_error(a, n):
    if np.all(a == 0):
        return 0.0
    return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))
