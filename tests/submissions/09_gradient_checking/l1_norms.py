"""Sums of absolute values.

expect: fail
mistake: RELATIVE_ERROR:absolute_values
"""

import numpy as np


def relative_error(a, n):
    top = np.sum(np.abs(a - n))
    bottom = np.sum(np.abs(a)) + np.sum(np.abs(n))
    return 0.0 if bottom == 0 else float(top / bottom)
