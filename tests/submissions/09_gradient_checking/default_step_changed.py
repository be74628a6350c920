"""The default changed to h=1e-3 in the signature: the steps passed in are used, the default is wrong.

expect: fail
says: numerical_gradient called without h: you used a step of 0.001, not the signature's default, h = 1e-5
"""

import numpy as np


def numerical_gradient(f, x, h=1e-3):
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        plus = f()
        x[index] = original - h
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * h)
    return grad
