"""The most common loss there is: np.mean of the squares.

expect: fail
mistake: LESSON:squared_error:mean_no_half
"""

import numpy as np


def squared_error(y, output):
    return float(np.mean((output_error(y, output)) ** 2))
