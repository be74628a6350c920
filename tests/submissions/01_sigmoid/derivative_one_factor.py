"""Only 1 - a.

expect: fail
mistake: LESSON:sigmoid_derivative:missing_factor
"""


def sigmoid_derivative(a):
    return 1 - a
