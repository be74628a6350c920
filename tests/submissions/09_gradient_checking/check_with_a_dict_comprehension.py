"""check_gradients with copies made in a comprehension and the lesson's names.

expect: pass
"""

import numpy as np


def check_gradients(X, y, params, backward_fn):
    mine = [np.array(p, dtype=float) for p in params]
    grads = backward_fn(X, y, *mine)

    def current_loss():
        return loss(X, y, *mine)

    return {
        name: relative_error(np.asarray(g, dtype=float), numerical_gradient(current_loss, p))
        for name, p, g in zip(PARAMETER_NAMES, mine, grads)
    }
