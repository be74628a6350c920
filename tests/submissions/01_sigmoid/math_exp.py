"""math.exp on an array.

expect: fail
says: math.exp (and Python's float functions) take one number at a time
"""

import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z))
