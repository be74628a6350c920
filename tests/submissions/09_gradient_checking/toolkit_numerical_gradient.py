"""The toolkit's finite differences handed back as the answer.

expect: fail
says: numerical_gradient() gets its answer from the course's reference code (backprop_study.toolkit.numerical_gradient
"""

from backprop_study import toolkit


def numerical_gradient(f, x, h=1e-5):
    return toolkit.numerical_gradient(f, x, h)
