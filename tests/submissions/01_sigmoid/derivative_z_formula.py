"""e^(-x) / (1 + e^(-x))², the slope at z, fed the activation.

expect: fail
mistake: LESSON:sigmoid_derivative:sigmoid_twice
"""

import numpy as np


def sigmoid_derivative(a):
    return np.exp(-a) / (1 + np.exp(-a)) ** 2
