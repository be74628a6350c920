"""No special case: 0 / 0.

expect: fail
mistake: ZERO_GRADIENTS
"""

import numpy as np


def relative_error(a, n):
    return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))
