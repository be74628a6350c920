"""Normalised down the columns.

expect: fail
mistake: SOFTMAX:softmax axis0
"""

import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
