"""e / e.sum(): one sum for everything.

expect: fail
mistake: SOFTMAX:softmax whole_array
"""

import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)
