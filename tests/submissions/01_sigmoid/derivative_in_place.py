"""Right formula, but it overwrites the caller's activations.

expect: fail
says: sigmoid_derivative() changed its input `a` in place
"""


def sigmoid_derivative(a):
    a *= 1 - a
    return a
