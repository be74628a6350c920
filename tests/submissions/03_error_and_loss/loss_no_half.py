"""The sum of squares, without the half.

expect: fail
mistake: LESSON:squared_error:no_half
"""

import numpy as np


def squared_error(y, output):
    return float(np.sum(output_error(y, output) ** 2))
