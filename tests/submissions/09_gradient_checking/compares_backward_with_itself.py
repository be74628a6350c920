"""A "check" that never differences the loss.

expect: fail
mistake: CHECK_GRADIENTS:compared_with_itself
"""


def check_gradients(X, y, params, backward_fn):
    analytic = backward_fn(X, y, *params)
    again = backward_fn(X, y, *params)
    return {name: relative_error(a, b) for name, a, b in zip(PARAMETER_NAMES, analytic, again)}
