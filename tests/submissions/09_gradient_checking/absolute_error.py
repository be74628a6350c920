"""‖a - n‖ alone.

expect: fail
mistake: RELATIVE_ERROR:not_relative
"""

import numpy as np


def relative_error(a, n):
    return float(np.linalg.norm(a - n))
