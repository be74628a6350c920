"""tanh is a squashing function too, but not this one.

expect: fail
mistake: LESSON:sigmoid:tanh
"""

import numpy as np


def sigmoid(z):
    return np.tanh(z)
