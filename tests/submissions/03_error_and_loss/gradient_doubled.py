"""The 2 from the square kept.

expect: fail
mistake: LESSON:loss_gradient:no_half
"""

import numpy as np


def loss_gradient(y, output):
    return 2 * (output - np.asarray(y, dtype=float).reshape(-1, 1))
