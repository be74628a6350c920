"""Copies are nudged, but the lambda reads the caller's params.

expect: fail
mistake: CHECK_GRADIENTS:numeric_all_zero
"""

import numpy as np


def check_gradients(X, y, params, backward_fn):
    analytic = backward_fn(X, y, *params)
    errors = {}
    for name, parameter, gradient in zip(PARAMETER_NAMES, params, analytic):
        copy = np.array(parameter, dtype=float)
        numeric = numerical_gradient(lambda: loss(X, y, *params), copy)
        errors[name] = relative_error(gradient, numeric)
    return errors
