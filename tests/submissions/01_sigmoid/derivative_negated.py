"""a * (a - 1): the factors the wrong way round.

expect: fail
mistake: LESSON:sigmoid_derivative:negated
"""


def sigmoid_derivative(a):
    return a * (a - 1)
