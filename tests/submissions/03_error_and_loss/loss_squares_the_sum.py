"""Operator precedence: the sum squared.

expect: fail
mistake: LESSON:squared_error:squared_the_sum
"""

import numpy as np


def squared_error(y, output):
    return 0.5 * np.sum(output_error(y, output)) ** 2
