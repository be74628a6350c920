"""The loss written from y directly: a flat y broadcasts.

expect: fail
mistake: LESSON:squared_error:target_broadcast
"""

import numpy as np


def squared_error(y, output):
    return 0.5 * np.sum((y - output) ** 2)
