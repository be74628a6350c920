"""Checks the file's backward, whatever it is given.

expect: fail
mistake: CHECK_GRADIENTS:files_backward
"""

import numpy as np


def check_gradients(X, y, params, backward_fn):
    params = tuple(np.array(p, dtype=float) for p in params)
    analytic = backward(X, y, *params)
    errors = {}
    for name, parameter, gradient in zip(PARAMETER_NAMES, params, analytic):
        errors[name] = relative_error(gradient, numerical_gradient(lambda: loss(X, y, *params), parameter))
    return errors
