"""The derivative written for z, called with a.

expect: fail
mistake: LESSON:sigmoid_derivative:sigmoid_twice
"""


def sigmoid_derivative(a):
    s = sigmoid(a)
    return s * (1 - s)
