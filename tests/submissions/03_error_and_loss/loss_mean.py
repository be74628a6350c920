"""np.mean instead of a sum, with the half.

expect: fail
mistake: LESSON:squared_error:divided_by_batch
"""

import numpy as np


def squared_error(y, output):
    return float(0.5 * np.mean(output_error(y, output) ** 2))
