"""output - y.

expect: fail
mistake: LESSON:error:flipped_sign
"""

import numpy as np


def output_error(y, output):
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    return output - y
