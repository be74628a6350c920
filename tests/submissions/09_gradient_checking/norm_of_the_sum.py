"""‖a + n‖ in the denominator.

expect: fail
mistake: RELATIVE_ERROR:norm_of_sum
"""

import numpy as np


def relative_error(a, n):
    denominator = np.linalg.norm(a + n)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - n) / denominator)
