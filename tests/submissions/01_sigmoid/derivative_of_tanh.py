"""1 - a², remembered from tanh.

expect: fail
mistake: LESSON:sigmoid_derivative:tanh_slope
"""


def sigmoid_derivative(a):
    return 1 - a**2
