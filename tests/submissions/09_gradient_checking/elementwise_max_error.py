"""CS231n's rel_error: the largest element-wise relative error.

expect: fail
mistake: RELATIVE_ERROR:elementwise_max
"""

import numpy as np


def relative_error(a, n):
    return float(np.max(np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))))
