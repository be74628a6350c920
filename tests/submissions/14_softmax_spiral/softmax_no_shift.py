"""No max subtracted: exp(1000) overflows.

expect: fail
mistake: SOFTMAX:softmax overflow
"""

import numpy as np


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
