"""Relative to the analytic gradient alone.

expect: fail
mistake: RELATIVE_ERROR:divided_by_a
"""

import numpy as np


def relative_error(a, n):
    if not np.any(a) and not np.any(n):
        return 0.0
    return float(np.linalg.norm(a - n) / np.linalg.norm(a))
