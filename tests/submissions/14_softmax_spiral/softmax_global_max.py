"""One maximum for the whole array: a row far below it becomes 0 / 0.

expect: fail
mistake: SOFTMAX:softmax global_max
"""

import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=1, keepdims=True)
